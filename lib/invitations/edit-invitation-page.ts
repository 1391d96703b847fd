import "server-only";
import { getDb } from "@/lib/db";
import { findTargetMember, userTarget } from "@/lib/people";
import { can, personaOf, type Actor, type Target } from "@/lib/permissions";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { invitationDisplayStatus, type InvitationDisplayStatus } from "./changes";
import { inviteChoices, type InviteRoleOption, type InviteWorkspaceOption } from "./invite-options";
import {
  findInvitationRecord,
  type InvitationRecord,
  type InvitationWorkspaceTerms,
} from "./queries";

export interface EditInvitationPage {
  invitation: Omit<InvitationRecord, "status" | "workspaces"> & {
    name: string;
    /** As people see it: pending, expired (still pending, past its date), accepted or revoked. */
    status: InvitationDisplayStatus;
    /** Each with its role: `key` for the form, `label` to show ("Member", "Editor"). */
    workspaces: (InvitationWorkspaceTerms & { path: string })[];
  };
  /** Still pending (expired included): it may be edited, resent and revoked until accepted. */
  open: boolean;
  can: { edit: boolean; chooseRole: boolean; resend: boolean; revoke: boolean };
  /** The invitation must keep at least one workspace (a workspace manager's). */
  workspaceRequired: boolean;
  /**
   * The workspaces the viewer may put in the invitation, by path, each with the roles they may
   * give there (the invitation's own workspaces too, which keep their role).
   */
  workspaceOptions: InviteWorkspaceOption[];
  /** The roles those are chosen from: what the viewer may give, and the invitation's own. */
  roleOptions: InviteRoleOption[];
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
  const organization: Target = { kind: "organization", organizationId: actor.organizationId };
  const mayInvite = can(actor, "users.invite", organization);
  const tree = await getWorkspaceTree(actor.organizationId);
  const choices = await inviteChoices(
    actor,
    tree,
    invitation.workspaces.map((w) => w.key),
  );
  const open = invitation.status === "pending";
  const workspaces = invitation.workspaces
    .filter((w) => tree.has(w.workspaceId))
    .map((w) => ({ ...w, path: tree.path(w.workspaceId) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const offered = new Map(
    (mayInvite ? choices.workspaces : []).map((w): [string, InviteWorkspaceOption] => [w.id, w]),
  );
  for (const w of workspaces) {
    // A workspace of the invitation the viewer may not invite into: it can stay, as it is.
    if (!offered.has(w.workspaceId))
      offered.set(w.workspaceId, { id: w.workspaceId, path: w.path, roles: [w.key] });
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
      chooseRole: open && mayInvite && can(actor, "invitations.chooseOrgRole", organization),
      resend: open,
      revoke: open,
    },
    workspaceRequired: !mayInvite || personaOf(actor) === "manager",
    workspaceOptions: [...offered.values()].sort((a, b) => a.path.localeCompare(b.path)),
    roleOptions: choices.roles,
    acceptedMember,
  };
}
