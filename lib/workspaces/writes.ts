import "server-only";
import type { Tx } from "@/lib/db";
import type { WorkspaceRole, WorkspaceTree } from "@/lib/permissions";

/**
 * Changes to the tree's shape take turns per organization, so two moves at once can never make a
 * cycle and two creates can never race on a name (the unique index would refuse the second).
 * Whoever holds it reads the tree afresh (`loadWorkspaceTree(tx, …)`) after taking it.
 */
export async function lockTree(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`workspace-tree:${organizationId}`}))`;
}

/**
 * Someone who just got a role in a workspace no longer needs their pending requests to join it or
 * the workspaces below it (they inherit the role there): those requests are closed as approved,
 * with the role given, so no manager decides them later. Returns how many were closed.
 */
export async function closeSatisfiedJoinRequests(
  tx: Tx,
  input: {
    organizationId: string;
    membershipId: string;
    workspaceIds: readonly string[];
    role: WorkspaceRole;
    decidedById: string;
  },
): Promise<number> {
  if (input.workspaceIds.length === 0) return 0;
  const closed = await tx.joinRequest.updateMany({
    where: {
      organizationId: input.organizationId,
      membershipId: input.membershipId,
      workspaceId: { in: [...input.workspaceIds] },
      status: "pending",
    },
    data: {
      status: "approved",
      pendingMembershipId: null,
      decidedById: input.decidedById,
      decidedRole: input.role,
      decidedAt: new Date(),
    },
  });
  return closed.count;
}

/**
 * Gives a person their own role in a workspace (adding them, or changing the role they had
 * there), and answers their pending requests to join it or anything below it, which the role now
 * covers. The caller has checked the permission and the upgrade-only rule.
 */
export async function grantWorkspaceRole(
  tx: Tx,
  input: {
    organizationId: string;
    membershipId: string;
    workspaceId: string;
    role: WorkspaceRole;
    tree: WorkspaceTree;
    /** Who gave it: recorded on the join requests it answers. */
    grantedById: string;
  },
): Promise<{ joinRequestsClosed: number }> {
  const { organizationId, membershipId, workspaceId, role } = input;
  await tx.workspaceMembership.upsert({
    where: { workspaceId_membershipId: { workspaceId, membershipId } },
    create: { organizationId, workspaceId, membershipId, role },
    update: { role },
  });
  const joinRequestsClosed = await closeSatisfiedJoinRequests(tx, {
    organizationId,
    membershipId,
    workspaceIds: input.tree.subtreeOf([workspaceId]),
    role,
    decidedById: input.grantedById,
  });
  return { joinRequestsClosed };
}
