// `npm run bench`, sections 1 and 2 (scripts/bench/run.ts): the permission matrix's decide() and
// effectiveWorkspaceRoles(), on generated inputs.
import {
  ACTIONS,
  USER_TARGET_ACTIONS,
  WORKSPACE_ROLES,
  WorkspaceTree,
  basePermissions,
  decide,
  effectiveWorkspaceRoles,
  type Action,
  type Actor,
  type OrgRole,
  type Target,
  type WorkspaceGrant,
  type WorkspaceNode,
} from "@/lib/permissions";
import { bench, lastRow, section } from "./measure";

// Deterministic inputs: the same data on every run of the benchmark.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// ---------------------------------------------------------------------------------------------
// 1. decide()

const DECIDE_CALLS = 100_000;

function decideInputs(): { actor: Actor; action: Action; target: Target }[] {
  const org = "org_1";
  const workspaceIds = Array.from({ length: 60 }, (_, i) => `ws_${i}`);
  const managed = new Set(workspaceIds.slice(0, 20));
  const actor = (userId: string, orgRole: OrgRole, managed: ReadonlySet<string>): Actor => ({
    userId,
    membershipId: `m_${userId}`,
    organizationId: org,
    orgRole,
    status: userId === "u_off" ? "disabled" : "active",
    managedWorkspaceIds: managed,
    holdings: new Map(
      [...managed].map((id) => [id, { rank: 3, permissions: basePermissions("manager") }]),
    ),
  });
  const none = new Set<string>();
  const actors = [
    actor("u_owner", "owner", none),
    actor("u_admin", "admin", none),
    actor("u_mgr", "member", managed), // a manager: member of the org, manager of 20 workspaces
    actor("u_member", "member", none),
    actor("u_off", "admin", none), // a disabled admin
  ];
  const userActions = new Set<Action>(USER_TARGET_ACTIONS);
  const roles: OrgRole[] = ["owner", "admin", "member", "member", "member"];
  const target = (action: Action): Target => {
    // One target in 20 belongs to another organization.
    const organizationId = random() < 0.05 ? "org_2" : org;
    if (userActions.has(action) || action === "users.view") {
      return {
        kind: "user",
        organizationId,
        userId: random() < 0.1 ? "u_mgr" : `u_${Math.floor(random() * 1000)}`,
        orgRole: pick(roles),
        workspaceIds: [pick(workspaceIds), pick(workspaceIds)],
        workspaceId: pick(workspaceIds),
        newRole: pick(roles),
      };
    }
    if (action.startsWith("invitations.") || action === "users.invite") {
      return {
        kind: "invitation",
        organizationId,
        role: pick(roles),
        workspaceIds: [pick(workspaceIds)],
      };
    }
    if (action.startsWith("workspaces.") || action === "joinRequests.decide") {
      return {
        kind: "workspace",
        organizationId,
        workspaceId: random() < 0.1 ? null : pick(workspaceIds),
        newParentId: random() < 0.1 ? null : pick(workspaceIds),
      };
    }
    return { kind: "organization", organizationId };
  };
  // 4,096 distinct inputs, cycled through: varied enough that no call site sees one shape only.
  return Array.from({ length: 4096 }, () => {
    const action = pick(ACTIONS);
    return { actor: pick(actors), action, target: target(action) };
  });
}

export async function benchDecide() {
  section(`permissions: decide() × ${DECIDE_CALLS.toLocaleString("en")} calls per run`);
  const inputs = decideInputs();
  let allowed = 0;
  let total = 0;
  await bench(
    `decide() × ${DECIDE_CALLS.toLocaleString("en")}`,
    { runs: 20, warmup: 3, note: (ms) => `${((ms * 1e6) / DECIDE_CALLS).toFixed(0)} ns/call` },
    () => {
      for (let i = 0; i < DECIDE_CALLS; i++) {
        const input = inputs[i & 4095]!;
        if (decide(input.actor, input.action, input.target).allowed) allowed++;
        total++;
      }
    },
  );
  // Printed so the work cannot be optimised away, and as a sanity check of the input mix.
  const last = lastRow();
  last.note += `, ${((100 * allowed) / total).toFixed(0)}% allowed`;
}

// ---------------------------------------------------------------------------------------------
// 2. effectiveWorkspaceRoles()

/** 500 workspaces in 6 levels: 4 roots, then 12, 36, 96, 160, 192 (each under a random parent). */
function workspaceTree(): WorkspaceNode[] {
  const levelSizes = [4, 12, 36, 96, 160, 192];
  const nodes: WorkspaceNode[] = [];
  let previous: WorkspaceNode[] = [];
  levelSizes.forEach((size, level) => {
    const current: WorkspaceNode[] = [];
    for (let i = 0; i < size; i++) {
      const parentId = level === 0 ? null : pick(previous).id;
      current.push({ id: `ws_${level}_${i}`, parentId, name: `Workspace ${level}.${i}` });
    }
    nodes.push(...current);
    previous = current;
  });
  return nodes;
}

function depth(tree: WorkspaceTree, id: string) {
  return tree.ancestors(id).length + 1;
}

export async function benchWorkspaceRoles() {
  const nodes = workspaceTree();
  const tree = new WorkspaceTree(nodes);
  const maxDepth = Math.max(...nodes.map((n) => depth(tree, n.id)));
  section(`permissions: effectiveWorkspaceRoles(), ${nodes.length} workspaces, ${maxDepth} levels`);

  await bench(
    "new WorkspaceTree(500 nodes)",
    { runs: 200, warmup: 20 },
    () => new WorkspaceTree(nodes),
  );

  // A typical member: a dozen explicit roles scattered over every level.
  const scattered: WorkspaceGrant[] = Array.from({ length: 12 }, () => ({
    workspaceId: pick(nodes).id,
    role: pick(WORKSPACE_ROLES),
  }));
  let size = 0;
  await bench(
    "member, 12 scattered grants",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, scattered, "member").size;
    },
  );

  // The widest case for a member: manager of every root, so all 500 workspaces inherit.
  const everyRoot: WorkspaceGrant[] = nodes
    .filter((n) => n.parentId === null)
    .map((n) => ({ workspaceId: n.id, role: "manager" }));
  await bench(
    "member, manager of all 4 roots",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, everyRoot, "member").size;
    },
  );

  await bench(
    "org admin (manager everywhere)",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, [], "admin").size;
    },
  );
}
