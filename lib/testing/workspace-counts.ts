import type { Db } from "../db/client";

/**
 * Each workspace's member count as the definition has it, counted from scratch: people
 * (organization role member) with a role on the workspace's path, each once. Tests compare the
 * counts the database keeps (Workspace.memberCount) with this.
 */
export async function countedMemberCounts(
  db: Db,
  organizationId: string,
): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ workspaceId: string; n: number }[]>`
    WITH RECURSIVE path(id, ancestor) AS (
      SELECT id, id FROM "Workspace" WHERE "organizationId" = ${organizationId}
      UNION ALL
      SELECT p.id, w."parentId" FROM path p JOIN "Workspace" w ON w.id = p.ancestor
      WHERE w."parentId" IS NOT NULL
    )
    SELECT p.id AS "workspaceId", count(DISTINCT m.id)::int AS n
    FROM path p
    LEFT JOIN "WorkspaceMembership" g ON g."workspaceId" = p.ancestor
    LEFT JOIN "Membership" m ON m.id = g."membershipId" AND m.role = 'member'
    GROUP BY p.id`;
  return new Map(rows.map((r) => [r.workspaceId, r.n]));
}

/** The counts the database keeps, Workspace.memberCount, by workspace id. */
export async function keptMemberCounts(
  db: Db,
  organizationId: string,
): Promise<Map<string, number>> {
  const rows = await db.workspace.findMany({
    where: { organizationId },
    select: { id: true, memberCount: true },
  });
  return new Map(rows.map((r) => [r.id, r.memberCount]));
}

/** A workspace role's holders: people (each once) and workspaces where someone holds it. */
export interface RoleHolders {
  people: number;
  workspaces: number;
}

/**
 * Each workspace role's holders counted from scratch, by key ("guest", "custom:<id>"); roles nobody
 * holds are absent. Tests compare WorkspaceRoleCount, which triggers keep, with this.
 */
export async function countedRoleCounts(
  db: Db,
  organizationId: string,
): Promise<Map<string, RoleHolders>> {
  const rows = await db.$queryRaw<({ key: string } & RoleHolders)[]>`
    SELECT CASE WHEN "customRoleId" IS NULL THEN role::text ELSE 'custom:' || "customRoleId" END AS key,
      count(DISTINCT "membershipId")::int AS people, count(DISTINCT "workspaceId")::int AS workspaces
    FROM "WorkspaceMembership" WHERE "organizationId" = ${organizationId}
    GROUP BY 1 ORDER BY 1`;
  return new Map(rows.map(({ key, ...holders }) => [key, holders]));
}

/** The counts the database keeps (WorkspaceRoleCount), by key. */
export async function keptRoleCounts(
  db: Db,
  organizationId: string,
): Promise<Map<string, RoleHolders>> {
  const rows = await db.workspaceRoleCount.findMany({
    where: { organizationId },
    orderBy: { roleKey: "asc" },
  });
  return new Map(rows.map((r) => [r.roleKey, { people: r.people, workspaces: r.workspaces }]));
}
