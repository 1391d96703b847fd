import "server-only";
import { lockWorkspaceTree, type Db, type Tx } from "@/lib/db";
import type { RoleKey, WorkspaceRole, WorkspaceTree } from "@/lib/permissions";
import { GRANT_CUSTOM_ROLE } from "@/lib/request/workspace-tree";
import { resolveRoleKey, ROLE_GONE, type ResolvedRole } from "@/lib/roles";
import { ActionError } from "@/lib/actions/errors";

/**
 * Changes to the tree's shape take turns per organization, so two moves at once can never make a
 * cycle and two creates can never race on a name (the unique index would refuse the second).
 * Whoever holds it reads the tree afresh (`loadWorkspaceTree(tx, …)`) after taking it.
 */
export async function lockTree(tx: Tx, organizationId: string): Promise<void> {
  await lockWorkspaceTree(tx, organizationId);
}

/**
 * The role chosen in a form, as it is stored (lib/roles, resolveRoleKey): a custom role is read and
 * share-locked until the transaction ends, so that an edit of it (what it allows) or its deletion
 * waits for the role to be given, or is seen by it. Another organization's custom role, or one
 * deleted meanwhile, is refused with ROLE_GONE on `field`.
 */
export async function resolveRoleToGive(
  tx: Tx,
  organizationId: string,
  key: RoleKey,
  field = "role",
): Promise<ResolvedRole> {
  if (key.startsWith("custom:")) {
    await tx.$queryRaw`SELECT "id" FROM "CustomRole"
      WHERE "id" = ${key.slice("custom:".length)} AND "organizationId" = ${organizationId} FOR SHARE`;
  }
  return resolveRoleKey(tx, organizationId, key, field);
}

/**
 * The role chosen in a form, read before the transaction for the matrix's check; null when it
 * can't be found (another organization's custom role, or one deleted), which the transaction then
 * refuses (resolveRoleToGive) once the matrix has answered on the rest.
 */
export async function roleIfItExists(
  db: Db,
  organizationId: string,
  key: RoleKey,
): Promise<ResolvedRole | null> {
  try {
    return await resolveRoleKey(db, organizationId, key);
  } catch (error) {
    if (error instanceof ActionError && error.message === ROLE_GONE) return null;
    throw error;
  }
}

/**
 * A person's own workspace roles, custom ones with what they allow (read live), inside the
 * caller's transaction: what an action about their roles decides on.
 */
export async function ownGrants(tx: Tx, membershipId: string) {
  return tx.workspaceMembership.findMany({
    where: { membershipId },
    select: { workspaceId: true, role: true, customRole: GRANT_CUSTOM_ROLE },
  });
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
    /** The role, or a custom role's base role (and `customRoleId` names the custom role). */
    role: WorkspaceRole;
    customRoleId: string | null;
    tree: WorkspaceTree;
    /** Who gave it: recorded on the join requests it answers. */
    grantedById: string;
  },
): Promise<{ joinRequestsClosed: number }> {
  const { organizationId, membershipId, workspaceId, role, customRoleId } = input;
  await tx.workspaceMembership.upsert({
    where: { workspaceId_membershipId: { workspaceId, membershipId } },
    create: { organizationId, workspaceId, membershipId, role, customRoleId },
    update: { role, customRoleId },
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
