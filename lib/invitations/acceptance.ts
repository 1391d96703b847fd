import "server-only";
import { getDb, type Db, type Tx } from "@/lib/db";
import { cancelInvitationEmails } from "@/lib/email";
import type { WorkspaceRole } from "@/lib/permissions";
import { hashToken, looksLikeToken } from "@/lib/tokens";
import { INVITATION_ROLE, invitationWorkspaceTerms } from "./queries";

export type InvitationState = "valid" | "expired" | "revoked" | "accepted" | "unknown";

export interface InvitationView {
  id: string;
  state: InvitationState;
  email: string;
  firstName: string;
  lastName: string;
  role: "owner" | "admin" | "member";
  expiresAt: Date;
  /** Accepting claims this version: terms edited since they were read are never given. */
  version: number;
  organization: { id: string; name: string };
  inviter: { name: string; email: string };
  workspaces: {
    workspaceId: string;
    name: string;
    /** The role, or the custom role's base role. */
    role: WorkspaceRole;
    /** The custom role given, if it is one: the membership holds it too. */
    customRoleId: string | null;
    /** "Member", or the custom role's name ("Editor"). */
    roleLabel: string;
  }[];
  accountExists: boolean;
}

/** What an invitation link stands for, found by the hash of its token. */
export async function readInvitation(
  db: Db | Tx,
  rawToken: string,
): Promise<InvitationView | null> {
  if (!looksLikeToken(rawToken)) return null;
  return readInvitationWhere(db, { tokenHash: hashToken(rawToken) });
}

/** An invitation found by its id (SSO accepts the pending one for the email that signs in). */
export async function readInvitationById(
  db: Db | Tx,
  invitationId: string,
): Promise<InvitationView | null> {
  return readInvitationWhere(db, { id: invitationId });
}

async function readInvitationWhere(
  db: Db | Tx,
  where: { tokenHash: string } | { id: string },
): Promise<InvitationView | null> {
  const invitation = await db.invitation.findUnique({
    where,
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      status: true,
      expiresAt: true,
      version: true,
      inviterEmail: true,
      inviter: { select: { firstName: true, lastName: true, email: true } },
      organization: { select: { id: true, name: true } },
      workspaces: {
        select: { workspaceId: true, ...INVITATION_ROLE, workspace: { select: { name: true } } },
      },
    },
  });
  if (!invitation) return null;
  const account = await db.user.findUnique({
    where: { email: invitation.email },
    select: { id: true },
  });
  const state: InvitationState =
    invitation.status === "accepted"
      ? "accepted"
      : invitation.status === "revoked"
        ? "revoked"
        : invitation.expiresAt <= new Date()
          ? "expired"
          : "valid";
  return {
    id: invitation.id,
    state,
    email: invitation.email,
    firstName: invitation.firstName,
    lastName: invitation.lastName,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    version: invitation.version,
    organization: invitation.organization,
    inviter: {
      name: invitation.inviter
        ? `${invitation.inviter.firstName} ${invitation.inviter.lastName}`
        : invitation.inviterEmail,
      email: invitation.inviter?.email ?? invitation.inviterEmail,
    },
    workspaces: invitation.workspaces.map((w) => {
      const terms = invitationWorkspaceTerms(w);
      return {
        workspaceId: w.workspaceId,
        name: w.workspace.name,
        role: w.role,
        customRoleId: w.customRole?.id ?? null,
        roleLabel: terms.label,
      };
    }),
    accountExists: account !== null,
  };
}

/** What an invitation link stands for, as its page shows it. */
export async function invitationForLink(rawToken: string): Promise<InvitationView | null> {
  return readInvitation(await getDb(), rawToken);
}

/**
 * Turns a valid invitation into a membership for `userId`, in the caller's transaction: claims the
 * invitation at the version it was read at (only one acceptance can win, and an edit committed
 * meanwhile makes it "no longer valid" rather than giving the old terms), then adds the org role
 * and the workspace roles.
 */
export async function acceptInvitation(
  tx: Tx,
  invitation: InvitationView,
  userId: string,
): Promise<{ alreadyMember: boolean }> {
  const claimed = await tx.invitation.updateMany({
    where: {
      id: invitation.id,
      status: "pending",
      version: invitation.version,
      expiresAt: { gt: new Date() },
    },
    data: {
      status: "accepted",
      pendingEmail: null,
      acceptedAt: new Date(),
      version: { increment: 1 },
    },
  });
  if (claimed.count !== 1) return Promise.reject(new InvitationGoneError());
  await cancelInvitationEmails(tx, invitation.id, "Not sent: the invitation was accepted.");
  const existing = await tx.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId: invitation.organization.id } },
    select: { id: true },
  });
  if (existing) return { alreadyMember: true };
  const membership = await tx.membership.create({
    data: {
      userId,
      organizationId: invitation.organization.id,
      role: invitation.role === "admin" ? "admin" : "member",
    },
    select: { id: true },
  });
  if (invitation.workspaces.length > 0) {
    await tx.workspaceMembership.createMany({
      data: invitation.workspaces.map((w) => ({
        organizationId: invitation.organization.id,
        membershipId: membership.id,
        workspaceId: w.workspaceId,
        // A custom role is held as the invitation gives it: its base role and its id. (Deleting a
        // custom role moves its holders, invitations included, so the id here still exists.)
        role: w.role,
        customRoleId: w.customRoleId,
      })),
      skipDuplicates: true,
    });
  }
  return { alreadyMember: false };
}

export class InvitationGoneError extends Error {
  constructor() {
    super("This invitation is no longer valid.");
    this.name = "InvitationGoneError";
  }
}
