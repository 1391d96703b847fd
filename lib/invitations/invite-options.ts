import "server-only";
import { can, personaOf, type Actor, type Target } from "@/lib/permissions";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

/** What the invite modal offers this viewer. */
export interface InviteOptions {
  /** Owners and admins choose the org role; workspace managers invite members only. */
  canChooseRole: boolean;
  /** Workspace managers invite into at least one of their workspaces. */
  workspaceRequired: boolean;
  /** The workspaces the viewer may invite into, by path. */
  workspaces: { id: string; path: string }[];
}

/**
 * The invite modal for this viewer, or null when they may not invite — anywhere, or into
 * `intoWorkspaceId` when it is given ("Invite to this workspace" on a workspace's page).
 */
export async function inviteOptionsFor(
  actor: Actor,
  intoWorkspaceId?: string,
): Promise<InviteOptions | null> {
  const organization: Target = { kind: "organization", organizationId: actor.organizationId };
  if (!can(actor, "users.invite", organization)) return null;
  const tree = await getWorkspaceTree(actor.organizationId);
  const mayInviteInto = (workspaceId: string) =>
    can(actor, "users.invite", {
      kind: "invitation",
      organizationId: actor.organizationId,
      role: "member",
      workspaceIds: [workspaceId],
    });
  if (intoWorkspaceId !== undefined) {
    if (!tree.has(intoWorkspaceId) || !mayInviteInto(intoWorkspaceId)) return null;
  }
  return {
    canChooseRole: can(actor, "invitations.chooseOrgRole", organization),
    workspaceRequired: personaOf(actor) === "manager",
    workspaces: tree
      .all()
      .filter((w) => mayInviteInto(w.id))
      .map((w) => ({ id: w.id, path: tree.path(w.id) }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}
