"use server";

import {
  cancelEmailChange,
  emailChangeProblem,
  issueEmailChange,
  issuePasswordReset,
  queueEmailChangeEmails,
  queuePasswordResetEmail,
} from "@/lib/account";
import {
  ActionError,
  assertAllowed,
  memberAction,
  type MemberContext,
  type Tx,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { endSessions } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db";
import { cancelInvitationEmails, deliverQueued } from "@/lib/email";
import { domainAllowed } from "@/lib/invitations";
import { ORG_ROLE_LABELS, type Action, type OrgRole } from "@/lib/permissions";
import { displayName, findTargetMember, requireTargetMember, userTarget } from "./queries";
import { changeRoleInput, editUserInput, setStatusInput, userIdInput } from "./schemas";
import { auditLabel as label, CHANGED_ELSEWHERE, updateMembership } from "./writes";

const USERS_PATHS = ["/users"];

/** The matrix check for an action on a person of the caller's organization (by user id). */
function onPerson<I extends { userId: string }>(
  action: Action,
  extra: (input: I) => { newRole?: OrgRole } = () => ({}),
) {
  return async ({ input, actor, db }: MemberContext<I>) => {
    const member = await findTargetMember(db, actor.organizationId, input.userId);
    return { action, target: userTarget(actor, input.userId, member, extra(input)) };
  };
}

/** Change someone's org role, admin ↔ member (never to or from owner, never one's own). */
export const changeRoleAction = memberAction({
  name: "change-role",
  input: changeRoleInput,
  permission: onPerson("users.changeOrgRole", (input: { userId: string; role: OrgRole }) => ({
    newRole: input.role,
  })),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    if (member.role === input.role) {
      throw new ActionError(
        `${displayName(member)} is already ${ORG_ROLE_LABELS[input.role].toLowerCase()}.`,
      );
    }
    return {
      result: { role: input.role },
      audit: await updateMembership(tx, member, { role: input.role }),
      revalidate: USERS_PATHS,
    };
  },
});

/** Disable (reversible, data kept, no access) or enable someone. */
export const setStatusAction = memberAction({
  name: "set-status",
  input: setStatusInput,
  permission: onPerson("users.setStatus"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    if (member.status === input.status) {
      throw new ActionError(
        `${displayName(member)} is already ${input.status === "active" ? "enabled" : "disabled"}.`,
      );
    }
    return {
      result: { status: input.status },
      audit: await updateMembership(tx, member, { status: input.status }),
      revalidate: USERS_PATHS,
    };
  },
});

/**
 * Remove someone from the organization: their membership, workspace roles, join requests and
 * pending invitations here go; an account left in no organization is deleted. The audit trail
 * keeps its snapshots.
 */
