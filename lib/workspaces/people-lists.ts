import "server-only";
import { Prisma, type Db } from "@/lib/db";
import type { CustomRoleRef, OrgRole, WorkspaceRole } from "@/lib/permissions";
import { memberSearch, type SearchedRows } from "@/lib/people";

// The lists of people a workspace page reads (its members, the owner and admins, the people one
// may add), each person with all their own workspace roles, in one statement.

/** One of a person's own workspace roles, a custom one with what it allows. */
export interface ListedGrant {
  workspaceId: string;
  role: WorkspaceRole;
  customRole: CustomRoleRef | null;
}

/** A person as the lists read them: membership, user, and all their own workspace roles. */
export interface PersonRow {
  id: string;
  role: OrgRole;
  status: "active" | "disabled";
  user: { id: string; email: string; firstName: string; lastName: string };
  workspaceRoles: ListedGrant[];
}

interface RawPerson {
  id: string;
  role: OrgRole;
  status: "active" | "disabled";
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  workspaceRoles: ListedGrant[];
  total: number;
}

const toPerson = (row: RawPerson): PersonRow => ({
  id: row.id,
  role: row.role,
  status: row.status,
  user: { id: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName },
  workspaceRoles: row.workspaceRoles,
});

/**
 * A search for people by name or email: every word must appear, any case, in the first name,
 * the last name or the email ("ada love" finds Ada Lovelace); `%`, `_` and `\` match themselves.
 * Each word is the Users list's search (memberSearch), which the search indexes serve for words of
 * three characters or more; a word has no white space, so it can't match across the names and the
 * email. `on` is the rows searched: memberships (`m`) or workspace roles (`g`, their copies of the
 * keys).
 */
