"use server";

import { ActionError, memberAction, publicAction } from "@/lib/actions/pipeline";
import { getCaller } from "@/lib/auth/caller";
import { requireCurrentPassword } from "@/lib/auth/current-password";
import { endSessions } from "@/lib/auth/sessions";
import { getDb, isUniqueViolation } from "@/lib/db";
import { deliverQueued } from "@/lib/email";
import { hashToken, looksLikeToken } from "@/lib/tokens";
import {
  cancelEmailChange,
  EMAIL_TAKEN,
  emailChangeProblem,
  issueEmailChange,
  queueEmailChangeEmails,
} from "./email-change";
import {
  cancelEmailChangeInput,
  confirmEmailChangeInput,
  requestEmailChangeInput,
} from "./schemas";

// One's own email address: asking to change it (account settings), cancelling that, and
// confirming it from the link sent to the new address (lib/account/email-change.ts). An admin's
// request for someone else comes from Edit user (lib/people/actions.ts) and is confirmed here too.

const WRONG_CURRENT_PASSWORD = "That isn't your current password.";

/**
 * Change email: the current password is required (wrong guesses count towards the per-account
 * limit that confirming one's password elsewhere shares), the new address must be another one and
 * not another account's. Nothing about the account changes now: the new address gets a link to
 * confirm (24 hours, single use), the current one a notice. Asking again replaces the earlier
 * request. Recorded in each of the person's organizations.
 */
export const requestEmailChangeAction = memberAction({
  name: "request-email-change",
  input: requestEmailChangeInput,
  permission: () => "self",
  guard: ({ db, caller, input }) =>
    requireCurrentPassword(db, caller.user.id, input.currentPassword, {
      field: "currentPassword",
      message: WRONG_CURRENT_PASSWORD,
    }),
  async run({ input, tx, caller }) {
    const { user } = caller;
    const problem = await emailChangeProblem(tx, user, input.newEmail);
    if (problem) throw new ActionError(`${problem}.`, { newEmail: [problem] });
    const { rawToken, expiresAt } = await issueEmailChange(tx, {
      userId: user.id,
      newEmail: input.newEmail,
      requestedById: user.id,
    });
    const emails = await queueEmailChangeEmails(tx, {
      firstName: user.firstName,
      currentEmail: user.email,
      newEmail: input.newEmail,
      rawToken,
      expiresAt,
      organization: null,
    });
    return {
      result: { newEmail: input.newEmail, emailFailed: false },
      audit: {
        action: "account.email_change_requested",
        target: { type: "user", id: user.id, label: user.email },
        metadata: {
          before: { email: user.email },
          after: { email: input.newEmail },
          requestedBy: { id: user.id, email: user.email },
          expiresAt: expiresAt.toISOString(),
        },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/settings/account"],
      afterCommit: async () => {
        const sent = await deliverQueued(await getDb(), [emails.confirmation, emails.notice]);
        return { emailFailed: sent.get(emails.confirmation)?.status === "failed" };
      },
    };
  },
});

const NOTHING_PENDING =
  "There is no email change waiting to be confirmed — it was confirmed, cancelled or has expired.";

/**
 * Cancel the account's pending change, whoever asked for it (the person, or an admin): its link
 * stops working. Recorded in each of the person's organizations.
 */
export const cancelEmailChangeAction = memberAction({
  name: "cancel-email-change",
  input: cancelEmailChangeInput,
  permission: () => "self",
  async run({ tx, caller }) {
    const { user } = caller;
    const cancelled = await cancelEmailChange(tx, user.id);
    if (!cancelled) throw new ActionError(NOTHING_PENDING);
    return {
      result: {},
      audit: {
        action: "account.email_change_cancelled",
        target: { type: "user", id: user.id, label: user.email },
        metadata: { email: user.email, cancelledEmail: cancelled },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/settings/account"],
    };
  },
});

const LINK_INVALID =
  "This confirmation link is no longer valid. Ask for the change again from your account settings.";
const TAKEN_NOW =
  "That email address now belongs to another account, so this account keeps its current address.";
const SHARED_NOW =
  "An admin asked for this change, and the account now belongs to more than one organization: only its owner can change its email now, from their account settings.";

/**
 * Confirm a change from the link sent to the new address (single use; a GET of the link only shows
 * the page, since link scanners open links). The email changes; the link is used up and any other
 * change links of the account go, as do its unused password reset links; every session of the
 * account ends except this browser's when it is signed in to that account. Recorded in each of
 * the person's organizations.
 */
export const confirmEmailChangeAction = publicAction({
  name: "confirm-email-change",
  input: confirmEmailChangeInput,
  async guard() {
    // Who this browser is signed in as, read before the transaction (and memoized for run()).
    await getCaller();
  },
  async run({ input, tx }) {
    if (!looksLikeToken(input.token)) throw new ActionError(LINK_INVALID);
    const token = await tx.emailChangeToken.findUnique({
      where: { tokenHash: hashToken(input.token) },
      select: {
        id: true,
        userId: true,
        newEmail: true,
        expiresAt: true,
        usedAt: true,
        requestedById: true,
        user: { select: { email: true, memberships: { select: { organizationId: true } } } },
      },
    });
    if (!token || token.usedAt || token.expiresAt <= new Date()) {
      throw new ActionError(LINK_INVALID);
    }
    const { user } = token;
    if (
      (await emailChangeProblem(tx, { id: token.userId, email: user.email }, token.newEmail)) ===
      EMAIL_TAKEN
    ) {
      throw new ActionError(TAKEN_NOW);
    }
    // An admin may ask only for an account of their organization alone (lib/people); one that has
    // joined another organization since is no longer theirs to redirect.
    if (token.requestedById !== token.userId && user.memberships.length > 1) {
      throw new ActionError(SHARED_NOW);
    }
    // Single use even when two submissions race: only one of them marks it used.
    const claimed = await tx.emailChangeToken.updateMany({
      where: { id: token.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw new ActionError(LINK_INVALID);
    // Who asked, as they were then (the person themselves, before the change, or an admin).
    const requester = token.requestedById
      ? await tx.user.findUnique({ where: { id: token.requestedById }, select: { email: true } })
      : null;
    try {
      await tx.user.update({
        where: { id: token.userId },
        data: { email: token.newEmail, version: { increment: 1 } },
        select: { id: true },
      });
    } catch (error) {
      // Taken by another account since the check above (it committed first).
      if (isUniqueViolation(error)) throw new ActionError(TAKEN_NOW);
      throw error;
    }
    await tx.emailChangeToken.deleteMany({
      where: { userId: token.userId, id: { not: token.id } },
    });
    await tx.passwordResetToken.deleteMany({ where: { userId: token.userId, usedAt: null } });
    const caller = await getCaller();
    const thisBrowser = caller?.user.id === token.userId ? caller.sessionId : undefined;
    const sessionsEnded = await endSessions(tx, token.userId, { except: thisBrowser });
    return {
      result: { email: token.newEmail, signedIn: thisBrowser !== undefined },
      organizationIds: user.memberships.map((m) => m.organizationId),
      actor: { id: token.userId, email: token.newEmail },
      audit: {
        action: "account.email_changed",
        target: { type: "user", id: token.userId, label: token.newEmail },
        metadata: {
          before: { email: user.email },
          after: { email: token.newEmail },
          requestedBy: token.requestedById
            ? { id: token.requestedById, email: requester?.email ?? null }
            : null,
          otherSessionsSignedOut: sessionsEnded,
        },
      },
      // Nothing to revalidate: every page reads the account afresh, and refreshing this one would
      // replace the success the form shows with "this link has already been used".
    };
  },
});
