import "server-only";
import type { PendingEmailChange } from "@/lib/account";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import { getCaller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import {
  can,
  effectiveMembershipStatus,
  type Actor,
  type MembershipStatus,
} from "@/lib/permissions";
import { displayName, findTargetMember, userTarget, type TargetMember } from "./queries";

export interface EditUserPage {
  member: TargetMember;
  name: string;
  /** The membership's status as it reads now (suspended while the subscription has lapsed). */
  status: MembershipStatus;
  can: { editProfile: boolean; changeRole: boolean; setStatus: boolean };
  /** The account belongs to other organizations too: only its owner changes its name and email. */
  sharedAccount: boolean;
  /**
   * A change of their email waiting for the new address to confirm, shown (with Cancel) to those
   * who may edit their email; null otherwise.
   */
  emailChange: PendingEmailChange | null;
  invitation: {
    role: TargetMember["role"];
    inviterEmail: string;
    createdAt: Date;
    expiresAt: Date;
  } | null;
  /**
   * The latest audit events by or about them, newest first; null for viewers who may not read the
   * audit log (a workspace manager would otherwise see events from outside their workspaces).
   */
  activity:
    | {
        id: string;
        label: string;
        /** They did it themselves (else `actorEmail` did it to them). */
        byThem: boolean;
        actorEmail: string | null;
        targetLabel: string | null;
        createdAt: Date;
      }[]
    | null;
}

const ACTIVITY_SHOWN = 15;

/**
 * Edit user for one person of the caller's organization, or null when there is no such person
 * there or the caller may not see them (both answer "not found").
 */
export async function editUserPageFor(actor: Actor, userId: string): Promise<EditUserPage | null> {
  const db = await getDb();
  const member = await findTargetMember(db, actor.organizationId, userId);
  const target = userTarget(actor, userId, member);
  if (!member || !can(actor, "users.view", target)) return null;
  const readsAuditLog = can(actor, "auditLog.view", {
    kind: "organization",
    organizationId: actor.organizationId,
  });
  const [caller, invitation, events] = await Promise.all([
    // The caller's own organization (its subscription), as their session read it.
    getCaller(),
    db.invitation.findFirst({
      where: { organizationId: actor.organizationId, email: member.email, status: "pending" },
      select: { role: true, expiresAt: true, createdAt: true, inviterEmail: true },
    }),
    readsAuditLog
      ? db.auditEvent.findMany({
          where: {
            organizationId: actor.organizationId,
            OR: [{ targetId: member.userId }, { actorId: member.userId }],
          },
          orderBy: { createdAt: "desc" },
          take: ACTIVITY_SHOWN,
          select: {
            id: true,
            action: true,
            actorEmail: true,
            actorId: true,
            targetLabel: true,
            createdAt: true,
          },
        })
      : null,
  ]);
  const organization = caller?.membership.organization;
  if (organization?.id !== actor.organizationId) return null;
  const sharedAccount = member.organizationCount > 1;
  const emailChange =
    can(actor, "users.editProfile", target) && !sharedAccount ? member.pendingEmailChange : null;
  return {
    member,
    name: displayName(member),
    status: effectiveMembershipStatus(
      member.status,
      member.role,
      organization.subscriptionActiveUntil,
    ),
    can: {
      // An account that belongs to other organizations too is its owner's to rename.
      editProfile: can(actor, "users.editProfile", target) && !sharedAccount,
      changeRole: can(actor, "users.changeOrgRole", {
        ...target,
        newRole: member.role === "admin" ? "member" : "admin",
      }),
      setStatus: can(actor, "users.setStatus", target),
    },
    sharedAccount,
    emailChange,
    invitation,
    activity:
      events?.map((event) => ({
        id: event.id,
        label: AUDIT_ACTIONS[event.action as AuditAction] ?? event.action,
        byThem: event.actorId === member.userId,
        actorEmail: event.actorEmail,
        targetLabel: event.targetLabel,
        createdAt: event.createdAt,
      })) ?? null,
  };
}
