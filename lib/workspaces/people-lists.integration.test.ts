// peopleLists finds a page of people in one of two ways — walking the name index, or collecting
// the candidates and sorting them (for a small workspace or a search). Both must give the same
// page, in the same order, as sorting everyone who matches by hand.
import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/db";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { peopleLists, type PeopleList } from "./members";

const t = setUpTestDatabase();

const FIRST = ["ada", "Ben", "cleo", "Ada", "dan", "Émile", "ben"];
const LAST = ["Zed", "young", "Xu", "young", "Abe"];

describe("peopleLists: the two ways to a page agree", () => {
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
      const from = {
        ids: Prisma.sql`SELECT DISTINCT g."membershipId" FROM "WorkspaceMembership" g
          WHERE g."workspaceId" IN (${Prisma.join(path)})`,
        where: member,
      };
      return [
        { where, limit: 6, offset },
        { where, limit: 6, offset, collect: true },
        { where, limit: 6, offset, collect: true, from },
        { where, limit: 6, offset, total: "count", from, collect: true },
        { where, limit: 6, offset, total: "count" },
      ];
    };
    const searches: [Prisma.Sql, (p: (typeof expected)[number]) => boolean][] = [
      [Prisma.empty, () => true],
      [Prisma.sql`AND u."lastName" ILIKE ${"%young%"}`, (p) => p.last === "young"],
    ];
    for (const [search, matches] of searches) {
      const wanted = expected.filter(matches);
      expect(wanted.length).toBeGreaterThan(6);
      for (let offset = 0; offset <= wanted.length; offset += 6) {
        const answers = await peopleLists(t.db, list(search, offset));
        const page = wanted.slice(offset, offset + 6).map((p) => p.id);
        for (const answer of answers) expect(answer.people.map((p) => p.id)).toEqual(page);
        // Those that count, count everyone who matches; the others were asked for no total.
        expect(answers.map((a) => a.total)).toEqual([0, 0, 0, wanted.length, wanted.length]);
      }
    }
  });
});
