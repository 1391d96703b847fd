import "server-only";
import { Prisma, type Db, type Tx } from "@/lib/db";
import type { WorkspaceTree } from "@/lib/permissions";

/**
 * How many people have a role in each workspace (all of the organization's, or `workspaceIds`),
 * explicit there or inherited from an ancestor; someone with roles at several levels counts
 * once. Owners and admins, managers of every workspace, are not counted. Counted by the database
 * (each workspace joined to its path), so that no page loads everyone's roles to count them.
 */
export async function effectiveMemberCounts(
  db: Db | Tx,
  organizationId: string,
  workspaceIds?: readonly string[],
): Promise<Map<string, number>> {
  if (workspaceIds?.length === 0) return new Map();
  const only = workspaceIds
    ? Prisma.sql`AND id IN (${Prisma.join([...workspaceIds])})`
    : Prisma.empty;
  // The depth bound only guards against a corrupt (cyclic) tree; moves never make one.
  const rows = await db.$queryRaw<{ workspaceId: string; n: number }[]>`
    WITH RECURSIVE path(id, ancestor, depth) AS (
      SELECT id, id, 0 FROM "Workspace" WHERE "organizationId" = ${organizationId} ${only}
      UNION ALL
      SELECT p.id, w."parentId", p.depth + 1
      FROM path p JOIN "Workspace" w ON w.id = p.ancestor
      WHERE w."parentId" IS NOT NULL AND p.depth < 1000
    )
    SELECT p.id AS "workspaceId", count(DISTINCT g."membershipId")::int AS n
    FROM path p
    JOIN "WorkspaceMembership" g ON g."workspaceId" = p.ancestor
    JOIN "Membership" m ON m.id = g."membershipId" AND m.role = 'member'
    WHERE g."organizationId" = ${organizationId}
    GROUP BY p.id`;
  return new Map(rows.map((r) => [r.workspaceId, r.n]));
}

/** What deleting a workspace takes with it, in numbers (the confirmation shows them). */
export interface DeletionCounts {
  subWorkspaces: number;
  memberships: number;
  joinRequests: number;
  invitations: number;
}

/** What deleting a workspace takes with it, as its confirmation shows it. */
export interface WorkspaceDeletion extends DeletionCounts {
  /** The sub-workspaces' names, shallowest first. */
  subWorkspaceNames: string[];
}

/**
 * What deleting a workspace takes with it: its sub-workspaces at any depth, everyone's roles in
 * them, pending join requests for them, and pending invitations that grant a role there. The
 * page's confirmation and the delete action count the same way.
 */
export async function deletionCounts(
  db: Db | Tx,
  organizationId: string,
  tree: WorkspaceTree,
  workspaceId: string,
): Promise<DeletionCounts> {
  const subtree = tree.subtreeOf([workspaceId]);
  const [memberships, joinRequests, invitations] = await Promise.all([
    db.workspaceMembership.count({ where: { organizationId, workspaceId: { in: subtree } } }),
    db.joinRequest.count({
      where: { organizationId, workspaceId: { in: subtree }, status: "pending" },
    }),
    db.invitation.count({
      where: {
        organizationId,
        status: "pending",
        workspaces: { some: { workspaceId: { in: subtree } } },
      },
    }),
  ]);
  return { subWorkspaces: subtree.length - 1, memberships, joinRequests, invitations };
}

/** `deletionCounts` with the sub-workspaces' names, for the confirmation dialog. */
export async function deletionSummary(
  db: Db,
  organizationId: string,
  tree: WorkspaceTree,
  workspaceId: string,
): Promise<WorkspaceDeletion> {
  const below = tree
    .descendants(workspaceId)
    .sort((a, b) => tree.depth(a.id) - tree.depth(b.id) || a.name.localeCompare(b.name));
  return {
    ...(await deletionCounts(db, organizationId, tree, workspaceId)),
    subWorkspaceNames: below.map((d) => d.name),
  };
}
