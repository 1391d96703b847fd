import "server-only";
import { config } from "@/lib/config";
import type { Db, Tx } from "@/lib/db";
import {
  cancelInvitationEmails,
  deliverQueued,
  queueEmailsForInvitations,
  templates,
} from "@/lib/email";
import {
  ORG_ROLE_LABELS,
  roleKeyOf,
  roleLabel as workspaceRoleLabel,
  type Actor,
  type RoleKey,
  type Target,
  type WorkspaceRole,
} from "@/lib/permissions";
import { newToken } from "@/lib/tokens";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

const DAY_MS = 24 * 60 * 60 * 1000;

export function invitationLink(rawToken: string): string {
  return `${config.appUrl}/invite/${rawToken}`;
}

export function invitationExpiry(expiryDays: number, now = Date.now()): Date {
  return new Date(now + Math.max(1, expiryDays) * DAY_MS);
}

export function domainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = email.slice(email.lastIndexOf("@") + 1).toLowerCase();
  return allowed.some((d) => d.toLowerCase().replace(/^@/, "") === domain);
}

export interface InvitationTarget {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: "owner" | "admin" | "member";
  status: "pending" | "accepted" | "revoked";
  expiresAt: Date;
  workspaceIds: string[];
}

/** An invitation of the caller's organization, or null (another organization's reads as missing). */
export async function findInvitation(
  db: Db | Tx,
  organizationId: string,
  invitationId: string,
): Promise<InvitationTarget | null> {
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, organizationId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      status: true,
      expiresAt: true,
      workspaces: { select: { workspaceId: true } },
    },
  });
  if (!invitation) return null;
  return { ...invitation, workspaceIds: invitation.workspaces.map((w) => w.workspaceId) };
}

/** Everything Edit user shows and changes about an invitation of the caller's organization. */
export interface InvitationRecord {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: "owner" | "admin" | "member";
  status: "pending" | "accepted" | "revoked";
  version: number;
  expiresAt: Date;
  createdAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  lastEmailStatus: "queued" | "sent" | "failed" | null;
  lastEmailError: string | null;
  inviter: { name: string; email: string };
  workspaces: InvitationWorkspaceTerms[];
}

/** A workspace an invitation gives, with its role: a built-in one, or a custom role by name. */
export interface InvitationWorkspaceTerms {
  workspaceId: string;
  /** The role, or the custom role's base role. */
  role: WorkspaceRole;
  customRole: { id: string; name: string } | null;
  /** How a form chooses it ("member", "custom:<id>"). */
  key: RoleKey;
  /** "Member", or the custom role's name ("Editor"). */
  label: string;
}

/** What an invitation workspace's role reads as (the custom role selected by `INVITATION_ROLE`). */
export const INVITATION_ROLE = {
  role: true,
  customRole: { select: { id: true, name: true } },
} as const;

export function invitationWorkspaceTerms(row: {
  workspaceId: string;
  role: WorkspaceRole;
  customRole: { id: string; name: string } | null;
}): InvitationWorkspaceTerms {
  return {
    workspaceId: row.workspaceId,
    role: row.role,
    customRole: row.customRole,
    key: roleKeyOf(row.role, row.customRole?.id),
    label: workspaceRoleLabel(row.role, row.customRole),
  };
}

/** An invitation of the caller's organization with its terms, or null (another's reads as missing). */
export async function findInvitationRecord(
  db: Db | Tx,
  organizationId: string,
  invitationId: string,
): Promise<InvitationRecord | null> {
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, organizationId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      status: true,
      version: true,
      expiresAt: true,
      createdAt: true,
      acceptedAt: true,
      revokedAt: true,
      lastEmailStatus: true,
      lastEmailError: true,
      inviterEmail: true,
      inviter: { select: { firstName: true, lastName: true, email: true } },
      workspaces: { select: { workspaceId: true, ...INVITATION_ROLE } },
    },
  });
  if (!invitation) return null;
  const { inviter, inviterEmail, workspaces, ...rest } = invitation;
  return {
    ...rest,
    workspaces: workspaces.map(invitationWorkspaceTerms),
    inviter: {
      name: inviter ? `${inviter.firstName} ${inviter.lastName}` : inviterEmail,
      email: inviter?.email ?? inviterEmail,
    },
  };
}

/** How an invitation is named in the audit trail. */
export function invitationAuditLabel(
  invitation: Pick<InvitationRecord, "firstName" | "lastName" | "email">,
): string {
  return `${invitation.firstName} ${invitation.lastName} <${invitation.email}>`;
}

