// peopleLists finds a page of people in one of three ways — walking the name index, collecting
// the matches and sorting them (a list that counts them: a search), or merging the path
// workspaces' member-order indexes (a workspace's members, no search). Each must give the same
// page, in the same order, as sorting everyone who matches by hand.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db";
import { maintainedColumnDrift } from "@/lib/db/maintained-columns";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { peopleLists, type PeopleList } from "./people-lists";

const t = setUpTestDatabase();

const FIRST = ["ada", "Ben", "cleo", "Ada", "dan", "Émile", "ben"];
const LAST = ["Zed", "young", "Xu", "young", "Abe"];

describe("peopleLists: the ways to a page agree", () => {
  it("gives every page of a workspace's members, with and without a search, in name order", async () => {
    const { organization } = await createOrganization(t.db);
    const organizationId = organization.id;
    const parent = await createWorkspace(t.db, organizationId, "Parent");
    const child = await createWorkspace(t.db, organizationId, "Child", parent.id);
    const other = await createWorkspace(t.db, organizationId, "Other");
    const expected: { id: string; first: string; last: string; email: string }[] = [];
    for (let i = 0; i < 35; i++) {
      const firstName = FIRST[i % FIRST.length]!;
      const lastName = LAST[i % LAST.length]!;
      const user = await createUser(t.db, { firstName, lastName });
      const { membership } = await addMember(t.db, organizationId, { user });
      // Roles on the path (the parent, the child, or both), elsewhere, or none.
      const where = i % 5;
      if (where === 0 || where === 2)
        await grantWorkspaceRole(t.db, membership, parent.id, "member");
      if (where === 1 || where === 2)
        await grantWorkspaceRole(t.db, membership, child.id, "viewer");
      if (where === 3) await grantWorkspaceRole(t.db, membership, other.id, "member");
      if (where !== 3 && where !== 4)
        expected.push({ id: membership.id, first: firstName, last: lastName, email: user.email });
    }
    // An admin with a role on the path manages the workspace already: not one of its members.
    const { membership: admin } = await addMember(t.db, organizationId, { role: "admin" });
    await grantWorkspaceRole(t.db, admin, parent.id, "member");
    const key = (s: string) => s.toLowerCase();
    expected.sort(
      (a, b) =>
        (key(a.first) < key(b.first) ? -1 : key(a.first) > key(b.first) ? 1 : 0) ||
        (key(a.last) < key(b.last) ? -1 : key(a.last) > key(b.last) ? 1 : 0) ||
        (a.id < b.id ? -1 : 1),
    );

    const path = [child.id, parent.id];
    const list = (search: Prisma.Sql, offset: number): PeopleList[] => {
      const member = Prisma.sql`m."organizationId" = ${organizationId} AND m.role = 'member' ${search}`;
      const where = Prisma.sql`${member} AND EXISTS (SELECT 1 FROM "WorkspaceMembership" g
        WHERE g."membershipId" = m.id AND g."workspaceId" IN (${Prisma.join(path)}))`;
      return [
        { where, limit: 6, offset },
        { where, limit: 6, offset, total: "count" },
        // The member-order indexes know no search: this list is asked for only without one.
        ...(search === Prisma.empty
          ? [{ membersOf: { organizationId, workspaceIds: path }, limit: 6, offset }]
          : []),
      ];
    };
    const searches: [Prisma.Sql, (p: (typeof expected)[number]) => boolean][] = [
      [Prisma.empty, () => true],
      [Prisma.sql`AND m."sortLastName" ILIKE ${"%young%"}`, (p) => p.last === "young"],
    ];
    for (const [search, matches] of searches) {
      const wanted = expected.filter(matches);
      expect(wanted.length).toBeGreaterThan(6);
      for (let offset = 0; offset <= wanted.length; offset += 6) {
        const answers = await peopleLists(t.db, list(search, offset));
        const page = wanted.slice(offset, offset + 6).map((p) => p.id);
        for (const answer of answers) expect(answer.people.map((p) => p.id)).toEqual(page);
        // The list that counts, counts everyone who matches; the others were asked for no total.
        expect(answers.map((a) => a.total).slice(0, 2)).toEqual([0, wanted.length]);
      }
    }
  });

  it("a workspace's members by the member-order index follow renames and role changes", async () => {
    const { organization } = await createOrganization(t.db);
    const organizationId = organization.id;
    const team = await createWorkspace(t.db, organizationId, "Team");
    const squad = await createWorkspace(t.db, organizationId, "Squad", team.id);
    const people = [];
    for (const [firstName, lastName] of [
      ["Cleo", "Xu"],
      ["Ben", "Young"],
      ["Ada", "Zed"],
    ] as const) {
      const user = await createUser(t.db, { firstName, lastName });
      const { membership } = await addMember(t.db, organizationId, { user });
      people.push({ user, membership });
    }
    const [cleo, ben, ada] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    // Ben has roles at both levels; he is listed once.
    await grantWorkspaceRole(t.db, cleo.membership, team.id, "member");
    await grantWorkspaceRole(t.db, ben.membership, team.id, "viewer");
    await grantWorkspaceRole(t.db, ben.membership, squad.id, "manager");
    await grantWorkspaceRole(t.db, ada.membership, squad.id, "member");
    const members = async () => {
      const [list] = await peopleLists(t.db, [
        { membersOf: { organizationId, workspaceIds: [squad.id, team.id] }, limit: 10 },
      ]);
      return list.people.map((p) => p.user.firstName);
    };
    expect(await members()).toEqual(["Ada", "Ben", "Cleo"]);

    // A new first name moves Ada to the end; Ben made an admin leaves the list; back a member,
    // he returns.
    await t.db.user.update({ where: { id: ada.user.id }, data: { firstName: "Zoe" } });
    expect(await members()).toEqual(["Ben", "Cleo", "Zoe"]);
    await t.db.membership.update({ where: { id: ben.membership.id }, data: { role: "admin" } });
    expect(await members()).toEqual(["Cleo", "Zoe"]);
    await t.db.membership.update({ where: { id: ben.membership.id }, data: { role: "member" } });
    expect(await members()).toEqual(["Ben", "Cleo", "Zoe"]);

    // A new email reaches the copies on Ben's two roles, which the workspace page searches.
    await t.db.user.update({ where: { id: ben.user.id }, data: { email: "ben.new@example.test" } });
    const copies = await t.db.workspaceMembership.findMany({
      where: { membershipId: ben.membership.id },
      select: { sortEmail: true },
    });
    expect(copies).toEqual([
      { sortEmail: "ben.new@example.test" },
      { sortEmail: "ben.new@example.test" },
    ]);

    // The copies on the roles are their memberships' keys, whatever wrote them.
    const wrong = await t.db.$queryRaw<{ id: string }[]>`
      SELECT g.id FROM "WorkspaceMembership" g JOIN "Membership" m ON m.id = g."membershipId"
      WHERE g."orgRole" <> m.role OR g."sortFirstName" <> m."sortFirstName"
        OR g."sortLastName" <> m."sortLastName" OR g."sortEmail" <> m."sortEmail"`;
    expect(wrong).toEqual([]);

    // The check an import runs (maintainedColumnDrift) sees a stale email copy, and any write of
    // the role copies the key again.
    const drift = () =>
      maintainedColumnDrift({
        query: async <T>(sql: string) => ({ rows: await t.db.$queryRawUnsafe<T[]>(sql) }),
      });
    await t.db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE "WorkspaceMembership" DISABLE TRIGGER USER`);
      await tx.$executeRaw`UPDATE "WorkspaceMembership" SET "sortEmail" = 'stale@example.test'
        WHERE "membershipId" = ${ada.membership.id}`;
      await tx.$executeRawUnsafe(`ALTER TABLE "WorkspaceMembership" ENABLE TRIGGER USER`);
    });
    expect(await drift()).toEqual([expect.stringMatching(/^WorkspaceMembership copies .*: 1 row/)]);
    await t.db.workspaceMembership.updateMany({
      where: { membershipId: ada.membership.id },
      data: { role: "viewer" },
    });
    expect(await drift()).toEqual([]);
  });
});
