import "server-only";
import { getDb, Prisma } from "@/lib/db";
import { personaOf, type Actor, type OrgRole } from "@/lib/permissions";
import type { ListStatus, UsersQuery } from "@/lib/validation/users";
import { loadWorkspaceTree } from "./people";

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
  emailFailed: boolean;
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
 * The Users list (SPEC §3): members and open invitations in one sortable, filterable, paged list,
 * scoped to what the caller may see. One query for the page, one for the total; the organization
 * is in every WHERE.
 */
export async function listUsers(actor: Actor, query: UsersQuery): Promise<{ rows: UserListRow[]; total: number }> {
  const db = await getDb();
  const org = actor.organizationId;
  const persona = personaOf(actor);
  if (persona === "member") return { rows: [], total: 0 };

  const tree = await loadWorkspaceTree(db, org);
  // Managers see people with a role in their workspaces — explicit there, or inherited from an
  // ancestor — and invitations into one of their workspaces.
  let memberScope = Prisma.empty;
  let invitationScope = Prisma.empty;
  if (persona === "manager") {
    const reach = new Set<string>();
    for (const id of actor.managedWorkspaceIds) {
      reach.add(id);
      for (const a of tree.ancestors(id)) reach.add(a.id);
    }
    const reachList = [...reach];
    const managedList = [...actor.managedWorkspaceIds];
    memberScope = Prisma.sql`AND m.role = 'member' AND EXISTS (SELECT 1 FROM "WorkspaceMembership" s WHERE s."membershipId" = m.id AND s."workspaceId" IN (${Prisma.join(reachList)}))`;
    invitationScope = Prisma.sql`AND EXISTS (SELECT 1 FROM "InvitationWorkspace" s WHERE s."invitationId" = i.id AND s."workspaceId" IN (${Prisma.join(managedList)}))`;
  }

  let memberWorkspaceFilter = Prisma.empty;
  let invitationWorkspaceFilter = Prisma.empty;
  if (query.workspace && tree.has(query.workspace)) {
    // In a workspace = a role there, or in one of its ancestors (inherited).
    const ids = [query.workspace, ...tree.ancestors(query.workspace).map((a) => a.id)];
    memberWorkspaceFilter = Prisma.sql`AND EXISTS (SELECT 1 FROM "WorkspaceMembership" f WHERE f."membershipId" = m.id AND f."workspaceId" IN (${Prisma.join(ids)}))`;
    invitationWorkspaceFilter = Prisma.sql`AND EXISTS (SELECT 1 FROM "InvitationWorkspace" f WHERE f."invitationId" = i.id AND f."workspaceId" IN (${Prisma.join(ids)}))`;
  } else if (query.workspace) {
    return { rows: [], total: 0 };
  }

  const filters: Prisma.Sql[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(
      Prisma.sql`("firstName" || ' ' || "lastName" ILIKE ${like} OR email ILIKE ${like} OR "lastName" || ' ' || "firstName" ILIKE ${like})`,
    );
  }
  if (query.role) filters.push(Prisma.sql`role = ${query.role}`);
  if (query.status) filters.push(Prisma.sql`status = ${query.status}`);
  const where = filters.length > 0 ? Prisma.sql`WHERE ${Prisma.join(filters, " AND ")}` : Prisma.empty;

  const people = Prisma.sql`
    SELECT 'member' AS kind, m.id, u.id AS "userId", u."firstName", u."lastName", u.email, m.role::text AS role,
      CASE
        WHEN m.status = 'disabled' THEN 'disabled'
        WHEN m.role <> 'owner' AND o."subscriptionActiveUntil" < now() THEN 'suspended'
        ELSE 'active'
      END AS status,
      (SELECT count(*)::int FROM "WorkspaceMembership" w WHERE w."membershipId" = m.id) AS "workspaceCount",
      (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "WorkspaceMembership" w WHERE w."membershipId" = m.id) AS "workspaceIds",
      m."createdAt", false AS "emailFailed"
    FROM "Membership" m
    JOIN "User" u ON u.id = m."userId"
    JOIN "Organization" o ON o.id = m."organizationId"
    WHERE m."organizationId" = ${org} ${memberScope} ${memberWorkspaceFilter}
    UNION ALL
    SELECT 'invitation', i.id, NULL, i."firstName", i."lastName", i.email, i.role::text,
      CASE WHEN i."expiresAt" <= now() THEN 'expired' ELSE 'pending' END,
      (SELECT count(*)::int FROM "InvitationWorkspace" w WHERE w."invitationId" = i.id),
      (SELECT coalesce(array_agg(w."workspaceId"), '{}') FROM "InvitationWorkspace" w WHERE w."invitationId" = i.id),
      i."createdAt", coalesce(i."lastEmailStatus" = 'failed', false)
    FROM "Invitation" i
    WHERE i."organizationId" = ${org} AND i.status = 'pending' ${invitationScope} ${invitationWorkspaceFilter}`;

  const direction = query.dir === "desc" ? Prisma.sql`DESC` : Prisma.sql`ASC`;
  const offset = (query.page - 1) * query.size;
  const [rows, counted] = await Promise.all([
    db.$queryRaw<UserListRow[]>`
      SELECT * FROM (${people}) AS people ${where}
      ORDER BY ${SORT_SQL[query.sort]} ${direction}, lower("firstName"), lower("lastName"), id
      LIMIT ${query.size} OFFSET ${offset}`,
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM (${people}) AS people ${where}`,
  ]);
  return { rows, total: counted[0]?.total ?? 0 };
}
