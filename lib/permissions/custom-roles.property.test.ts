// Custom workspace roles against an independent oracle: random trees, random custom roles (a base
// role plus added permissions), random actors, actions and targets. The oracle below re-derives
// every rule from the words with its own walk up the tree; it shares no code with
// matrix.ts or workspace-roles.ts beyond the lists of names.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explain } from "./explain";
import { decide, PERMISSION_MATRIX, type Action, type Actor, type Target } from "./matrix";
import { WORKSPACE_ROLES, type OrgRole, type WorkspaceRole } from "./roles";
import {
  fitsWithin,
  roleToGive,
  WORKSPACE_PERMISSIONS,
  type RoleToGive,
  type WorkspacePermission,
} from "./workspace-permissions";
import { actorScope, WorkspaceTree, type WorkspaceGrant } from "./workspace-roles";

const ORG = "org-a";
const RANK: Record<WorkspaceRole, number> = { manager: 3, member: 2, viewer: 1, guest: 0 };

interface Custom {
  id: string;
  name: string;
  baseRole: WorkspaceRole;
  permissions: WorkspacePermission[];
}

/** A role as held: a built-in role, or custom role `custom` (an index into the roles). */
interface Held {
  role: WorkspaceRole;
  custom: number | null;
}

const permissionsArb = fc.subarray([...WORKSPACE_PERMISSIONS]);
const customArb = fc.record({
  baseRole: fc.constantFrom(...WORKSPACE_ROLES),
  permissions: permissionsArb,
});

const worldArb = fc
  .record({
    parents: fc.array(fc.integer({ min: -1, max: 30 }), { minLength: 1, maxLength: 10 }),
    customs: fc.array(customArb, { maxLength: 50 }),
  })
  .chain(({ parents, customs }) => {
    const n = parents.length;
    const heldArb: fc.Arbitrary<Held> = fc.oneof(
      fc.record({ role: fc.constantFrom(...WORKSPACE_ROLES), custom: fc.constant(null) }),
      ...(customs.length > 0
        ? [
            fc
              .integer({ min: 0, max: customs.length - 1 })
              .map((i) => ({ role: customs[i]!.baseRole, custom: i })),
          ]
        : []),
    );
    const grantsArb = fc.uniqueArray(fc.record({ at: fc.nat(n - 1), held: heldArb }), {
      selector: (g) => g.at,
      maxLength: n,
    });
    return fc.record({
      // Each workspace's parent comes before it, so the tree has no cycle.
      parents: fc.constant(parents.map((p, i) => (p >= 0 && p < i ? p : -1))),
      customs: fc.constant(customs),
      orgRole: fc.constantFrom<OrgRole>("member", "member", "member", "admin", "owner"),
      actorGrants: grantsArb,
      targetGrants: grantsArb,
      action: fc.constantFrom<Action>(
        ...(Object.keys(PERMISSION_MATRIX) as Action[]).filter((a) => a !== "roles.view"),
      ),
      at: fc.nat(n - 1),
      other: fc.integer({ min: -1, max: n - 1 }),
      give: heldArb,
      change: fc.constantFrom("add", "change", "remove", undefined),
      withCurrentRank: fc.boolean(),
    });
  });

type World = ReturnType<typeof worldArb.generate> extends fc.Value<infer W> ? W : never;

function customRolesOf(w: World): Custom[] {
  return w.customs.map((c, i) => ({ id: `c${i}`, name: `Role ${i}`, ...c }));
}

function grantsOf(w: World, list: World["actorGrants"]): WorkspaceGrant[] {
  const customs = customRolesOf(w);
  return list.map((g) => ({
    workspaceId: `w${g.at}`,
    role: g.held.role,
    customRole: g.held.custom === null ? null : customs[g.held.custom]!,
  }));
}

// ---------------------------------------------------------------------------------------------
// The oracle: the rules, from scratch.

/** Workspace `i` and every workspace above it, by walking parent indexes. */
function selfAndAbove(w: World, i: number): number[] {
  const out = [i];
  for (let p = w.parents[i]!; p >= 0; p = w.parents[p]!) out.push(p);
  return out;
}

/** Everything a held role allows: all for a manager base, else what the custom role adds. */
function allowsOf(w: World, held: Held): Set<WorkspacePermission> {
  const out = new Set<WorkspacePermission>(held.role === "manager" ? WORKSPACE_PERMISSIONS : []);
  if (held.custom !== null) for (const p of w.customs[held.custom]!.permissions) out.add(p);
  return out;
}

