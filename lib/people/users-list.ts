import "server-only";
import { getDb, Prisma, type Db } from "@/lib/db";
import { personaOf, type Actor, type OrgRole } from "@/lib/permissions";
import type { ListStatus, UsersQuery } from "./schemas";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { listFilters } from "./users-list-filters";

export { memberSearch, type SearchedRows } from "./users-list-filters";

export interface UserListRow {
  kind: "member" | "invitation";
  /** Membership id or invitation id. */
  id: string;
  userId: string | null;
  firstName: string;
  lastName: string;
  email: string;
  role: OrgRole;
  status: ListStatus;
  workspaceCount: number;
  /** Explicit workspace ids (members) or granted ones (invitations). */
  workspaceIds: string[];
  createdAt: Date;
  /** The last invitation email's fate (invitations only). */
  emailStatus: "queued" | "sent" | "failed" | null;
}

type KeyedSort = Exclude<UsersQuery["sort"], "status">;

/**
 * Each sort's key in a Membership row (`m`) and in an Invitation row (`i`), of the same type in
 * both. A member's keys are columns that triggers keep (migration 20261202070655_users_list_keys):
 * copies of the user's `lower(firstName || ' ' || lastName)` and email, and the number of
 * workspaces; each has an index on (organizationId, key, sortFirstName, sortLastName, id) per
 * direction (schema.prisma, Membership), so the member branch is read in order, whatever the page.
 * Roles sort as the enum is declared: owner, admin, member. Invitations are few, and sorted.
 */
const MEMBER_KEY: Record<KeyedSort, Prisma.Sql> = {
  name: Prisma.sql`m."sortName"`,
  email: Prisma.sql`m."sortEmail"`,
  role: Prisma.sql`m.role`,
  workspaces: Prisma.sql`m."workspaceCount"`,
  joined: Prisma.sql`m."createdAt"`,
};
const INVITATION_KEY: Record<KeyedSort, Prisma.Sql> = {
  name: Prisma.sql`lower(i."firstName" || ' ' || i."lastName")`,
  email: Prisma.sql`i.email`,
  role: Prisma.sql`i.role`,
  workspaces: Prisma.sql`i."workspaceCount"`,
  joined: Prisma.sql`i."createdAt"`,
};

/** The statuses in the order the list sorts them (as texts, alphabetically). */
const STATUS_ORDER = ["active", "disabled", "expired", "pending", "suspended"] as const;
const INVITATION_STATUSES: readonly ListStatus[] = ["expired", "pending"];

/**
 * The Users list (docs/product.md, "Pages"): members and open invitations in one sortable,
 * filterable, paged list, scoped to what the caller may see; the organization is in every WHERE.
 *
 * Built to stay fast at 100,000 members (`npm run bench` measures it). The whole order is total:
 * the sort key in the chosen direction, then lower(first name), lower(last name) and id,
 * ascending. Members and invitations are two branches of a UNION, each with every filter on its
 * own columns, so that indexes serve them:
 *
 * - Sorts by name, email, role, workspaces and joined: each branch is read in the list's order
 *   (members from the index of that sort and direction, invitations sorted) and cut after
 *   `offset + size` rows, and PostgreSQL merges the two (Merge Append) and skips to the page. Page
 *   2,000 reads 50,000 index entries and no row; the names and details are fetched for the page's
 *   rows only.
 * - Sort by status: every status comes from one branch only, so the order is a run of blocks
 *   (active members, disabled members, expired invitations, pending invitations, suspended
 *   members; reversed for descending), each in name order. The page's query counts each block
 *   first, then reads only the blocks that overlap the page, each from Membership's status index
 *   at its own offset. Which members are active or suspended depends on the organization's
 *   subscription, read first (one row) when the status order or filter needs it.
 * - A search (three characters or more) is served by a trigram index on the member's keys
 *   (Membership_search_trgm_idx); shorter ones read every member. The matches are sorted, and
 *   counted on the way.
 * - The total comes with the page: from MembershipCount (memberships per role and status, kept by
 *   triggers), or WorkspaceRoleCount (a workspace role's holders, kept by triggers) when that
 *   role is the only condition; a workspace alone is counted from the workspace roles' indexes;
 *   otherwise (a search, or several conditions) the matching members are counted.
 * - The scope, the workspace and workspace-role filters and the search are users-list-filters.ts's:
 *   EXISTS conditions on the workspace roles, which the planner runs as semi-joins.
 *
 * One statement (a second only for the total of a page past the end), and one more for the
 * subscription when the status order or filter needs it.
 */
