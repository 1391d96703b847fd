import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import {
  countedMemberCounts,
  countedRoleCounts,
  keptMemberCounts,
  keptRoleCounts,
} from "@/lib/testing/workspace-counts";

const t = setUpTestDatabase();

/**
 * Workspace.memberCount and WorkspaceRoleCount are kept by database triggers (migrations
 * 20261202060000_workspace_member_counts and 20261203160857_workspace_role_counts). Whatever
 * happens to roles, people and the tree — one row at a time or many in one statement — the kept
 * counts must equal the counts from scratch.
 */

const pick = fc.nat({ max: 1_000 });
/** A built-in role, or one of the world's two custom roles (by index). */
const roleChoice = fc.oneof(
  fc.constantFrom("manager" as const, "member" as const, "viewer" as const, "guest" as const),
  fc.constantFrom(0, 1),
);
const operation = fc.oneof(
  fc.record({
    kind: fc.constant("grant" as const),
    person: pick,
    workspace: pick,
    role: roleChoice,
  }),
  // A role changed in place: another built-in role, or a custom one (an UPDATE of the row).
  fc.record({ kind: fc.constant("setRole" as const), role: pick, to: roleChoice }),
  // One statement replacing a custom role by another role wherever it is held (as deleting one
  // with "Give them instead" does).
  fc.record({
    kind: fc.constant("replaceCustom" as const),
    from: fc.constantFrom(0, 1),
    to: roleChoice,
  }),
  // One statement adding several roles to one person (an ancestor and its descendant, maybe).
  fc.record({
    kind: fc.constant("grantMany" as const),
    person: pick,
    workspaces: fc.array(pick, { minLength: 2, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("revoke" as const), role: pick }),
  // One statement removing all of one person's roles.
  fc.record({ kind: fc.constant("revokeAll" as const), person: pick }),
  // A role moved to another workspace (an UPDATE of the row).
  fc.record({ kind: fc.constant("moveRole" as const), role: pick, workspace: pick }),
  fc.record({ kind: fc.constant("promote" as const), person: pick }),
  fc.record({ kind: fc.constant("demote" as const), person: pick }),
  fc.record({ kind: fc.constant("removePerson" as const), person: pick }),
  fc.record({ kind: fc.constant("addPerson" as const) }),
  fc.record({ kind: fc.constant("createWorkspace" as const), parent: fc.option(pick) }),
  fc.record({
    kind: fc.constant("moveWorkspace" as const),
    workspace: pick,
    parent: fc.option(pick),
  }),
  fc.record({ kind: fc.constant("deleteWorkspace" as const), workspace: pick }),
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

async function world() {
  const { organization } = await createOrganization(t.db);
  const org = organization.id;
  const top = await createWorkspace(t.db, org, "Top");
  const mid = await createWorkspace(t.db, org, "Mid", top.id);
  await createWorkspace(t.db, org, "Low", mid.id);
  await createWorkspace(t.db, org, "Side");
  for (let i = 0; i < 4; i++) await addMember(t.db, org);
  await addMember(t.db, org, { role: "admin" });
  for (const name of ["Editor", "Gatekeeper"]) {
    await t.db.customRole.create({
      data: {
        organizationId: org,
        name,
        nameKey: name.toLowerCase(),
        baseRole: name === "Editor" ? "member" : "viewer",
        permissions: name === "Editor" ? ["createSubWorkspaces"] : ["decideJoinRequests"],
      },
    });
  }
  return org;
}

type RoleChoice = (typeof roleChoice extends fc.Arbitrary<infer T> ? T : never) & {};

/** The role and custom role columns for a choice. */
async function roleColumns(org: string, choice: RoleChoice) {
  if (typeof choice === "string") return { role: choice, customRoleId: null };
  const custom = await t.db.customRole.findMany({
    where: { organizationId: org },
    orderBy: { nameKey: "asc" },
  });
  const chosen = custom[choice]!;
  return { role: chosen.baseRole, customRoleId: chosen.id };
}

async function apply(org: string, op: Operation, step: number) {
  const db = t.db;
  const [people, workspaces, roles] = await Promise.all([
    db.membership.findMany({ where: { organizationId: org }, orderBy: { id: "asc" } }),
    db.workspace.findMany({ where: { organizationId: org }, orderBy: { id: "asc" } }),
    db.workspaceMembership.findMany({ where: { organizationId: org }, orderBy: { id: "asc" } }),
  ]);
  const nthOf = <T>(list: T[], n: number): T | undefined => list[n % Math.max(list.length, 1)];
  const others = people.filter((p) => p.role !== "owner");
  switch (op.kind) {
    case "grant": {
      const person = nthOf(others, op.person);
      const workspace = nthOf(workspaces, op.workspace);
      const taken = roles.some(
        (r) => r.membershipId === person?.id && r.workspaceId === workspace?.id,
      );
      if (person && workspace && !taken) {
        await db.workspaceMembership.create({
          data: {
            organizationId: org,
            membershipId: person.id,
            workspaceId: workspace.id,
            ...(await roleColumns(org, op.role)),
          },
        });
      }
      return;
    }
    case "setRole": {
      const role = nthOf(roles, op.role);
      if (role) {
        await db.workspaceMembership.update({
          where: { id: role.id },
          data: await roleColumns(org, op.to),
        });
      }
      return;
    }
    case "replaceCustom": {
      const { customRoleId } = await roleColumns(org, op.from);
      await db.workspaceMembership.updateMany({
        where: { organizationId: org, customRoleId },
        data: await roleColumns(org, op.to),
      });
      return;
    }
    case "grantMany": {
      const person = nthOf(others, op.person);
      if (!person || workspaces.length === 0) return;
      const ids = new Set(op.workspaces.map((n) => nthOf(workspaces, n)!.id));
      await db.workspaceMembership.createMany({
        data: [...ids].map((workspaceId) => ({
          organizationId: org,
          membershipId: person.id,
          workspaceId,
          role: "viewer" as const,
        })),
        skipDuplicates: true,
      });
      return;
    }
    case "revoke": {
      const role = nthOf(roles, op.role);
      if (role) await db.workspaceMembership.delete({ where: { id: role.id } });
      return;
    }
    case "revokeAll": {
      const person = nthOf(others, op.person);
      if (person) await db.workspaceMembership.deleteMany({ where: { membershipId: person.id } });
      return;
    }
    case "moveRole": {
      const role = nthOf(roles, op.role);
      const workspace = nthOf(workspaces, op.workspace);
      if (!role || !workspace) return;
      const taken = roles.some(
        (r) => r.membershipId === role.membershipId && r.workspaceId === workspace.id,
      );
      if (!taken) {
        await db.workspaceMembership.update({
          where: { id: role.id },
          data: { workspaceId: workspace.id },
        });
      }
      return;
    }
    case "promote":
    case "demote": {
      const person = nthOf(others, op.person);
      if (person) {
        await db.membership.update({
          where: { id: person.id },
          data: { role: op.kind === "promote" ? "admin" : "member" },
        });
      }
      return;
    }
    case "removePerson": {
      const person = nthOf(others, op.person);
      if (person) await db.membership.delete({ where: { id: person.id } });
      return;
    }
    case "addPerson":
      await addMember(t.db, org);
      return;
    case "createWorkspace": {
      const parent = op.parent === null ? undefined : nthOf(workspaces, op.parent);
      await createWorkspace(db, org, `W${step}-${workspaces.length}`, parent?.id);
      return;
    }
    case "moveWorkspace": {
      const workspace = nthOf(workspaces, op.workspace);
      const parent = op.parent === null ? null : (nthOf(workspaces, op.parent) ?? null);
      if (!workspace) return;
      // Never into itself or below itself.
      for (let at = parent; at; at = workspaces.find((w) => w.id === at.parentId) ?? null) {
        if (at.id === workspace.id) return;
      }
      await db.workspace.update({
        where: { id: workspace.id },
        data: { parentId: parent?.id ?? null, siblingKey: `moved-${step}-${workspace.id}` },
      });
      return;
    }
    case "deleteWorkspace": {
      const workspace = nthOf(workspaces, op.workspace);
      if (workspace) await db.workspace.delete({ where: { id: workspace.id } });
      return;
    }
  }
}

describe("workspace member counts kept by the database", () => {
  it("equal the counts from scratch after any sequence of changes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 25 }), async (ops) => {
        const org = await world();
        for (const [step, op] of ops.entries()) {
          await apply(org, op, step);
          const steps = JSON.stringify(ops.slice(0, step + 1));
          expect(await keptMemberCounts(t.db, org), steps).toEqual(
            await countedMemberCounts(t.db, org),
          );
          expect(await keptRoleCounts(t.db, org), steps).toEqual(
            await countedRoleCounts(t.db, org),
          );
        }
      }),
      { numRuns: 50 },
    );
  });

  it("stay right when transactions change one person's roles at the same time", async () => {
    const org = await world();
    const workspaces = await t.db.workspace.findMany({ where: { organizationId: org } });
    const people = await t.db.membership.findMany({
      where: { organizationId: org, role: "member" },
    });
    // Each transaction gives someone roles on a whole path (ancestor and descendants, so each
    // one's count depends on the others'), holding its transaction open a moment.
    await Promise.all(
      people.flatMap((person) =>
        workspaces.map((workspace) =>
          t.db.$transaction(async (tx) => {
            await tx.workspaceMembership.create({
              data: {
                organizationId: org,
                membershipId: person.id,
                workspaceId: workspace.id,
                role: "member",
              },
            });
            await tx.$executeRaw`SELECT pg_sleep(0.01)`;
          }),
        ),
      ),
    );
    expect(await keptMemberCounts(t.db, org)).toEqual(await countedMemberCounts(t.db, org));
    expect(await keptRoleCounts(t.db, org)).toEqual(await countedRoleCounts(t.db, org));
    await Promise.all(
      (await t.db.workspaceMembership.findMany({ where: { organizationId: org } })).map((role) =>
        t.db.workspaceMembership.delete({ where: { id: role.id } }),
      ),
    );
    expect([...(await keptMemberCounts(t.db, org)).values()]).toEqual([0, 0, 0, 0]);
    expect(await keptRoleCounts(t.db, org)).toEqual(new Map());
  });

  it("leave other organizations alone, and go with a deleted organization", async () => {
    const org = await world();
    const other = await world();
    const [person] = await t.db.membership.findMany({
      where: { organizationId: other, role: "member" },
    });
    const [top] = await t.db.workspace.findMany({ where: { organizationId: other, name: "Top" } });
    await grantWorkspaceRole(t.db, person!, top!.id, "member");
    const before = await keptMemberCounts(t.db, org);
    expect([...(await keptMemberCounts(t.db, other)).values()].sort()).toEqual([0, 1, 1, 1]);
    expect(await keptRoleCounts(t.db, other)).toEqual(
      new Map([["member", { people: 1, workspaces: 1 }]]),
    );
    const rolesBefore = await keptRoleCounts(t.db, org);
    await t.db.organization.delete({ where: { id: other } });
    expect(await keptMemberCounts(t.db, org)).toEqual(before);
    expect(await keptRoleCounts(t.db, org)).toEqual(rolesBefore);
    expect(await t.db.workspaceRoleCount.count({ where: { organizationId: other } })).toBe(0);
    expect(await t.db.workspace.count({ where: { organizationId: other } })).toBe(0);
  });
});