/** What a person holds in workspace `i`: the union over it and its ancestors, the highest rank. */
function oracleHolding(w: World, list: World["actorGrants"], orgRole: OrgRole, i: number) {
  if (orgRole !== "member") return { rank: 3, permissions: new Set(WORKSPACE_PERMISSIONS) };
  let rank = -1;
  const permissions = new Set<WorkspacePermission>();
  for (const node of selfAndAbove(w, i)) {
    const grant = list.find((g) => g.at === node);
    if (!grant) continue;
    rank = Math.max(rank, RANK[grant.held.role]);
    for (const p of allowsOf(w, grant.held)) permissions.add(p);
  }
  return { rank, permissions };
}

const NEEDS: Partial<Record<Action, WorkspacePermission>> = {
  "users.view": "viewMembers",
  "users.invite": "inviteMembers",
  "invitations.manage": "inviteMembers",
  "joinRequests.decide": "decideJoinRequests",
  "workspaces.createSub": "createSubWorkspaces",
  "workspaces.rename": "renameWorkspace",
  "workspaces.move": "moveWorkspace",
};
const CHANGE_NEEDS = { add: "addMembers", change: "setMemberRoles", remove: "removeMembers" };

// ---------------------------------------------------------------------------------------------

function build(w: World) {
  const tree = new WorkspaceTree(
    w.parents.map((p, i) => ({ id: `w${i}`, parentId: p < 0 ? null : `w${p}`, name: `W${i}` })),
  );
  const grants = grantsOf(w, w.actorGrants);
  const actor: Actor = {
    userId: "u-actor",
    membershipId: "m-actor",
    organizationId: ORG,
    orgRole: w.orgRole,
    status: "active",
    ...actorScope(tree, grants, w.orgRole),
  };
  const customs = customRolesOf(w);
  const give: RoleToGive = roleToGive(
    w.give.role,
    w.give.custom === null ? null : customs[w.give.custom],
  );
  const held = (i: number) => oracleHolding(w, w.actorGrants, w.orgRole, i);
  const targetHolding = (i: number) => oracleHolding(w, w.targetGrants, "member", i);
  const targetIn = w.parents
    .map((_, i) => i)
    .filter((i) => targetHolding(i).rank >= 0)
    .map((i) => `w${i}`);
  return { tree, grants, actor, give, held, targetHolding, targetIn };
}