export function invitationTarget(actor: Actor, invitation: InvitationTarget | null): Target {
  return {
    kind: "invitation",
    organizationId: invitation ? actor.organizationId : "(not in this organization)",
    role: invitation?.role ?? "member",
    workspaceIds: invitation?.workspaceIds ?? [],
  };
}

/**
 * Queues an invitation's email in the transaction that created or renewed the invitation (its
 * "Email" status reads Queued until a send attempt says Sent or Email failed; see
 * lib/email/outbox.ts). Returns the outbox row, to deliver with `deliverQueued` after the commit.
 */
export async function queueInvitationEmail(
  tx: Tx,
  invitationId: string,
  rawToken: string,
): Promise<string> {
  const queued = await queueInvitationEmails(tx, [{ invitationId, rawToken }]);
  return queued.get(invitationId)!;
}

/**
 * `queueInvitationEmail` for several invitations (the invite modal's rows), read and written
 * together: two statements for any number. Returns each invitation's outbox row.
 */
export async function queueInvitationEmails(
  tx: Tx,
  items: { invitationId: string; rawToken: string }[],
): Promise<Map<string, string>> {
  if (items.length === 0) return new Map();
  const invitations = await tx.invitation.findMany({
    where: { id: { in: items.map((i) => i.invitationId) } },
    select: {
      id: true,
      email: true,
      firstName: true,
      role: true,
      expiresAt: true,
      inviterEmail: true,
      inviter: { select: { firstName: true, lastName: true } },
      organization: { select: { id: true, name: true, emailSenderName: true, emailReplyTo: true } },
      workspaces: { select: { workspaceId: true, ...INVITATION_ROLE } },
    },
  });
  const byId = new Map(invitations.map((i) => [i.id, i]));
  const trees = new Map(
    await Promise.all(
      [...new Set(invitations.map((i) => i.organization.id))].map(
        async (id) => [id, await getWorkspaceTree(id)] as const,
      ),
    ),
  );
  const queued = await queueEmailsForInvitations(
    tx,
    items.map(({ invitationId, rawToken }) => {
      const invitation = byId.get(invitationId);
      if (!invitation) throw new Error(`No invitation ${invitationId} to email`);
      const tree = trees.get(invitation.organization.id)!;
      const inviterName = invitation.inviter
        ? `${invitation.inviter.firstName} ${invitation.inviter.lastName}`
        : invitation.inviterEmail;
      return {
        organizationId: invitation.organization.id,
        invitationId,
        to: invitation.email,
        template: "invitation",
        content: templates.invitation({
          firstName: invitation.firstName,
          organizationName: invitation.organization.name,
          inviterName,
          role: invitation.role === "admin" ? "admin" : "member",
          workspaces: invitation.workspaces.map((w) => ({
            name: tree.path(w.workspaceId),
            role: workspaceRoleLabel(w.role, w.customRole),
          })),
          link: invitationLink(rawToken),
          expiresAt: invitation.expiresAt,
        }),
        senderName: invitation.organization.emailSenderName,
        replyTo: invitation.organization.emailReplyTo,
      };
    }),
  );
  // Created or renewed as Queued; a template that did not render is final at once.
  for (const [invitationId, { error }] of queued) {
    if (error) {
      await tx.invitation.update({
        where: { id: invitationId },
        data: { lastEmailStatus: "failed", lastEmailError: error },
      });
    }
  }
  return new Map([...queued].map(([invitationId, { id }]) => [invitationId, id]));
}

/**
 * Delivers the invitation emails a request queued (after its commit): the ids whose first
 * attempt failed (the worker retries them; the invitation shows Email failed meanwhile).
 */
export async function deliverInvitationEmails(db: Db, emailIds: string[]): Promise<Set<string>> {
  const results = await deliverQueued(db, emailIds);
  return new Set([...results.values()].filter((r) => r.status === "failed").map((r) => r.id));
}

/** A fresh token and expiry for a pending invitation: the previous link stops working. */
export async function renewInvitationToken(tx: Tx, invitationId: string, expiryDays: number) {
  const { raw, hash } = newToken();
  const expiresAt = invitationExpiry(expiryDays);
  await cancelInvitationEmails(tx, invitationId, "Not sent: the invitation was renewed since.");
  await tx.invitation.update({
    where: { id: invitationId },
    data: {
      tokenHash: hash,
      expiresAt,
      lastEmailStatus: "queued",
      lastEmailError: null,
      version: { increment: 1 },
    },
  });
  return { rawToken: raw, expiresAt };
}

export const roleLabel = (role: "owner" | "admin" | "member") => ORG_ROLE_LABELS[role];
