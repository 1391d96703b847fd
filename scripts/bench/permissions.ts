// `npm run bench`, sections 1 and 2 (scripts/bench/run.ts): the permission matrix's decide() and
// effectiveWorkspaceRoles(), on generated inputs.
import {
  ACTIONS,
  USER_TARGET_ACTIONS,
  WORKSPACE_ROLES,
  WORKSPACE_PERMISSIONS,
  WorkspaceTree,
  actorScope,
  basePermissions,
  decide,
  roleToGive,
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

const CUSTOM_ROLES = 50;

/**
 * decide() for members who hold custom roles: 50 roles (a base role plus random workspace
 * permissions) held across a 60-workspace tree, asked to give roles, invite and act on
 * workspaces. Also the per-request cost of working out what such a member holds (actorScope).
 */
export async function benchDecideCustomRoles() {
  section(`permissions: decide() with ${CUSTOM_ROLES} custom roles`);
  const org = "org_1";
  // Ten top-level workspaces, each with five children.
  const nodes = Array.from({ length: 60 }, (_, i) => ({
    id: `ws_${i}`,
    parentId: i < 10 ? null : `ws_${i % 10}`,
    name: `Workspace ${i}`,
  }));
  const tree = new WorkspaceTree(nodes);
  const customRoles = Array.from({ length: CUSTOM_ROLES }, (_, i) => ({
    id: `role_${i}`,
    name: `Role ${i}`,
    baseRole: pick(WORKSPACE_ROLES),
    permissions: WORKSPACE_PERMISSIONS.filter(() => random() < 0.4),
  }));
  const grantsOf = (count: number): WorkspaceGrant[] => {
    const at = new Set(Array.from({ length: count }, () => pick(nodes).id));
    return [...at].map((workspaceId) => {
      const role = pick(customRoles);
      return { workspaceId, role: role.baseRole, customRole: role };
    });
  };
  const actors: Actor[] = Array.from({ length: 64 }, (_, i) => ({
    userId: `u_${i}`,
    membershipId: `m_${i}`,
    organizationId: org,
    orgRole: "member",
    status: "active",
    ...actorScope(tree, grantsOf(1 + (i % 12)), "member"),
  }));
  const scopedActions: Action[] = [
    "users.view",
    "users.invite",
    "users.setWorkspaceRoles",
    "joinRequests.decide",
    "workspaces.createSub",
    "workspaces.rename",
    "workspaces.move",
    "users.remove",
  ];
  const changes = ["add", "change", "remove"] as const;
  const give = () => {
    const role = pick(customRoles);
    return roleToGive(role.baseRole, random() < 0.5 ? role : null);
  };
  const target = (action: Action): Target => {
    const workspaceId = pick(nodes).id;
    if (
      action === "users.view" ||
      action === "users.setWorkspaceRoles" ||
      action === "users.remove"
    ) {
      return {
        kind: "user",
        organizationId: org,
        userId: `u_${Math.floor(random() * 1000)}`,
        orgRole: "member",
        workspaceIds: [workspaceId, pick(nodes).id],
        workspaceId,
        change: pick(changes),
        role: give(),
        currentRank: Math.floor(random() * 4),
      };
    }
    if (action === "users.invite") {
      return {
        kind: "invitation",
        organizationId: org,
        role: "member",
        workspaceIds: [workspaceId],
        workspaceRoles: [{ workspaceId, role: give() }],
      };
    }
    return {
      kind: "workspace",
      organizationId: org,
      workspaceId,
      newParentId: pick(nodes).id,
      ...(action === "joinRequests.decide" ? { role: give() } : {}),
    };
  };
  const inputs = Array.from({ length: 4096 }, () => {
    const action = pick(scopedActions);
    return { actor: pick(actors), action, target: target(action) };
  });
  let allowed = 0;
  let total = 0;
  await bench(
    `decide() × ${DECIDE_CALLS.toLocaleString("en")}, ${CUSTOM_ROLES} custom roles`,
    { runs: 20, warmup: 3, note: (ms) => `${((ms * 1e6) / DECIDE_CALLS).toFixed(0)} ns/call` },
    () => {
      for (let i = 0; i < DECIDE_CALLS; i++) {
        const input = inputs[i & 4095]!;
        if (decide(input.actor, input.action, input.target).allowed) allowed++;
        total++;
      }
    },
  );
  lastRow().note += `, ${((100 * allowed) / total).toFixed(0)}% allowed`;

  // What a member holds, worked out once per request from their grants (12 custom roles held).
  const grants = grantsOf(12);
  let size = 0;
  await bench(
    `actorScope(), 60 workspaces, ${grants.length} custom roles held`,
    { runs: 200, warmup: 20 },
    () => {
      size = actorScope(tree, grants, "member").holdings.size;
    },
  );
  lastRow().note += `${size} workspaces held`;
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