describe("custom workspace roles against an independent oracle", () => {
  it("what a member holds in each workspace is the union of the roles there and above (upgrade-only)", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { actor, held, tree } = build(w);
        if (w.orgRole !== "member") return;
        for (let i = 0; i < w.parents.length; i++) {
          const expected = held(i);
          const actual = actor.holdings.get(`w${i}`);
          if (expected.rank < 0) {
            expect(actual).toBeUndefined();
            continue;
          }
          expect(actual?.rank).toBe(expected.rank);
          expect([...(actual?.permissions ?? [])].sort()).toEqual([...expected.permissions].sort());
          // Upgrade-only: a workspace holds at least what its parent holds.
          const parent = tree.get(`w${i}`)?.parentId;
          const above = parent ? actor.holdings.get(parent) : undefined;
          if (above) {
            expect(actual!.rank).toBeGreaterThanOrEqual(above.rank);
            for (const p of above.permissions) expect(actual!.permissions.has(p)).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("decide() agrees with the oracle on every workspace-level question", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { actor, give, held, targetHolding, targetIn } = build(w);
        const at = `w${w.at}`;
        const other = w.other < 0 ? null : `w${w.other}`;
        const anyHeld = w.parents.some((_, i) => held(i).permissions.size > 0);
        const persona = w.orgRole === "member" ? (anyHeld ? "manager" : "member") : w.orgRole;
        const grant = PERMISSION_MATRIX[w.action][persona];
        const holds = (id: string | null, p: WorkspacePermission | undefined) =>
          id !== null && p !== undefined && held(Number(id.slice(1))).permissions.has(p);
        const fits = (id: string | null, role: RoleToGive) => {
          if (id === null) return false;
          const h = held(Number(id.slice(1)));
          return role.rank <= h.rank && [...role.permissions].every((p) => h.permissions.has(p));
        };

        // A workspace target: create a sub-workspace of, rename, move, decide a join request with a role.
        const wsTarget: Target = {
          kind: "workspace",
          organizationId: ORG,
          workspaceId: at,
          newParentId: other,
          ...(w.action === "joinRequests.decide" ? { role: give } : {}),
        };
        let expected: boolean;
        if (grant === "none") expected = false;
        else if (grant === "all") expected = true;
        else {
          // users.setWorkspaceRoles asked of a workspace: any of its three permissions there.
          const needs: WorkspacePermission[] =
            w.action === "users.setWorkspaceRoles"
              ? ["addMembers", "setMemberRoles", "removeMembers"]
              : NEEDS[w.action]
                ? [NEEDS[w.action]!]
                : [];
          const holdsAny = (id: string | null) => needs.some((p) => holds(id, p));
          expected =
            holdsAny(at) &&
            (w.action !== "workspaces.move" || holdsAny(other)) &&
            (w.action !== "joinRequests.decide" || fits(at, give));
        }
        expect(decide(actor, w.action, wsTarget).allowed).toBe(expected);

        // A person: set their roles in a workspace (add / change / remove), or see them.
        if (w.action === "users.setWorkspaceRoles" || w.action === "users.view") {
          const currentRank = targetHolding(w.at).rank;
          const change = w.action === "users.setWorkspaceRoles" ? w.change : undefined;
          const userTarget: Target = {
            kind: "user",
            organizationId: ORG,
            userId: "u-target",
            orgRole: "member",
            workspaceIds: targetIn,
            workspaceId: at,
            ...(change ? { change } : {}),
            ...(change && change !== "remove" ? { role: give } : {}),
            ...(w.withCurrentRank && currentRank >= 0 ? { currentRank } : {}),
          };
          let expectedUser: boolean;
          if (grant === "all") expectedUser = true;
          else if (grant === "none") expectedUser = false;
          else if (w.action === "users.view") {
            expectedUser = targetIn.some((id) => holds(id, "viewMembers"));
          } else {
            const needs: WorkspacePermission[] = change
              ? [CHANGE_NEEDS[change] as WorkspacePermission]
              : ["addMembers", "setMemberRoles", "removeMembers"];
            const holdsAny = (id: string) => needs.some((p) => holds(id, p));
            expectedUser =
              targetIn.some(holdsAny) &&
              holdsAny(at) &&
              (!w.withCurrentRank || currentRank < 0 || currentRank <= held(w.at).rank) &&
              (!change || change === "remove" || fits(at, give));
          }
          expect(decide(actor, w.action, userTarget).allowed).toBe(expectedUser);
        }

        // An invitation into two workspaces with a role each.
        if (w.action === "users.invite") {
          const ids = [...new Set([at, other].filter((x): x is string => x !== null))];
          const invitation: Target = {
            kind: "invitation",
            organizationId: ORG,
            role: "member",
            workspaceIds: ids,
            workspaceRoles: ids.map((workspaceId) => ({ workspaceId, role: give })),
          };
          const expectedInvite =
            grant === "all" ||
            (grant === "scoped" && ids.every((id) => holds(id, "inviteMembers") && fits(id, give)));
          expect(decide(actor, w.action, invitation).allowed).toBe(expectedInvite);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("a custom role never grants an organization-level action", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.orgRole !== "member") return;
        const { actor } = build(w);
        const orgLevel = (Object.keys(PERMISSION_MATRIX) as Action[]).filter(
          (a) => PERMISSION_MATRIX[a].manager === "none",
        );
        for (const action of orgLevel) {
          for (const target of [
            { kind: "organization", organizationId: ORG },
            { kind: "workspace", organizationId: ORG, workspaceId: `w${w.at}` },
          ] as Target[]) {
            expect(decide(actor, action, target).allowed).toBe(false);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("no escalation: whatever a member may give fits within what they hold there", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        if (w.orgRole !== "member") return;
        const { actor, give, held } = build(w);
        const at = `w${w.at}`;
        const approving = decide(actor, "joinRequests.decide", {
          kind: "workspace",
          organizationId: ORG,
          workspaceId: at,
          role: give,
        });
        const setting = decide(actor, "users.setWorkspaceRoles", {
          kind: "user",
          organizationId: ORG,
          userId: "u-target",
          orgRole: "member",
          workspaceIds: [at],
          workspaceId: at,
          change: "change",
          role: give,
        });
        const inviting = decide(actor, "users.invite", {
          kind: "invitation",
          organizationId: ORG,
          role: "member",
          workspaceIds: [at],
          workspaceRoles: [{ workspaceId: at, role: give }],
        });
        const h = held(w.at);
        for (const verdict of [approving, setting, inviting]) {
          if (!verdict.allowed) continue;
          expect(give.rank).toBeLessThanOrEqual(h.rank);
          for (const p of give.permissions) expect(h.permissions.has(p)).toBe(true);
          expect(fitsWithin(give, actor.holdings.get(at))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("explain() agrees with decide() and names a role that really gives the permission", () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const { tree, grants, actor } = build(w);
        const target: Target = { kind: "workspace", organizationId: ORG, workspaceId: `w${w.at}` };
        const action: Action = "workspaces.createSub";
        const verdict = decide(actor, action, target);
        const answer = explain(
          {
            userId: actor.userId,
            membershipId: actor.membershipId,
            organizationId: ORG,
            orgRole: w.orgRole,
            status: "active",
            grants,
          },
          action,
          target,
          { tree },
        );
        expect(answer.allowed).toBe(verdict.allowed);
        if (!verdict.allowed || w.orgRole !== "member") return;
        const step = answer.because.find((s) => s.kind === "workspace-role");
        expect(step).toBeDefined();
        if (step?.kind !== "workspace-role") return;
        const from = step.inheritedFrom?.id ?? step.workspaceId;
        const grant = grants.find((g) => g.workspaceId === from)!;
        const gives =
          grant.role === "manager" ||
          (grant.customRole?.permissions.includes("createSubWorkspaces") ?? false);
        expect(gives).toBe(true);
        if (grant.customRole) expect(answer.text).toContain(grant.customRole.name);
      }),
      { numRuns: 300 },
    );
  });
});

describe("explain names a custom role's path", () => {
  const tree = new WorkspaceTree([
    { id: "eng", parentId: null, name: "Engineering" },
    { id: "platform", parentId: "eng", name: "Platform" },
  ]);
  const editor = { id: "c-editor", name: "Editor", permissions: ["createSubWorkspaces" as const] };
  const person = (grants: WorkspaceGrant[]) => ({
    userId: "u-1",
    membershipId: "m-1",
    organizationId: ORG,
    orgRole: "member" as const,
    status: "active" as const,
    grants,
  });
  const createSubIn = (id: string): Target => ({
    kind: "workspace",
    organizationId: ORG,
    workspaceId: id,
  });

  it("names the custom role, its base and what it adds", () => {
    const answer = explain(
      person([{ workspaceId: "platform", role: "member", customRole: editor }]),
      "workspaces.createSub",
      createSubIn("platform"),
      { tree },
    );
    expect(answer.allowed).toBe(true);
    expect(answer.text).toBe(
      "Editor (base: member + create sub-workspaces) in Engineering / Platform (explicit)",
    );
  });

  it("names the ancestor's custom role that gives the permission, even under a plain role", () => {
    const answer = explain(
      person([
        { workspaceId: "eng", role: "member", customRole: editor },
        { workspaceId: "platform", role: "member" },
      ]),
      "workspaces.createSub",
      createSubIn("platform"),
      { tree },
    );
    expect(answer.text).toBe(
      "Editor (base: member + create sub-workspaces) of Engineering, inherited in Engineering / Platform",
    );
  });

  it("says why not when the custom role lacks the permission", () => {
    const answer = explain(
      person([{ workspaceId: "platform", role: "member", customRole: editor }]),
      "users.setWorkspaceRoles",
      {
        kind: "user",
        organizationId: ORG,
        userId: "u-2",
        orgRole: "member",
        workspaceIds: ["platform"],
        workspaceId: "platform",
        change: "remove",
      },
      { tree },
    );
    expect(answer.allowed).toBe(false);
    expect(answer.text).toContain("“Remove people”");
  });

  it("says a role above their own can't be given", () => {
    const lead = {
      id: "c-lead",
      name: "Lead",
      permissions: ["setMemberRoles" as const, "viewMembers" as const],
    };
    const answer = explain(
      person([{ workspaceId: "eng", role: "member", customRole: lead }]),
      "users.setWorkspaceRoles",
      {
        kind: "user",
        organizationId: ORG,
        userId: "u-2",
        orgRole: "member",
        workspaceIds: ["platform"],
        workspaceId: "platform",
        change: "change",
        role: roleToGive("manager"),
      },
      { tree },
    );
    expect(answer.decision).toEqual({ allowed: false, reason: "invalid_role" });
    expect(answer.text).toBe(
      "Lead (base: member + see members, set workspace roles) of Engineering, inherited in Engineering / Platform; nobody gives a role above their own, or one with a permission they don't hold there",
    );
  });
});
