import "server-only";
import { Prisma, type Db, type Tx } from "@/lib/db";
import type { WorkspaceTree } from "@/lib/permissions";

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
  const subtree = Prisma.join(tree.subtreeOf([workspaceId]));
  // One statement, three counts.
  const [counts] = await db.$queryRaw<Omit<DeletionCounts, "subWorkspaces">[]>`
    SELECT
      (SELECT count(*)::int FROM "WorkspaceMembership"
        WHERE "organizationId" = ${organizationId} AND "workspaceId" IN (${subtree})) AS memberships,
      (SELECT count(*)::int FROM "JoinRequest"
        WHERE "organizationId" = ${organizationId} AND "workspaceId" IN (${subtree})
        AND status = 'pending') AS "joinRequests",
      (SELECT count(*)::int FROM "Invitation" i
        WHERE i."organizationId" = ${organizationId} AND i.status = 'pending'
        AND EXISTS (SELECT 1 FROM "InvitationWorkspace" w
          WHERE w."invitationId" = i.id AND w."workspaceId" IN (${subtree}))) AS invitations`;
  const { memberships = 0, joinRequests = 0, invitations = 0 } = counts ?? {};
  return {
    subWorkspaces: tree.subtreeOf([workspaceId]).length - 1,
    memberships,
    joinRequests,
    invitations,
  };
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
