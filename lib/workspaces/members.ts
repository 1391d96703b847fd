import "server-only";
import { Prisma, type Db } from "@/lib/db";
import {
  can,
  effectiveRolesIn,
  personaOf,
  type Actor,
  type MembershipStatus,
  type OrgRole,
  type Target,
  type WorkspaceRole,
  type WorkspaceTree,
} from "@/lib/permissions";
import { displayName, memberSearch } from "@/lib/people";
import type { WorkspacePageQuery } from "./schemas";

/** How many members a workspace page lists at a time. */
export const WORKSPACE_MEMBERS_PAGE_SIZE = 50;
/** How many of the owner and admins a workspace page names (the rest: a count). */
export const ORGANIZATION_MANAGERS_SHOWN = 10;
/** How many people the "add someone" search offers at a time. */
export const ADDABLE_LIMIT = 10;

export interface WorkspaceMemberRow {
  userId: string;
  name: string;
  email: string;
  status: MembershipStatus;
  /** Their own role here, if any (it may be outranked by an inherited one). */
  explicitRole: WorkspaceRole | null;
  effectiveRole: WorkspaceRole;
  /** Where the effective role comes from, when it is inherited. */
  inheritedFrom: { id: string; name: string } | null;
  /** The viewer may change or remove this person's role here. */
  editable: boolean;
}

export interface OrganizationManagerRow {
  userId: string;
  name: string;
  email: string;
  orgRole: Exclude<OrgRole, "member">;
  status: MembershipStatus;
}

/** A workspace's people, as its page shows them to someone who may see its members. */
export interface WorkspacePeople {
  /** One page of the people with a role here (explicit or inherited), matching the search. */
  members: WorkspaceMemberRow[];
  memberList: { q: string; page: number; pages: number; total: number };
  /** The owner and admins (managers of every workspace): the first few, and how many in all. */
  organizationManagers: OrganizationManagerRow[];
  organizationManagersTotal: number;
  /**
   * Organization members the viewer may add here (active, no role here yet) matching `find`:
   * the first ADDABLE_LIMIT of them, and whether there are more.
   */
  addable: {
    find: string;
    people: { userId: string; name: string; email: string }[];
    more: boolean;
  };
  /** The viewer may add people here (they manage it). */
  canAdd: boolean;
}

export const NO_PEOPLE: WorkspacePeople = {
  members: [],
  memberList: { q: "", page: 1, pages: 1, total: 0 },
  organizationManagers: [],
  organizationManagersTotal: 0,
  addable: { find: "", people: [], more: false },
  canAdd: false,
};

/** A person as the lists read them: membership, user, and all their own workspace roles. */
interface PersonRow {
  id: string;
  role: OrgRole;
  status: "active" | "disabled";
  user: { id: string; email: string; firstName: string; lastName: string };
  workspaceRoles: { workspaceId: string; role: WorkspaceRole }[];
}

