import "server-only";
import { recordAuditEvents, type AuditEntry } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import { acceptInvitation, InvitationGoneError, readInvitationById } from "@/lib/invitations";
import type { RequestInfo } from "@/lib/request/info";

// Who an identity the provider vouched for is in Roster, in the sign-in's transaction:
// 1. the account linked to this issuer + subject (a changed email at the provider still finds it,
//    and never another account);
// 2. else the account whose email is exactly the verified email: linked now (sso.account_linked);
// 3. else a new account (no password).
// Then the membership: an existing one must be active; without one, a pending invitation is
// accepted on its terms, or else a `member` membership is created just in time
// (sso.member_provisioned), unless an owner or admin removed them (RemovedMember).

export interface SsoIdentityClaims {
  issuer: string;
  subject: string;
  /** Verified by the provider, lowercase, inside the connection's domains. */
  email: string;
  givenName: string | null;
  familyName: string | null;
}

export interface ProvisionedUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
}

export type ProvisionOutcome =
  | { user: ProvisionedUser }
  | { refused: "disabled" | "removed" | "linked-elsewhere"; userId: string | null };

const USER_SELECT = { id: true, email: true, firstName: true, lastName: true } as const;

/** Names for a new account: the provider's, else from the email's local part ("ada.lovelace"). */
export function namesFor(claims: Pick<SsoIdentityClaims, "email" | "givenName" | "familyName">) {
  const clean = (value: string | null) => value?.trim().slice(0, 100) || "";
  let firstName = clean(claims.givenName);
  let lastName = clean(claims.familyName);
  if (!firstName && !lastName) {
    const parts = claims.email
      .slice(0, claims.email.indexOf("@"))
      .split(/[._+-]+/)
      .filter(Boolean)
      .map((p) => p.charAt(0).toUpperCase() + p.slice(1));
    firstName = (parts[0] ?? claims.email).slice(0, 100);
    lastName = parts.slice(1).join(" ").slice(0, 100);
  }
  return { firstName: firstName || lastName, lastName: firstName ? lastName : "" };
}

export async function provisionSsoMember(
  tx: Tx,
  connection: { organizationId: string; defaultWorkspaceId: string | null },
  claims: SsoIdentityClaims,
  request: RequestInfo,
): Promise<ProvisionOutcome> {
  const { organizationId } = connection;
  const events: AuditEntry[] = [];
  const target = (user: ProvisionedUser) => ({
    type: "user" as const,
    id: user.id,
    label: `${user.firstName} ${user.lastName} <${user.email}>`.replace("  ", " "),
  });

  const linked = await tx.ssoIdentity.findUnique({
    where: {
      organizationId_issuer_subject: {
        organizationId,
        issuer: claims.issuer,
        subject: claims.subject,
      },
    },
    select: { user: { select: USER_SELECT } },
  });
  let user: ProvisionedUser | null = linked?.user ?? null;
  let created = false;

  if (!user) {
    user = await tx.user.findUnique({ where: { email: claims.email }, select: USER_SELECT });
    if (user) {
      // Already linked to another identity at this organization's provider: a second identity
      // claiming the same email doesn't take the account over.
      const other = await tx.ssoIdentity.findUnique({
        where: { organizationId_userId: { organizationId, userId: user.id } },
        select: { id: true },
      });
      if (other) return { refused: "linked-elsewhere", userId: user.id };
    } else {
      const membershipWanted = await joinPlan(tx, organizationId, claims.email);
      if (membershipWanted.kind === "removed") return { refused: "removed", userId: null };
      user = await tx.user.create({
        data: { email: claims.email, passwordHash: null, ...namesFor(claims) },
        select: USER_SELECT,
      });
      created = true;
    }
    await tx.ssoIdentity.create({
      data: { organizationId, issuer: claims.issuer, subject: claims.subject, userId: user.id },
    });
    if (!created) {
      events.push({
        action: "sso.account_linked",
        target: target(user),
        metadata: { issuer: claims.issuer, subject: claims.subject },
      });
    }
  }

  const membership = await tx.membership.findUnique({
    where: { userId_organizationId: { userId: user.id, organizationId } },
    select: { status: true },
  });
  if (membership) {
    if (membership.status !== "active") return { refused: "disabled", userId: user.id };
  } else {
    const plan = await joinPlan(tx, organizationId, claims.email);
    if (plan.kind === "removed") return { refused: "removed", userId: user.id };
    if (plan.kind === "invitation") {
      const invitation = await readInvitationById(tx, plan.invitationId);
      if (!invitation || invitation.state !== "valid") throw new InvitationGoneError();
      const { alreadyMember } = await acceptInvitation(tx, invitation, user.id);
      events.push({
        action: "invitation.accepted",
        target: {
          type: "invitation",
          id: invitation.id,
          label: `${invitation.firstName} ${invitation.lastName} <${invitation.email}>`,
        },
        metadata: {
          role: invitation.role,
          workspaces: invitation.workspaces.map((w) => w.name),
          alreadyMember,
          method: "sso",
        },
      });
    } else {
      const { id } = await tx.membership.create({
        data: { userId: user.id, organizationId, role: "member" },
        select: { id: true },
      });
      let workspace: string | null = null;
      if (connection.defaultWorkspaceId) {
        const ws = await tx.workspace.findFirst({
          where: { id: connection.defaultWorkspaceId, organizationId },
          select: { id: true, name: true },
        });
        if (ws) {
          await tx.workspaceMembership.create({
            data: { organizationId, membershipId: id, workspaceId: ws.id, role: "member" },
          });
          workspace = ws.name;
        }
      }
      events.push({
        action: "sso.member_provisioned",
        target: target(user),
        metadata: { role: "member", workspace, accountCreated: created },
      });
    }
  }

  if (events.length > 0) {
    await recordAuditEvents(tx, events, {
      organizationId,
      actorId: user.id,
      actorEmail: user.email,
      request,
    });
  }
  return { user };
}

type JoinPlan =
  { kind: "invitation"; invitationId: string } | { kind: "member" } | { kind: "removed" };

/** How someone without a membership joins: their pending invitation, else JIT, unless removed. */
async function joinPlan(tx: Tx, organizationId: string, email: string): Promise<JoinPlan> {
  const invitation = await tx.invitation.findFirst({
    where: {
      organizationId,
      pendingEmail: email,
      status: "pending",
      expiresAt: { gt: new Date() },
    },
    select: { id: true },
  });
  if (invitation) return { kind: "invitation", invitationId: invitation.id };
  const removed = await tx.removedMember.findUnique({
    where: { organizationId_email: { organizationId, email } },
    select: { email: true },
  });
  return removed ? { kind: "removed" } : { kind: "member" };
}
