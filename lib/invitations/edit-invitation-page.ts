import "server-only";
import { getDb } from "@/lib/db";
import { findTargetMember, userTarget } from "@/lib/people";
import { can, type Actor, type WorkspaceRole } from "@/lib/permissions";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { invitationDisplayStatus, type InvitationDisplayStatus } from "./changes";
import { inviteOptionsFor } from "./invite-options";
import { findInvitationRecord, type InvitationRecord } from "./queries";

export interface EditInvitationPage {
  invitation: Omit<InvitationRecord, "status" | "workspaces"> & {
    name: string;
    /** As people see it: pending, expired (still pending, past its date), accepted or revoked. */
    status: InvitationDisplayStatus;
    workspaces: { workspaceId: string; path: string; role: WorkspaceRole }[];
  };
  /** Still pending (expired included): it may be edited, resent and revoked until accepted. */
  open: boolean;
  can: { edit: boolean; chooseRole: boolean; resend: boolean; revoke: boolean };
  /** The invitation must keep at least one workspace (a workspace manager's). */
  workspaceRequired: boolean;
  /** The workspaces the viewer may put in the invitation, by path. */
  workspaceOptions: { id: string; path: string }[];
  /** Once accepted: the member it made, when they are still one and the viewer may see them. */
  acceptedMember: { userId: string } | null;
}

/**
 * Edit user for an invitee: one invitation of the caller's organization, or null when there is
 * no such invitation there or the viewer may not manage it (both answer "not found").
 */
export async function editInvitationPageFor(
  actor: Actor,
  invitationId: string,
): Promise<EditInvitationPage | null> {
  const db = await getDb();
  const invitation = await findInvitationRecord(db, actor.organizationId, invitationId);
  if (!invitation) return null;
  const manages = can(actor, "invitations.manage", {
    kind: "invitation",
    organizationId: actor.organizationId,
    role: invitation.role,
    workspaceIds: invitation.workspaces.map((w) => w.workspaceId),
  });
  if (!manages) return null;
  const [tree, options] = await Promise.all([
    getWorkspaceTree(actor.organizationId),
    inviteOptionsFor(actor),
  ]);
  const open = invitation.status === "pending";
  const workspaces = invitation.workspaces
    .filter((w) => tree.has(w.workspaceId))
    .map((w) => ({ workspaceId: w.workspaceId, path: tree.path(w.workspaceId), role: w.role }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const offered = new Map((options?.workspaces ?? []).map((w) => [w.id, w]));
  for (const w of workspaces) {
    if (!offered.has(w.workspaceId))
      offered.set(w.workspaceId, { id: w.workspaceId, path: w.path });
  }
  let acceptedMember: EditInvitationPage["acceptedMember"] = null;
  if (invitation.status === "accepted") {
    const account = await db.user.findUnique({
      where: { email: invitation.email },
      select: { id: true },
    });
    const member = account ? await findTargetMember(db, actor.organizationId, account.id) : null;
    if (member && can(actor, "users.view", userTarget(actor, member.userId, member))) {
      acceptedMember = { userId: member.userId };
    }
  }
  return {
    invitation: {
      ...invitation,
      name: `${invitation.firstName} ${invitation.lastName}`.trim(),
      status: invitationDisplayStatus(invitation.status, invitation.expiresAt),
      workspaces,
    },
    open,
    can: {
      edit: open,
      chooseRole: open && (options?.canChooseRole ?? false),
      resend: open,
      revoke: open,
    },
    workspaceRequired: options?.workspaceRequired ?? true,
    workspaceOptions: [...offered.values()].sort((a, b) => a.path.localeCompare(b.path)),
    acceptedMember,
  };
}