export async function listUsers(
  actor: Actor,
  query: UsersQuery,
): Promise<{ rows: UserListRow[]; total: number }> {
  const db = await getDb();
  const org = actor.organizationId;
  const persona = personaOf(actor);
  if (persona === "member") return { rows: [], total: 0 };

  const status = query.status;
  const needsSubscription =
    query.sort === "status" || status === "active" || status === "suspended";
  const [tree, lapsed] = await Promise.all([
    getWorkspaceTree(org),
    needsSubscription ? subscriptionLapsed(db, org) : false,
  ]);

  const {
    memberFilters,
    invitationFilters,
    inWorkspaces,
    memberTotal: heldTotal,
    none,
  } = listFilters(actor, query, tree);
  if (none) return { rows: [], total: 0 };
  // Which rows have each status, on the tables' own columns (so that the status index serves
  // them); a status that no row can have here is absent.
  const statusIs = statusConditions(lapsed);
  let withMembers = true;
  let withInvitations = true;
  if (status) {
    const condition = statusIs[status];
    const isInvitationStatus = INVITATION_STATUSES.includes(status);
    withMembers = !isInvitationStatus && condition !== null;
    withInvitations = isInvitationStatus;
    if (condition) (isInvitationStatus ? invitationFilters : memberFilters).push(condition);
  }
  if (!withMembers && !withInvitations) return { rows: [], total: 0 };

  if (query.sort === "workspaces" && inWorkspaces) {
    // Implied by a role in a workspace, but the planner can't know: said, it lets the workspaces
    // order skip the members without any (a quarter of them, all first) instead of testing each.
    memberFilters.push(Prisma.sql`m."workspaceCount" > 0`);
  }

  const memberWhere = Prisma.sql`WHERE ${Prisma.join(memberFilters, " AND ")}`;
  const invitationWhere = Prisma.sql`WHERE ${Prisma.join(invitationFilters, " AND ")}`;
  // Where the page's query reads members from, and the common table expressions it needs. A
  // search collects its matches first (through the trigram index) and sorts them: read in an
  // index's order and tested one by one instead, as the planner would otherwise choose for a
  // short page, a search reads every member. The collected matches (~7,000 for "smith" in
  // 100,000 members) keep only the columns the page's query reads after them: its order's, and
  // the status blocks'.
  const ctes: Prisma.Sql[] = [];
  let members = Prisma.sql`"Membership" m ${memberWhere}`;
  if (query.q) {
    const key = query.sort === "status" || query.sort === "role" ? [] : [MEMBER_KEY[query.sort]];
    const kept = [Prisma.sql`m.id, m.role, m.status, m."sortFirstName", m."sortLastName"`, ...key];
    ctes.push(
      Prisma.sql`matched AS MATERIALIZED (SELECT ${Prisma.join(kept)} FROM "Membership" m ${memberWhere})`,
    );
    members = Prisma.sql`matched m WHERE TRUE`;
  }
  const invitations = Prisma.sql`"Invitation" i ${invitationWhere}`;
  const union = (member: Prisma.Sql, invitation: Prisma.Sql, separator = " UNION ALL ") =>
    Prisma.join(
      [...(withMembers ? [member] : []), ...(withInvitations ? [invitation] : [])],
      separator,
    );
  const offset = (query.page - 1) * query.size;
  const direction = query.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;

  // The total. Without a search or a workspace condition, the member filters are all on the
  // organization, role and status — columns MembershipCount has too, whose rows (one per role and
  // status, kept by triggers) add up to it at once; otherwise the matching members are counted.
  // Invitations are few: counted. Two counts added up are cheaper than one count over a UNION.
  const memberCounts =
    query.q || inWorkspaces
      ? { from: Prisma.sql`"Membership" m ${memberWhere}`, count: Prisma.sql`count(*)` }
      : { from: Prisma.sql`"MembershipCount" m ${memberWhere}`, count: Prisma.sql`sum(m.members)` };
  // Members with a role in a workspace or a given role, and nothing else asked: their total
  // without reading them (kept counts, or the workspace roles' own indexes).
  const memberTotal =
    heldTotal ?? Prisma.sql`(SELECT coalesce(${memberCounts.count}, 0) FROM ${memberCounts.from})`;
  const total = Prisma.sql`(${union(
    memberTotal,
    Prisma.sql`(SELECT count(*) FROM ${invitations})`,
    " + ",
  )})::int`;

  let page: Prisma.Sql;
  let order: Prisma.Sql;
  if (query.sort === "status") {
    const statuses = query.dir === "desc" ? [...STATUS_ORDER].reverse() : [...STATUS_ORDER];
    const blocks = statuses.flatMap((blockStatus) => {
      const condition = statusIs[blockStatus];
      const isInvitationStatus = INVITATION_STATUSES.includes(blockStatus);
      if (!condition || (status && status !== blockStatus)) return [];
      if (isInvitationStatus ? !withInvitations : !withMembers) return [];
      return [{ condition, kind: isInvitationStatus ? "invitation" : "member" } as const];
    });
    if (blocks.length === 0) return { rows: [], total: 0 };
    page = statusBlocksPage(blocks, {
      ctes,
      members,
      memberCounts: query.q ? { from: members, count: Prisma.sql`count(*)` } : memberCounts,
      invitations,
      offset,
      size: query.size,
    });
    order = Prisma.sql`ORDER BY p.block, p.f, p.l, p.id`;
  } else {
    // A search counts its matches on the way (window functions run before the LIMIT). Not the
    // invitations otherwise: a window over the page's query would make it read every row before
    // the offset (page 2,000: 50,000) instead of skipping them.
    const branchOrder = Prisma.sql`ORDER BY k ${direction}, f, l, id LIMIT ${offset + query.size}`;
    // The members' count is read from the collected matches (~2 ms less than a window over
    // 7,000 of them).
    const branchTotal = query.q ? Prisma.sql`, count(*) OVER () AS "branchTotal"` : Prisma.empty;
    const matchedTotal = query.q
      ? Prisma.sql`, (SELECT count(*) FROM matched) AS "branchTotal"`
      : Prisma.empty;
    const memberBranch = Prisma.sql`(SELECT 'member' AS kind, m.id, ${MEMBER_KEY[query.sort]} AS k,
        m."sortFirstName" AS f, m."sortLastName" AS l ${matchedTotal}
      FROM ${members} ${branchOrder})`;
    const invitationBranch = Prisma.sql`(SELECT 'invitation' AS kind, i.id, ${INVITATION_KEY[query.sort]} AS k,
        lower(i."firstName") AS f, lower(i."lastName") AS l ${branchTotal}
      FROM ${invitations} ${branchOrder})`;
    page = Prisma.sql`${withClause(ctes)} SELECT *, ${
      query.q
        ? Prisma.sql`(coalesce(max("branchTotal") FILTER (WHERE kind = 'member') OVER (), 0)
          + coalesce(max("branchTotal") FILTER (WHERE kind = 'invitation') OVER (), 0))::int`
        : total
    } AS total
      FROM (${union(memberBranch, invitationBranch)}) AS people
      ORDER BY k ${direction}, f, l, id LIMIT ${query.size} OFFSET ${offset}`;
    order = Prisma.sql`ORDER BY p.k ${direction}, p.f, p.l, p.id`;
  }

  // The page's rows, with their details: only now are names, statuses and workspaces read.
  const pageRows = db.$queryRaw<(UserListRow & { total: number })[]>`
    SELECT p.kind, p.id, m."userId",
      coalesce(u."firstName", i."firstName") AS "firstName",
      coalesce(u."lastName", i."lastName") AS "lastName",
      coalesce(u.email, i.email) AS email,
      coalesce(m.role, i.role)::text AS role,
      CASE
        WHEN i.id IS NOT NULL THEN CASE WHEN i."expiresAt" <= now() THEN 'expired' ELSE 'pending' END
        WHEN m.status = 'disabled' THEN 'disabled'
        WHEN m.role <> 'owner' AND o."subscriptionActiveUntil" < now() THEN 'suspended'
        ELSE 'active'
      END AS status,
      coalesce(m."workspaceCount", i."workspaceCount") AS "workspaceCount",
      CASE WHEN p.kind = 'member'
        THEN (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "WorkspaceMembership" w WHERE w."membershipId" = p.id)
        ELSE (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "InvitationWorkspace" w WHERE w."invitationId" = p.id)
      END AS "workspaceIds",
      coalesce(m."createdAt", i."createdAt") AS "createdAt",
      i."lastEmailStatus"::text AS "emailStatus",
      p.total
    FROM (${page}) AS p
    JOIN "Organization" o ON o.id = ${org}
    LEFT JOIN "Membership" m ON p.kind = 'member' AND m.id = p.id
    LEFT JOIN "User" u ON u.id = m."userId"
    LEFT JOIN "Invitation" i ON p.kind = 'invitation' AND i.id = p.id
    ${order}`;

  const withTotals = await pageRows;
  const rows = withTotals.map(({ total: _total, ...row }) => row);
  // An empty first page means no matches; an empty later page says nothing about the total.
  if (withTotals[0]) return { rows, total: withTotals[0].total };
  if (query.page === 1) return { rows, total: 0 };
  const [counted] = await db.$queryRaw<{ total: number }[]>`SELECT ${total} AS total`;
  return { rows, total: counted?.total ?? 0 };
}