export const removeMemberAction = memberAction({
  name: "remove-member",
  input: userIdInput,
  permission: onPerson("users.remove"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    // Never the owner, even one who became owner since the permission check (a transfer that
    // committed meanwhile): under READ COMMITTED the delete re-reads the row it waited for.
    const deleted = await tx.membership.deleteMany({
      where: { id: member.membershipId, role: { not: "owner" } },
    });
    if (deleted.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    // Single sign-on doesn't bring them back as a member until they are invited again.
    await tx.removedMember.upsert({
      where: {
        organizationId_email: { organizationId: actor.organizationId, email: member.email },
      },
      create: { organizationId: actor.organizationId, email: member.email },
      update: { removedAt: new Date() },
    });
    const pendingInvitations = {
      organizationId: actor.organizationId,
      email: member.email,
      status: "pending" as const,
    };
    await cancelInvitationEmails(tx, pendingInvitations, "Not sent: the invitation was revoked.");
    const invitations = await tx.invitation.updateMany({
      where: pendingInvitations,
      data: { status: "revoked", pendingEmail: null, revokedAt: new Date() },
    });
    const otherMemberships = await tx.membership.count({ where: { userId: member.userId } });
    const accountDeleted = otherMemberships === 0;
    if (accountDeleted) await tx.user.delete({ where: { id: member.userId } });
    return {
      result: { accountDeleted },
      audit: {
        action: "member.removed",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: {
          before: {
            role: member.role,
            status: member.status,
            workspaces: member.explicitWorkspaceIds.length,
          },
          accountDeleted,
          invitationsRevoked: invitations.count,
        },
      },
      revalidate: USERS_PATHS,
    };
  },
});

/** The account also belongs to an organization other than this one. */
async function belongsElsewhere(tx: Tx, userId: string, organizationId: string) {
  const others = await tx.membership.count({
    where: { userId, organizationId: { not: organizationId } },
  });
  return others > 0;
}

/**
 * Email the person a single-use reset link (one hour) and sign them out everywhere. The admin never
 * sees or sets the password.
 */
export const resetPasswordAction = memberAction({
  name: "reset-password",
  input: userIdInput,
  permission: onPerson("users.resetPassword"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    // A reset signs the account out everywhere, in its other organizations too: that is theirs
    // to decide. They can reset it themselves from the sign-in page.
    if (await belongsElsewhere(tx, member.userId, actor.organizationId)) {
      throw new ActionError(
        `${displayName(member)} also belongs to another organization, so only they can reset their password ("Forgot password?" on the sign-in page).`,
      );
    }
    await endSessions(tx, member.userId);
    const { rawToken, expiresAt } = await issuePasswordReset(tx, member.userId);
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { id: true, name: true, emailSenderName: true, emailReplyTo: true },
    });
    const emailId = await queuePasswordResetEmail(tx, {
      to: member.email,
      firstName: member.firstName,
      rawToken,
      expiresAt,
      organization,
      requestedByAdmin: true,
    });
    return {
      result: { email: member.email },
      audit: {
        action: "member.password_reset_sent",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: { expiresAt: expiresAt.toISOString(), signedOutEverywhere: true },
      },
      revalidate: USERS_PATHS,
      afterCommit: async () => {
        await deliverQueued(await getDb(), [emailId]);
      },
    };
  },
});

/**
 * Edit user: names, email, org role and status in one save, refused when someone else saved in the
 * meantime. Each changed part is checked against the matrix on its own. A new email does not
 * change the account: it becomes a pending change that the new address must confirm (from an
 * emailed link), and the current address is told (an admin redirecting someone's sign-in and
 * password resets to an address of their choosing would take the account over).
 */