interface RawPerson {
  id: string;
  role: OrgRole;
  status: "active" | "disabled";
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  workspaceRoles: { workspaceId: string; role: WorkspaceRole }[];
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
 * Each word is the Users list's search (memberSearch), which the membership search index serves
 * for words of three characters or more; a word has no white space, so it can't match across
 * the names and the email.
 */
function personSearch(text: string | undefined): Prisma.Sql {
  const words = (text ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  if (words.length === 0) return Prisma.empty;
  return Prisma.sql`AND ${Prisma.join(words.map(memberSearch), " AND ")}`;
}

interface ListedPeople {
  people: PersonRow[];
  /** How many match in all (0 unless the list asked for it). */
  total: number;
}

/** One list for peopleLists (exported for its tests). */
export type PeopleList = MatchingList | WorkspaceMembersList;

/** The people matching a condition. */
interface MatchingList {
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
 * each person with all their own workspace roles, and how many match in all when asked. One
 * statement for all the lists: the roles are read for the listed rows only.
 *
 * The order's keys are kept on Membership (lowercased names, migration
 * 20261202070655_users_list_keys), so that an index on (organizationId, role, sortFirstName,
 * sortLastName, id) can deliver the order and a page stop early: the owner and admins, the
 * people one may add. A list that counts its matches (a search) collects them first (a
 * MATERIALIZED CTE, planned on its own) and sorts them: with a count over the window, the
 * planner would cost a LIMIT as stopping early when it cannot. A workspace's members come from
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
      const matched = Prisma.sql`SELECT m.id, m.role, m.status, m."sortFirstName",
          m."sortLastName", u.id AS "userId", u.email, u."firstName", u."lastName"
        FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE ${where}`;
      return Prisma.sql`(
        WITH matched AS MATERIALIZED (${matched})
        SELECT ${wholeNumber(i)} AS list, m.id, m.role::text AS role, m.status::text AS status,
          m."userId", m.email, m."firstName", m."lastName",
          row_number() OVER (ORDER BY ${order})::int AS n,
          (SELECT count(*) FROM matched)::int AS total
        FROM matched m
        ${page})`;
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
        (SELECT json_agg(json_build_object('workspaceId', r."workspaceId", 'role', r.role))
         FROM "WorkspaceMembership" r WHERE r."membershipId" = p.id), '[]') AS "workspaceRoles"
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
async function peopleWhere(db: Db, list: PeopleList): Promise<ListedPeople> {
  const [result] = await peopleLists(db, [list]);
  return result;
}

interface PeopleContext {
  db: Db;
  actor: Actor;
  tree: WorkspaceTree;
  workspaceId: string;
  query: WorkspacePageQuery;
  /** The workspace's member count as the database keeps it (Workspace.memberCount). */
  memberCount: number;
  /** A membership's status as it reads now (suspended while the subscription has lapsed). */
  status: (stored: "active" | "disabled", role: OrgRole) => MembershipStatus;
}

/**
 * The members: people with a role on this workspace's path (their own here, or inherited from
 * an ancestor), a page at a time, and the organization's owner and admins (managers of every
 * workspace); then the people the viewer may add. The matrix decides what the viewer may do to
 * each, from all the person's grants.
 */
export async function workspacePeople(ctx: PeopleContext): Promise<WorkspacePeople> {
  const { db, actor, tree, workspaceId, query, status } = ctx;
  const organizationId = actor.organizationId;
  const path = tree.withAncestors([workspaceId]);
  const search = personSearch(query.q);
  const member = Prisma.sql`m."organizationId" = ${organizationId} AND m.role = 'member' ${search}`;
  const memberWhere = Prisma.sql`${member} AND EXISTS (SELECT 1 FROM "WorkspaceMembership" g
    WHERE g."membershipId" = m.id AND g."workspaceId" IN (${Prisma.join(path)}))`;
  const searching = search !== Prisma.empty;
  // Without a search the list holds exactly the people Workspace.memberCount counts, so that
  // count (read with the tree) is its total, and a page past the last is known before asking.
  let page = searching
    ? query.page
    : Math.min(query.page, Math.max(1, Math.ceil(ctx.memberCount / WORKSPACE_MEMBERS_PAGE_SIZE)));
  // Without a search, the page is read from each path workspace's member-order index. A search
  // counts its matches: they are collected (through the membership search index) and sorted.
  const membersPage = (page: number): PeopleList => {
    const window = {
      limit: WORKSPACE_MEMBERS_PAGE_SIZE,
      offset: (page - 1) * WORKSPACE_MEMBERS_PAGE_SIZE,
    };
    return searching
      ? { ...window, where: memberWhere, total: "count" }
      : { ...window, membersOf: { organizationId, workspaceIds: path } };
  };
  // The owner, then admins by name: a list each, so that each is one stretch of the index. Their
  // totals, without a search, are the counts MembershipCount keeps.
  const managers = (role: "owner" | "admin"): PeopleList => ({
    where: Prisma.sql`m."organizationId" = ${organizationId} AND m.role = ${role}::"OrgRole" ${search}`,
    limit: ORGANIZATION_MANAGERS_SHOWN,
    total: searching
      ? "count"
      : Prisma.sql`(SELECT coalesce(sum(c.members), 0) FROM "MembershipCount" c
          WHERE c."organizationId" = ${organizationId} AND c.role = ${role}::"OrgRole")`,
  });
  const [[firstTry, owners, admins], addable] = await Promise.all([
    peopleLists(db, [membersPage(page), managers("owner"), managers("admin")]),
    addablePeople(ctx, path),
  ]);
  let members = searching ? firstTry : { ...firstTry, total: ctx.memberCount };
  // A search's page past the last (the list shrank, or a hand-made URL): the last page instead.
  if (members.people.length === 0 && page > 1) {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE ${memberWhere}`;
    page = Math.max(1, Math.ceil((row?.n ?? 0) / WORKSPACE_MEMBERS_PAGE_SIZE));
    members = await peopleWhere(db, membersPage(page));
  }
  const memberTotal = members.total;
  const pages = Math.max(1, Math.ceil(memberTotal / WORKSPACE_MEMBERS_PAGE_SIZE));
  const organizationManagers = [...owners.people, ...admins.people].slice(
    0,
    ORGANIZATION_MANAGERS_SHOWN,
  );

  const people = [...organizationManagers, ...members.people].map((p) => ({
    ...p,
    membershipId: p.id,
    orgRole: p.role,
    grants: p.workspaceRoles,
  }));
  const rows = effectiveRolesIn(tree, workspaceId, people);
  return {
    members: rows.flatMap(({ person, effective }) =>
      effective.source === "organization"
        ? []
        : [
            {
              userId: person.user.id,
              name: displayName(person.user),
              email: person.user.email,
              status: status(person.status, person.role),
              explicitRole: effective.explicitRole,
              effectiveRole: effective.role,
              inheritedFrom:
                effective.source === "inherited"
                  ? { id: effective.inheritedFrom.id, name: effective.inheritedFrom.name }
                  : null,
              editable: can(actor, "users.setWorkspaceRoles", personTarget(ctx, person)),
            },
          ],
    ),
    memberList: { q: query.q ?? "", page, pages, total: memberTotal },
    organizationManagers: rows.flatMap(({ person, effective }) =>
      effective.source === "organization"
        ? [
            {
              userId: person.user.id,
              name: displayName(person.user),
              email: person.user.email,
              orgRole: person.role === "owner" ? ("owner" as const) : ("admin" as const),
              status: status(person.status, person.role),
            },
          ]
        : [],
    ),
    organizationManagersTotal: owners.total + admins.total,
    addable,
    canAdd: actor.managedWorkspaceIds.has(workspaceId),
  };
}

/** The matrix's target for a person and this workspace, with where their roles reach. */
function personTarget({ actor, tree, workspaceId }: PeopleContext, person: PersonRow): Target {
  return {
    kind: "user",
    organizationId: actor.organizationId,
    userId: person.user.id,
    orgRole: person.role,
    workspaceIds: tree.subtreeOf(person.workspaceRoles.map((g) => g.workspaceId)),
    workspaceId,
  };
}

/**
 * The people the viewer may add here: active organization members with no role on this
 * workspace's path yet; for a workspace manager, only people from their own workspaces (or
 * inheriting into them). Found by a search, a few at a time, so this stays small in any
 * organization; the matrix has the last word on each.
 */
async function addablePeople(
  ctx: PeopleContext,
  path: string[],
): Promise<WorkspacePeople["addable"]> {
  const { db, actor, tree, workspaceId, query, status } = ctx;
  if (!actor.managedWorkspaceIds.has(workspaceId)) return { find: "", people: [], more: false };
  const find = query.find ?? "";
  // While the subscription has lapsed, nobody but the owner is active: nobody to add.
  if (status("active", "member") !== "active") return { find, people: [], more: false };
  const scope =
    personaOf(actor) === "manager"
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM "WorkspaceMembership" s WHERE s."membershipId" = m.id
          AND s."workspaceId" IN (${Prisma.join(tree.withAncestors(actor.managedWorkspaceIds))}))`
      : Prisma.empty;
  const { people: candidates } = await peopleWhere(db, {
    where: Prisma.sql`m."organizationId" = ${actor.organizationId} AND m.role = 'member'
      AND m.status = 'active'
      AND NOT EXISTS (SELECT 1 FROM "WorkspaceMembership" g
        WHERE g."membershipId" = m.id AND g."workspaceId" IN (${Prisma.join(path)}))
      ${scope} ${personSearch(query.find)}`,
    limit: ADDABLE_LIMIT + 1,
  });
  return {
    find,
    more: candidates.length > ADDABLE_LIMIT,
    people: candidates
      .slice(0, ADDABLE_LIMIT)
      .filter((p) => can(actor, "users.setWorkspaceRoles", personTarget(ctx, p)))
      .map((p) => ({ userId: p.user.id, name: displayName(p.user), email: p.user.email })),
  };
}
