"use server";

import { issuePasswordReset, sendPasswordResetEmail } from "@/lib/account";
import {
  ActionError,
  assertAllowed,
  memberAction,
  type MemberContext,
  type Tx,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { getDb } from "@/lib/db";
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
    const invitations = await tx.invitation.updateMany({
      where: { organizationId: actor.organizationId, email: member.email, status: "pending" },
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
    await tx.user.update({
      where: { id: member.userId },
      data: { sessionVersion: { increment: 1 } },
    });
    const { rawToken, expiresAt } = await issuePasswordReset(tx, member.userId);
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { id: true, name: true, emailSenderName: true, emailReplyTo: true },
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
        await sendPasswordResetEmail(await getDb(), {
          to: member.email,
          firstName: member.firstName,
          rawToken,
          expiresAt,
          organization,
          requestedByAdmin: true,
        });
      },
    };
  },
});

/**
 * Edit user: names, email, org role and status in one save, refused when someone else saved in the
 * meantime. Each changed part is checked against the matrix on its own.
 */
export const editUserAction = memberAction({
  name: "edit-user",
  input: editUserInput,
  permission: onPerson("users.editProfile"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    if (
      member.userVersion !== input.userVersion ||
      member.membershipVersion !== input.membershipVersion
    ) {
      throw new ActionError(CHANGED_ELSEWHERE);
    }
    const audit: AuditEntry[] = [];
    const who = { type: "user" as const, id: member.userId, label: label(member) };

    const profileChanged =
      input.firstName !== member.firstName ||
      input.lastName !== member.lastName ||
      input.email !== member.email;
    if (profileChanged) {
      // An account shared with another organization is theirs too: an admin here must not
      // rename it for them, nor redirect its sign-in (and password resets) to another address.
      if (await belongsElsewhere(tx, member.userId, actor.organizationId)) {
        const field = input.email !== member.email ? "email" : "firstName";
        const message = `${displayName(member)} also belongs to another organization, so only they can change their name and email (in their account settings).`;
        throw new ActionError(message, { [field]: [message] });
      }
      if (input.email !== member.email) {
        const taken = await tx.user.findUnique({
          where: { email: input.email },
          select: { id: true },
        });
        if (taken) {
          throw new ActionError("That email address is already used by another account.", {
            email: ["That email address is already used by another account"],
          });
        }
      }
      const updated = await tx.user.updateMany({
        where: { id: member.userId, version: member.userVersion },
        data: {
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
      audit.push({
        action: "member.updated",
        target: who,
        metadata: {
          before: { firstName: member.firstName, lastName: member.lastName, email: member.email },
          after: { firstName: input.firstName, lastName: input.lastName, email: input.email },
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
    return { result: {}, audit, revalidate: ["/users"] };
  },
});
