import type { SqlExecutor } from "./migrate";

/**
 * The columns database triggers maintain (copies and counts the app never writes: migrations
 * 20261202060000_workspace_member_counts, 20261202070655_users_list_keys,
 * 20261202130000_workspace_member_order, 20261203160857_workspace_role_counts and
 * 20261204215034_workspace_member_search), each recomputed from scratch and compared with what is
 * stored. `npm run db:import` loads rows with those triggers off and then asks this whether the
 * loaded values are exact. A migration that adds a maintained column adds its check here.
 */
const CHECKS: { what: string; sql: string }[] = [
  {
    what: "Membership sort keys (sortName, sortFirstName, sortLastName, sortEmail) differ from their user's name and email",
    sql: `SELECT count(*)::int AS n FROM "Membership" m JOIN "User" u ON u.id = m."userId"
          WHERE m."sortName" <> lower(u."firstName" || ' ' || u."lastName")
             OR m."sortFirstName" <> lower(u."firstName")
             OR m."sortLastName" <> lower(u."lastName")
             OR m."sortEmail" <> u.email`,
  },
  {
    what: "Membership.workspaceCount differs from the number of its WorkspaceMembership rows",
    sql: `SELECT count(*)::int AS n FROM "Membership" m
          LEFT JOIN (SELECT "membershipId", count(*)::int AS k FROM "WorkspaceMembership"
                     GROUP BY "membershipId") g ON g."membershipId" = m.id
          WHERE m."workspaceCount" <> coalesce(g.k, 0)`,
  },
  {
    what: "Invitation.workspaceCount differs from the number of its InvitationWorkspace rows",
    sql: `SELECT count(*)::int AS n FROM "Invitation" i
          LEFT JOIN (SELECT "invitationId", count(*)::int AS k FROM "InvitationWorkspace"
                     GROUP BY "invitationId") g ON g."invitationId" = i.id
          WHERE i."workspaceCount" <> coalesce(g.k, 0)`,
  },
  {
    what: "MembershipCount differs from the memberships counted by organization, role and status",
    sql: `SELECT count(*)::int AS n FROM "MembershipCount" c
          FULL JOIN (SELECT "organizationId", role, status, count(*)::int AS k FROM "Membership"
                     GROUP BY "organizationId", role, status) m
            USING ("organizationId", role, status)
          WHERE c.members IS DISTINCT FROM m.k`,
  },
  {
    what: "WorkspaceRoleCount differs from the workspace roles' holders counted by organization and role",
    sql: `SELECT count(*)::int AS n FROM "WorkspaceRoleCount" c
          FULL JOIN (SELECT "organizationId", roster_workspace_role_key(role, "customRoleId") AS "roleKey",
                       count(DISTINCT "membershipId")::int AS people,
                       count(DISTINCT "workspaceId")::int AS workspaces
                     FROM "WorkspaceMembership" GROUP BY 1, 2) g
            USING ("organizationId", "roleKey")
          WHERE c.people IS DISTINCT FROM g.people OR c.workspaces IS DISTINCT FROM g.workspaces`,
  },
  {
    what: "WorkspaceMembership copies (orgRole, sortFirstName, sortLastName, sortEmail) differ from their membership's",
    sql: `SELECT count(*)::int AS n FROM "WorkspaceMembership" g
          JOIN "Membership" m ON m.id = g."membershipId"
          WHERE g."orgRole" <> m.role OR g."sortFirstName" <> m."sortFirstName"
             OR g."sortLastName" <> m."sortLastName" OR g."sortEmail" <> m."sortEmail"`,
  },
  {
    what: "Workspace.memberCount differs from its members (role member, own or inherited role) counted",
    sql: `WITH RECURSIVE path(id, ancestor) AS (
            SELECT id, id FROM "Workspace"
            UNION ALL
            SELECT p.id, w."parentId" FROM path p JOIN "Workspace" w ON w.id = p.ancestor
            WHERE w."parentId" IS NOT NULL
          ),
          counted AS (
            SELECT p.id, count(DISTINCT m.id)::int AS k FROM path p
            LEFT JOIN "WorkspaceMembership" g ON g."workspaceId" = p.ancestor
            LEFT JOIN "Membership" m ON m.id = g."membershipId" AND m.role = 'member'
            GROUP BY p.id
          )
          SELECT count(*)::int AS n FROM "Workspace" w JOIN counted c ON c.id = w.id
          WHERE w."memberCount" <> c.k`,
  },
];

/** One line per maintained column whose stored values differ from recomputed ones; [] if exact. */
export async function maintainedColumnDrift(db: Pick<SqlExecutor, "query">): Promise<string[]> {
  const drift: string[] = [];
  for (const check of CHECKS) {
    const { rows } = await db.query<{ n: number }>(check.sql);
    const n = rows[0]?.n ?? 0;
    if (n > 0) drift.push(`${check.what}: ${n} row(s)`);
  }
  return drift;
}
