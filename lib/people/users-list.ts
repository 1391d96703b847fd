import "server-only";
import { getDb, Prisma } from "@/lib/db";
import { personaOf, type Actor, type OrgRole } from "@/lib/permissions";
import type { ListStatus, UsersQuery } from "./schemas";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

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

const SORT_SQL: Record<UsersQuery["sort"], Prisma.Sql> = {
  name: Prisma.sql`lower("firstName" || ' ' || "lastName")`,
  email: Prisma.sql`email`,
  role: Prisma.sql`CASE role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END`,
  status: Prisma.sql`status`,
  workspaces: Prisma.sql`"workspaceCount"`,
  joined: Prisma.sql`"createdAt"`,
};

/**
 * The Users list (docs/product.md, "Pages"): members and open invitations in one sortable, filterable, paged list,
 * scoped to what the caller may see. One query for the page, one for the total (a search counts
 * in the page's query); the organization is in every WHERE.
 *
 * Built to stay fast at 100,000 members (`npm run bench` measures it): filters sit in each
 * branch of the UNION where indexes can serve them, each branch is sorted and cut on its own so
 * an index can deliver the order, and the per-person workspace subqueries run for the page's
 * rows only. The default order, by name, comes from an expression index on User (migration
 * 20261129164500_users_name_order), so the first pages read a few dozen rows; deep pages, and
 * sorting by role, status or workspace count, still sort every matching row (their keys are
 * computed). A search of three characters or more is served by a trigram index on the searched
 * expression (migration 20261202040000_users_search_trigram); shorter ones read every name.
 */
