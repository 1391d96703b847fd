"use server";

import { ActionError, memberAction } from "@/lib/actions/pipeline";
import { signOut } from "@/lib/auth/auth";
import { currentPasswordMatches } from "@/lib/auth/current-password";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordProblem } from "@/lib/auth/password-rule";
import { endSessions } from "@/lib/auth/sessions";
import { changePasswordInput, leaveOrganizationInput, updateProfileInput } from "./schemas";

// One's own account, from /settings/account: the name everyone sees, the password, and leaving an
// organization.

const PROFILE_CHANGED =
  "Your profile was changed meanwhile (in another tab?) — reload to see the latest version.";

/**
 * Profile: one's own first and last name, the owner's included (nobody else may edit the owner).
 * Recorded in each of the person's organizations, as each of them shows the name.
 */
export const updateProfileAction = memberAction({
  name: "update-profile",
  input: updateProfileInput,
  permission: () => "self",
  async run({ input, tx, caller }) {
    const before = { firstName: caller.user.firstName, lastName: caller.user.lastName };
    const after = { firstName: input.firstName, lastName: input.lastName };
    if (before.firstName === after.firstName && before.lastName === after.lastName) {
      throw new ActionError("Nothing to save: no field was changed.");
    }
    const updated = await tx.user.updateMany({
      where: { id: caller.user.id, version: input.version },
      data: { ...after, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ActionError(PROFILE_CHANGED);
    return {
      result: {},
      audit: {
        action: "account.updated",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: { before, after },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/"],
    };
  },
});

/**
 * Leave organization: the person's membership and their workspace roles in it go; the owner must
 * transfer ownership first. When it was their only organization, the account goes too (an account
 * belongs to at least one organization) and they are signed out.
 */
export const leaveOrganizationAction = memberAction({
  name: "leave-organization",
  input: leaveOrganizationInput,
  permission: () => "self",
  async run({ input, tx, caller, actor }) {
    if (input.organizationId !== actor.organizationId) {
      throw new ActionError("You are working in another organization now — reload and try again.");
    }
    if (actor.orgRole === "owner") {
      throw new ActionError(
        "You own this organization: transfer ownership to someone else first, in Organization settings.",
      );
    }
    // Never the owner: one who became owner a moment ago (a transfer that committed meanwhile)
    // keeps the membership.
    const left = await tx.membership.deleteMany({
      where: { id: actor.membershipId, role: { not: "owner" } },
    });
    if (left.count !== 1) {
      throw new ActionError("Your membership changed meanwhile — reload and try again.");
    }
    const organization = caller.membership.organization;
    const accountDeleted = (await tx.membership.count({ where: { userId: caller.user.id } })) === 0;
    if (accountDeleted) await tx.user.delete({ where: { id: caller.user.id } });
    return {
      result: { accountDeleted },
      audit: {
        action: "member.left",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: {
          organization: organization.name,
          before: { role: caller.membership.role },
          accountDeleted,
        },
      },
      revalidate: ["/"],
      afterCommit: async () => {
        if (accountDeleted) await signOut({ redirect: false });
      },
    };
  },
});

const WRONG_CURRENT_PASSWORD = "That isn't your current password.";
const PASSWORD_CHANGED_MEANWHILE =
  "Your password was changed meanwhile (in another tab?) — sign in again with the new one.";

/**
 * Change password: the current one is required, and wrong guesses count towards the limit per
 * account that confirming one's password elsewhere shares (counted before the transaction, so a
 * refusal does not undo them; a right one clears them). The new one meets the password rule,
 * judged with the person's name, email and organizations. Every other session of the account ends
 * (this browser stays signed in); outstanding reset links stop working. Recorded in each of the
 * person's organizations.
 */
export const changePasswordAction = memberAction({
  name: "change-password",
  input: changePasswordInput,
  permission: () => "self",
  async guard({ db, caller, input }) {
    const currentOk = await currentPasswordMatches(db, caller.user.id, input.currentPassword);
    const { user, memberships } = caller;
    const weak = await passwordProblem(input.newPassword, [
      user.firstName,
      user.lastName,
      user.email,
      ...memberships.map((m) => m.organization.name),
    ]);
    if (currentOk && !weak) return;
    throw new ActionError(
      currentOk ? "Please correct the highlighted fields." : WRONG_CURRENT_PASSWORD,
      {
        ...(currentOk ? {} : { currentPassword: [WRONG_CURRENT_PASSWORD] }),
        ...(weak ? { newPassword: [weak] } : {}),
      },
    );
  },
  // The password hashing, outside the transaction: the stored hash the current password matches
  // (read again after the guard), and the new password's.
  async prepare({ input, db, caller }) {
    const { passwordHash } = await db.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: { passwordHash: true },
    });
    if (passwordHash === null || !(await verifyPassword(input.currentPassword, passwordHash)))
      throw new ActionError(PASSWORD_CHANGED_MEANWHILE);
    return { currentHash: passwordHash, newHash: await hashPassword(input.newPassword) };
  },
  async run({ tx, caller, prepared }) {
    // Only over the password checked above, and while this session still exists: a reset or
    // another change meanwhile (two tabs at once) makes this one change nothing.
    const changed =
      (await tx.session.count({ where: { id: caller.sessionId } })) === 1
        ? await tx.user.updateMany({
            where: { id: caller.user.id, passwordHash: prepared.currentHash },
            data: { passwordHash: prepared.newHash },
          })
        : { count: 0 };
    if (changed.count !== 1) throw new ActionError(PASSWORD_CHANGED_MEANWHILE);
    const otherSessionsEnded = await endSessions(tx, caller.user.id, { except: caller.sessionId });
    await tx.passwordResetToken.deleteMany({ where: { userId: caller.user.id, usedAt: null } });
    return {
      result: { otherSessionsEnded },
      audit: {
        action: "account.password_changed",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: { via: "account settings", otherSessionsEnded },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
    };
  },
});