/** Whether the organization's subscription has lapsed (its non-owners read as suspended). */
async function subscriptionLapsed(db: Db, organizationId: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ lapsed: boolean | null }[]>`
    SELECT "subscriptionActiveUntil" < now() AS lapsed FROM "Organization" WHERE id = ${organizationId}`;
  return row?.lapsed === true;
}

/**
 * The rows that have each status, as conditions on Membership (`m`) or Invitation (`i`); null for
 * a status no member can have. While the subscription has lapsed, every non-owner member who is
 * not disabled reads as suspended (lib/permissions/roles.ts, effectiveMembershipStatus).
 */
function statusConditions(lapsed: boolean): Record<ListStatus, Prisma.Sql | null> {
  return {
    active: lapsed
      ? Prisma.sql`m.status = 'active' AND m.role = 'owner'`
      : Prisma.sql`m.status = 'active'`,
    disabled: Prisma.sql`m.status = 'disabled'`,
    suspended: lapsed ? Prisma.sql`m.status = 'active' AND m.role <> 'owner'` : null,
    expired: Prisma.sql`i."expiresAt" <= now()`,
    pending: Prisma.sql`i."expiresAt" > now()`,
  };
}

/**
 * The page of the status order: the blocks (one status each, in the list's order) are counted
 * first, in one pass per table; then each block that overlaps the page is read from its own offset
 * (members from Membership_list_status_idx, in name order) and the others not at all (LIMIT 0).
 * Every row carries the total (the blocks added up).
 */