export async function listUsers(
  actor: Actor,
  query: UsersQuery,
): Promise<{ rows: UserListRow[]; total: number }> {
  const db = await getDb();
  const org = actor.organizationId;
  const persona = personaOf(actor);
  if (persona === "member") return { rows: [], total: 0 };

  const tree = await getWorkspaceTree(org);
  // Managers see people with a role in their workspaces — explicit there, or inherited from an
  // ancestor — and invitations into one of their workspaces.
  let memberScope = Prisma.empty;
  let invitationScope = Prisma.empty;
  if (persona === "manager") {
    const reachList = tree.withAncestors(actor.managedWorkspaceIds);
    const managedList = [...actor.managedWorkspaceIds];
    memberScope = Prisma.sql`AND m.role = 'member' AND EXISTS (SELECT 1 FROM "WorkspaceMembership" s WHERE s."membershipId" = m.id AND s."workspaceId" IN (${Prisma.join(reachList)}))`;
    invitationScope = Prisma.sql`AND EXISTS (SELECT 1 FROM "InvitationWorkspace" s WHERE s."invitationId" = i.id AND s."workspaceId" IN (${Prisma.join(managedList)}))`;
  }

  let memberWorkspaceFilter = Prisma.empty;
  let invitationWorkspaceFilter = Prisma.empty;
  if (query.workspace && tree.has(query.workspace)) {
    // In a workspace = a role there, or in one of its ancestors (inherited).
    const ids = tree.withAncestors([query.workspace]);
    memberWorkspaceFilter = Prisma.sql`AND EXISTS (SELECT 1 FROM "WorkspaceMembership" f WHERE f."membershipId" = m.id AND f."workspaceId" IN (${Prisma.join(ids)}))`;
    invitationWorkspaceFilter = Prisma.sql`AND EXISTS (SELECT 1 FROM "InvitationWorkspace" f WHERE f."invitationId" = i.id AND f."workspaceId" IN (${Prisma.join(ids)}))`;
  } else if (query.workspace) {
    return { rows: [], total: 0 };
  }

  // Every filter goes into each branch of the UNION, on the tables' own columns (not on the
  // union's computed ones), so that the planner can use the indexes on (organizationId, role)
  // and (organizationId, status); a status that only one kind of row can have drops the other
  // branch altogether.
  const memberStatus = Prisma.sql`CASE
        WHEN m.status = 'disabled' THEN 'disabled'
        WHEN m.role <> 'owner' AND o."subscriptionActiveUntil" < now() THEN 'suspended'
        ELSE 'active'
      END`;
  const invitationStatus = Prisma.sql`CASE WHEN i."expiresAt" <= now() THEN 'expired' ELSE 'pending' END`;
  const memberFilters: Prisma.Sql[] = [];
  const invitationFilters: Prisma.Sql[] = [];
  if (query.q) {
    memberFilters.push(searchFilter("u", query.q));
    invitationFilters.push(searchFilter("i", query.q));
  }
  if (query.role) {
    memberFilters.push(Prisma.sql`m.role = ${query.role}::"OrgRole"`);
    invitationFilters.push(Prisma.sql`i.role = ${query.role}::"OrgRole"`);
  }
  const status = query.status;
  const memberOnlyStatus = status === "active" || status === "disabled" || status === "suspended";
  const withMembers = !status || memberOnlyStatus;
  const withInvitations = !status || !memberOnlyStatus;
  // The status filter needs the organization's row only for active/suspended.
  const statusNeedsOrganization = status === "active" || status === "suspended";
  if (status === "disabled") memberFilters.push(Prisma.sql`m.status = 'disabled'`);
  else if (memberOnlyStatus)
    memberFilters.push(Prisma.sql`m.status = 'active' AND ${memberStatus} = ${status}`);
  else if (status) invitationFilters.push(Prisma.sql`${invitationStatus} = ${status}`);
  const and = (list: Prisma.Sql[]) =>
    list.length > 0 ? Prisma.sql`AND ${Prisma.join(list, " AND ")}` : Prisma.empty;
  const memberWhere = Prisma.sql`WHERE m."organizationId" = ${org} ${memberScope} ${memberWorkspaceFilter} ${and(memberFilters)}`;
  const invitationWhere = Prisma.sql`WHERE i."organizationId" = ${org} AND i.status = 'pending' ${invitationScope} ${invitationWorkspaceFilter} ${and(invitationFilters)}`;
  const union = (member: Prisma.Sql, invitation: Prisma.Sql, separator = " UNION ALL ") =>
    Prisma.join(
      [...(withMembers ? [member] : []), ...(withInvitations ? [invitation] : [])],
      separator,
    );

  // The workspace count is computed for every row only when it is the sort key (one grouped pass
  // over the organization's workspace memberships, not a subquery per person); otherwise, like
  // the workspace ids, only for the page's rows.
  const byWorkspaces = query.sort === "workspaces";
  const memberRows = Prisma.sql`
    SELECT 'member' AS kind, m.id, u.id AS "userId", u."firstName", u."lastName", u.email, m.role::text AS role,
      ${memberStatus} AS status,
      ${byWorkspaces ? Prisma.sql`coalesce(wc.n, 0) AS "workspaceCount",` : Prisma.empty}
      m."createdAt", NULL::text AS "emailStatus"
    FROM "Membership" m
    JOIN "User" u ON u.id = m."userId"
    JOIN "Organization" o ON o.id = m."organizationId"
    ${
      byWorkspaces
        ? Prisma.sql`LEFT JOIN (
      SELECT "membershipId", count(*)::int AS n FROM "WorkspaceMembership"
      WHERE "organizationId" = ${org} GROUP BY "membershipId"
    ) wc ON wc."membershipId" = m.id`
        : Prisma.empty
    }
    ${memberWhere}`;
  const invitationRows = Prisma.sql`
    SELECT 'invitation' AS kind, i.id, NULL::text AS "userId", i."firstName", i."lastName", i.email,
      i.role::text AS role, ${invitationStatus} AS status,
      ${byWorkspaces ? Prisma.sql`(SELECT count(*)::int FROM "InvitationWorkspace" w WHERE w."invitationId" = i.id) AS "workspaceCount",` : Prisma.empty}
      i."createdAt", i."lastEmailStatus"::text AS "emailStatus"
    FROM "Invitation" i
    ${invitationWhere}`;

  // The page is the first `offset + size` rows of each branch, merged, sorted and cut. Sorting
  // inside each branch lets the planner read an index in order and stop early (name:
  // User_name_order_idx; email: the unique index on User.email; joined: Membership
  // (organizationId, createdAt)) instead of sorting everyone; the result is the same, since the
  // whole order (ties broken by name, then id) is total.
  const direction = query.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const order = Prisma.sql`ORDER BY ${SORT_SQL[query.sort]} ${direction}, lower("firstName"), lower("lastName"), id`;
  const offset = (query.page - 1) * query.size;
  // A search's page query counts the matches too, per branch, on the way (window functions run
  // before the LIMIT), rather than a second query finding them again.
  const countInline = query.q !== undefined;
  const firstRows = (rows: Prisma.Sql) =>
    Prisma.sql`(SELECT * ${countInline ? Prisma.sql`, count(*) OVER () AS "branchTotal"` : Prisma.empty}
      FROM (${rows}) AS branch ${order} LIMIT ${offset + query.size})`;
  const page = Prisma.sql`
    SELECT * ${
      countInline
        ? Prisma.sql`, (coalesce(max("branchTotal") FILTER (WHERE kind = 'member') OVER (), 0)
          + coalesce(max("branchTotal") FILTER (WHERE kind = 'invitation') OVER (), 0))::int AS total`
        : Prisma.empty
    }
    FROM (${union(firstRows(memberRows), firstRows(invitationRows))}) AS people
    ${order} LIMIT ${query.size} OFFSET ${offset}`;
  const workspaceCount = byWorkspaces
    ? Prisma.sql`p."workspaceCount"`
    : Prisma.sql`CASE WHEN p.kind = 'member'
        THEN (SELECT count(*)::int FROM "WorkspaceMembership" w WHERE w."membershipId" = p.id)
        ELSE (SELECT count(*)::int FROM "InvitationWorkspace" w WHERE w."invitationId" = p.id)
      END`;
  const pageRows = db.$queryRaw<(UserListRow & { total?: number })[]>`
    SELECT p.kind, p.id, p."userId", p."firstName", p."lastName", p.email, p.role, p.status,
      ${workspaceCount} AS "workspaceCount",
      CASE WHEN p.kind = 'member'
        THEN (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "WorkspaceMembership" w WHERE w."membershipId" = p.id)
        ELSE (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "InvitationWorkspace" w WHERE w."invitationId" = p.id)
      END AS "workspaceIds",
      p."createdAt", p."emailStatus" ${countInline ? Prisma.sql`, p.total` : Prisma.empty}
    FROM (${page}) AS p
    ${order}`;

  // The total needs no names (unless searching) and no organization row (unless its
  // subscription decides the status): every membership has exactly one user and organization,
  // so leaving the joins out changes no count, and saves a pass over every user. Two counts
  // added up are cheaper than one count over a UNION.
  const countRows = async () => {
    const counts = union(
      Prisma.sql`(SELECT count(*) FROM "Membership" m
      ${query.q ? Prisma.sql`JOIN "User" u ON u.id = m."userId"` : Prisma.empty}
      ${statusNeedsOrganization ? Prisma.sql`JOIN "Organization" o ON o.id = m."organizationId"` : Prisma.empty}
      ${memberWhere})`,
      Prisma.sql`(SELECT count(*) FROM "Invitation" i ${invitationWhere})`,
      " + ",
    );
    const [row] = await db.$queryRaw<{ total: number }[]>`SELECT (${counts})::int AS total`;
    return row?.total ?? 0;
  };

  if (!countInline) {
    const [rows, total] = await Promise.all([pageRows, countRows()]);
    return { rows, total };
  }
  const withTotals = await pageRows;
  const rows = withTotals.map(({ total: _total, ...row }) => row);
  // An empty first page means no matches; an empty later page says nothing about the total.
  const total = withTotals[0]?.total ?? (query.page === 1 ? 0 : await countRows());
  return { rows, total };
}

/**
 * The search: "first last", "last first" or the email contains `q`, any case (ILIKE,
 * with `%`, `_` and `\` taken literally). `table` is the alias of a User or Invitation row. The
 * usual form's expression is exactly the one User_search_trgm_idx indexes: change both together.
 */
function searchFilter(table: "u" | "i", q: string): Prisma.Sql {
  const t = Prisma.raw(table);
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  if (q.includes("\n")) {
    return Prisma.sql`(${t}."firstName" || ' ' || ${t}."lastName" ILIKE ${like} OR ${t}.email ILIKE ${like} OR ${t}."lastName" || ' ' || ${t}."firstName" ILIKE ${like})`;
  }
  // The same test as one ILIKE over the three texts joined by line breaks: a `q` without a line
  // break cannot match across one, so the rows are the same, and a third of the ILIKEs (each
  // lower-cases its text) is a third of the work on a search's full scan.
  return Prisma.sql`(${t}."firstName" || ' ' || ${t}."lastName" || chr(10) || ${t}."lastName" || ' ' || ${t}."firstName" || chr(10) || ${t}.email ILIKE ${like})`;
}