export function personSearch(text: string | undefined, on: SearchedRows = "m"): Prisma.Sql {
  const words = (text ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.join(
    words.map((word) => memberSearch(word, on)),
    " AND ",
  )}`;
}

export interface ListedPeople {
  people: PersonRow[];
  /** How many match in all (0 unless the list asked for it). */
  total: number;
}

/** One list for peopleLists (exported for its tests). */
export type PeopleList = MatchingList | WorkspaceMembersList;

/** The people matching a condition. */
interface MatchingList {
  /** A condition on the membership (`m`) alone: a list that counts reads no user to match. */
  where: Prisma.Sql;
  limit: number;
  offset?: number;
  /**
   * How many match in all: "count" counts the matches; an expression gives a number the
   * database keeps; left out, 0.
   */
  total?: "count" | Prisma.Sql;
}

/**
 * The organization's members (organization role member) with a role in one of the given
 * workspaces, read in order from WorkspaceMembership's member-order index: a page is the first
 * `offset + limit` rows of each workspace, merged, each person once. Its cost follows the page's
 * depth, not the organization's or the workspace's size.
 */
interface WorkspaceMembersList {
  membersOf: { organizationId: string; workspaceIds: readonly string[] };
  limit: number;
  offset?: number;
  /** How many there are in all (a number the database keeps); left out, 0. */
  total?: Prisma.Sql;
}

/** A whole number for a LIMIT or OFFSET, written into the statement (see peopleLists). */
function wholeNumber(n: number): Prisma.Sql {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`Not a row count: ${n}`);
  return Prisma.raw(String(n));
}

/**
 * Lists of people (memberships with their users), each matching its `where` (or a workspace
 * members list), ordered by first name, last name (any case), then id, `limit` from `offset`,
 * each person with all their own workspace roles (a custom role with its name and what it allows),
 * and how many match in all when asked. One
 * statement for all the lists: the roles are read for the listed rows only.
 *
 * The order's keys are kept on Membership (lowercased names, migration
 * 20261202070655_users_list_keys), so that an index on (organizationId, role, sortFirstName,
 * sortLastName, id) can deliver the order and a page stop early: the owner and admins, the
 * people one may add. A list that counts its matches (a search) collects them first (a
 * MATERIALIZED CTE, planned on its own) and sorts them: with a count over the window, the
 * planner would cost a LIMIT as stopping early when it cannot; the users are then read for its
 * page only (an organization's admins matching "smith" are ~300). A workspace's members come from
 * copies of the keys on WorkspaceMembership (workspaceMembersBranch). LIMIT and OFFSET are
 * written into the statement as numbers, so that even a generic plan knows how few rows are
 * wanted.
 */
export async function peopleLists<const Lists extends readonly PeopleList[]>(
  db: Db,
  lists: Lists,
): Promise<{ [K in keyof Lists]: ListedPeople }> {
  const order = Prisma.sql`m."sortFirstName", m."sortLastName", m.id`;
  const columns = (i: number) => Prisma.sql`${wholeNumber(i)} AS list, m.id,
    m.role::text AS role, m.status::text AS status, u.id AS "userId", u.email, u."firstName",
    u."lastName", row_number() OVER (ORDER BY ${order})::int AS n`;
  const branches = lists.map((list, i) => {
    if ("membersOf" in list) return workspaceMembersBranch(i, list);
    const { where, limit, offset = 0, total } = list;
    const page = Prisma.sql`ORDER BY ${order} LIMIT ${wholeNumber(limit)} OFFSET ${wholeNumber(offset)}`;
    const kept = total === undefined || total === "count" ? Prisma.sql`0` : total;
    if (total === "count") {
      // The users are read for the page's rows only, once the matches are counted and sorted.
      const matched = Prisma.sql`SELECT m.id, m.role, m.status, m."sortFirstName",
          m."sortLastName", m."userId"
        FROM "Membership" m WHERE ${where}`;
      return Prisma.sql`(
        WITH matched AS MATERIALIZED (${matched})
        SELECT ${wholeNumber(i)} AS list, m.id, m.role::text AS role, m.status::text AS status,
          u.id AS "userId", u.email, u."firstName", u."lastName", m.n, m.total
        FROM (
          SELECT m.*, row_number() OVER (ORDER BY ${order})::int AS n,
            (SELECT count(*) FROM matched)::int AS total
          FROM matched m
          ${page}
        ) m
        JOIN "User" u ON u.id = m."userId")`;
    }
    return Prisma.sql`(
      SELECT ${columns(i)}, ${kept}::int AS total
      FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE ${where}
      ${page})`;
  });
  const rows = await db.$queryRaw<(RawPerson & { list: number; n: number })[]>`
    SELECT p.list, p.n, p.id, p.role, p.status, p."userId", p.email, p."firstName", p."lastName",
      p.total,
      coalesce(
        (SELECT json_agg(json_build_object('workspaceId', r."workspaceId", 'role', r.role,
           'customRole', CASE WHEN c.id IS NULL THEN NULL
             ELSE json_build_object('id', c.id, 'name', c.name, 'permissions', c.permissions) END))
         FROM "WorkspaceMembership" r LEFT JOIN "CustomRole" c ON c.id = r."customRoleId"
         WHERE r."membershipId" = p.id), '[]') AS "workspaceRoles"
    FROM (${Prisma.join(branches, " UNION ALL ")}) p
    ORDER BY p.list, p.n`;
  // One answer per list, in the lists' order (the mapped type says as much to the compiler).
  return lists.map((_, i) => {
    const listed = rows.filter((row) => row.list === i);
    return { people: listed.map(toPerson), total: listed[0]?.total ?? 0 };
  }) as { [K in keyof Lists]: ListedPeople };
}

/**
 * peopleLists' statement for a WorkspaceMembersList. Each workspace's first `offset + limit`
 * members, in order, hold the first `offset + limit` of them all, once the people with roles in
 * several of the workspaces are counted once: everyone ahead of one of them in its workspace is
 * ahead of it in the merged list too.
 */
function workspaceMembersBranch(i: number, list: WorkspaceMembersList): Prisma.Sql {
  const { membersOf, limit, offset = 0, total } = list;
  if (membersOf.workspaceIds.length === 0) throw new Error("A members list needs a workspace");
  const order = Prisma.sql`c."sortFirstName", c."sortLastName", c.id`;
  const firstOfEach = membersOf.workspaceIds.map(
    (workspaceId) => Prisma.sql`(
      SELECT g."membershipId" AS id, g."sortFirstName", g."sortLastName"
      FROM "WorkspaceMembership" g
      WHERE g."workspaceId" = ${workspaceId} AND g."orgRole" = 'member'
      ORDER BY g."sortFirstName", g."sortLastName", g."membershipId"
      LIMIT ${wholeNumber(offset + limit)})`,
  );
  return Prisma.sql`(
    SELECT ${wholeNumber(i)} AS list, m.id, m.role::text AS role, m.status::text AS status,
      u.id AS "userId", u.email, u."firstName", u."lastName",
      row_number() OVER (ORDER BY ${order})::int AS n, ${total ?? Prisma.sql`0`}::int AS total
    FROM (
      SELECT DISTINCT c.id, c."sortFirstName", c."sortLastName"
      FROM (${Prisma.join(firstOfEach, " UNION ALL ")}) c
      ORDER BY ${order}
      LIMIT ${wholeNumber(limit)} OFFSET ${wholeNumber(offset)}
    ) c
    JOIN "Membership" m ON m.id = c.id
      AND m."organizationId" = ${membersOf.organizationId} AND m.role = 'member'
    JOIN "User" u ON u.id = m."userId")`;
}

/** One list of people: peopleLists with one list. */
export async function peopleWhere(db: Db, list: PeopleList): Promise<ListedPeople> {
  const [result] = await peopleLists(db, [list]);
  return result;
}