function statusBlocksPage(
  blocks: { condition: Prisma.Sql; kind: "member" | "invitation" }[],
  source: {
    ctes: Prisma.Sql[];
    members: Prisma.Sql;
    /** Where the members are counted from, and how (rows, or MembershipCount's sums). */
    memberCounts: { from: Prisma.Sql; count: Prisma.Sql };
    invitations: Prisma.Sql;
    offset: number;
    size: number;
  },
): Prisma.Sql {
  const { ctes, members, memberCounts, invitations, offset, size } = source;
  const countsOf = (kind: "member" | "invitation") => {
    const count = kind === "member" ? memberCounts.count : Prisma.sql`count(*)`;
    const columns = blocks.flatMap((block, index) =>
      block.kind === kind
        ? [
            Prisma.sql`coalesce(${count} FILTER (WHERE ${block.condition}), 0)::int AS ${Prisma.raw(`b${index}`)}`,
          ]
        : [],
    );
    if (columns.length === 0) return [];
    return kind === "member"
      ? [Prisma.sql`(SELECT ${Prisma.join(columns)} FROM ${memberCounts.from}) AS mc`]
      : [Prisma.sql`(SELECT ${Prisma.join(columns)} FROM ${invitations}) AS ic`];
  };
  const counted = [...countsOf("member"), ...countsOf("invitation")];
  const sumOf = (count: number) =>
    count === 0
      ? Prisma.sql`0`
      : Prisma.join(
          blocks.slice(0, count).map((_, index) => Prisma.raw(`b${index}`)),
          " + ",
        );
  const reads = blocks.map((block, index) => {
    const start = sumOf(index);
    const end = sumOf(index + 1);
    const rows =
      block.kind === "member"
        ? Prisma.sql`SELECT ${Prisma.raw(String(index))} AS block, 'member' AS kind, m.id, m."sortFirstName" AS f, m."sortLastName" AS l
          FROM ${members} AND ${block.condition}`
        : Prisma.sql`SELECT ${Prisma.raw(String(index))} AS block, 'invitation' AS kind, i.id, lower(i."firstName") AS f, lower(i."lastName") AS l
          FROM ${invitations} AND ${block.condition}`;
    // The block holds positions [start, end) of the whole order; the page wants [offset, offset + size).
    return Prisma.sql`(${rows} ORDER BY f, l, id
      OFFSET (SELECT greatest(0, ${offset} - (${start})) FROM counts)
      LIMIT (SELECT greatest(0, least(${offset + size}, ${end}) - greatest(${offset}, ${start})) FROM counts))`;
  });
  const counts = Prisma.sql`counts AS MATERIALIZED (SELECT * FROM ${Prisma.join(counted, ", ")})`;
  return Prisma.sql`${withClause([...ctes, counts])}
    SELECT people.*, (SELECT ${sumOf(blocks.length)} FROM counts)::int AS total
    FROM (${Prisma.join(reads, " UNION ALL ")}) AS people
    -- Never more than a page; said here so that the planner knows (the blocks' limits are
    -- computed while the query runs).
    LIMIT ${size}`;
}

const withClause = (ctes: Prisma.Sql[]) =>
  ctes.length > 0 ? Prisma.sql`WITH ${Prisma.join(ctes, ", ")}` : Prisma.empty;