export const editUserAction = memberAction({
  name: "edit-user",
  input: editUserInput,
  permission: onPerson("users.editProfile"),
  async run({ input, tx, actor, caller }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    if (
      member.userVersion !== input.userVersion ||
      member.membershipVersion !== input.membershipVersion
    ) {
      throw new ActionError(CHANGED_ELSEWHERE);
    }
    const audit: AuditEntry[] = [];
    const who = { type: "user" as const, id: member.userId, label: label(member) };

    const namesChanged = input.firstName !== member.firstName || input.lastName !== member.lastName;
    const emailChanged = input.email !== member.email;
    if (namesChanged || emailChanged) {
      // An account shared with another organization is theirs too: an admin here must not
      // rename it for them, nor redirect its sign-in (and password resets) to another address.
      if (await belongsElsewhere(tx, member.userId, actor.organizationId)) {
        const field = emailChanged ? "email" : "firstName";
        const message = `${displayName(member)} also belongs to another organization, so only they can change their name and email (in their account settings).`;
        throw new ActionError(message, { [field]: [message] });
      }
    }
    let organization: {
      id: string;
      name: string;
      emailSenderName: string | null;
      emailReplyTo: string | null;
    } | null = null;
    if (emailChanged) {
      await checkNewEmail(tx, actor, member, input.email);
      const { allowedEmailDomains, ...org } = await tx.organization.findUniqueOrThrow({
        where: { id: actor.organizationId },
        select: {
          id: true,
          name: true,
          emailSenderName: true,
          emailReplyTo: true,
          allowedEmailDomains: true,
        },
      });
      // The same rule as for inviting someone: the organization's addresses only.
      if (!domainAllowed(input.email, allowedEmailDomains)) {
        const message = `${input.email} isn't allowed: this organization only allows ${allowedEmailDomains.join(", ")} addresses.`;
        throw new ActionError(message, { email: [message] });
      }
      organization = org;
    }

    if (namesChanged) {
      const updated = await tx.user.updateMany({
        where: { id: member.userId, version: member.userVersion },
        data: { firstName: input.firstName, lastName: input.lastName, version: { increment: 1 } },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
      audit.push({
        action: "member.updated",
        target: who,
        metadata: {
          before: { firstName: member.firstName, lastName: member.lastName, email: member.email },
          after: { firstName: input.firstName, lastName: input.lastName, email: member.email },
        },
      });
    }
    const emailChange = emailChanged
      ? await issueEmailChange(tx, {
          userId: member.userId,
          newEmail: input.email,
          requestedById: caller.user.id,
        })
      : null;
    if (emailChange) {
      audit.push({
        action: "account.email_change_requested",
        target: who,
        metadata: {
          before: { email: member.email },
          after: { email: input.email },
          requestedBy: { id: caller.user.id, email: caller.user.email },
          expiresAt: emailChange.expiresAt.toISOString(),
        },
      });
    }

    if (input.role !== undefined && input.role !== member.role) {
      assertAllowed(
        actor,
        "users.changeOrgRole",
        userTarget(actor, member.userId, member, { newRole: input.role }),
      );
    }
    if (input.status !== undefined && input.status !== member.status) {
      assertAllowed(actor, "users.setStatus", userTarget(actor, member.userId, member));
    }
    audit.push(...(await updateMembership(tx, member, input)));
    if (audit.length === 0) throw new ActionError("Nothing to save: no field was changed.");
    const emails =
      emailChange && organization
        ? await queueEmailChangeEmails(tx, {
            firstName: input.firstName,
            currentEmail: member.email,
            newEmail: input.email,
            rawToken: emailChange.rawToken,
            expiresAt: emailChange.expiresAt,
            organization,
          })
        : null;
    const result: { emailChangePending?: string; emailFailed?: boolean } = emailChange
      ? { emailChangePending: input.email }
      : {};
    return {
      result,
      audit,
      revalidate: ["/users"],
      afterCommit: async () => {
        if (!emails) return;
        const sent = await deliverQueued(await getDb(), [emails.confirmation, emails.notice]);
        return { emailFailed: sent.get(emails.confirmation)?.status === "failed" };
      },
    };
  },
});

const OWN_EMAIL =
  "Change your own email address in your account settings (it asks for your password).";

/** Whether an admin may ask for this new address for this person; throws on the email field. */
async function checkNewEmail(
  tx: Tx,
  actor: { userId: string },
  member: { userId: string; email: string },
  newEmail: string,
) {
  // One's own address changes only with one's password, from account settings.
  if (member.userId === actor.userId) throw new ActionError(OWN_EMAIL, { email: [OWN_EMAIL] });
  const problem = await emailChangeProblem(
    tx,
    { id: member.userId, email: member.email },
    newEmail,
  );
  if (problem) throw new ActionError(`${problem}.`, { email: [problem] });
}

/**
 * Cancel the person's email change waiting for confirmation (asked for by an admin or by them):
 * its link stops working. Not for an account that also belongs to another organization.
 */
export const cancelMemberEmailChangeAction = memberAction({
  name: "cancel-member-email-change",
  input: userIdInput,
  permission: onPerson("users.editProfile"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    if (await belongsElsewhere(tx, member.userId, actor.organizationId)) {
      throw new ActionError(
        `${displayName(member)} also belongs to another organization, so only they can change their email (in their account settings).`,
      );
    }
    const cancelled = await cancelEmailChange(tx, member.userId);
    if (!cancelled) {
      throw new ActionError(
        "There is no email change waiting to be confirmed — it was confirmed, cancelled or has expired.",
      );
    }
    return {
      result: {},
      audit: {
        action: "account.email_change_cancelled",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: { email: member.email, cancelledEmail: cancelled },
      },
      revalidate: USERS_PATHS,
    };
  },
});
