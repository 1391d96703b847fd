"use server";

import { redirect } from "next/navigation";
import { ActionError, memberAction, publicAction } from "@/lib/actions/pipeline";
import { hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/sessions";
import { requireStrongPassword } from "@/lib/auth/password-rule";
import { deliverQueued } from "@/lib/email";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { hashToken, looksLikeToken } from "@/lib/tokens";
import { issuePasswordReset, queuePasswordResetEmail } from "./password-reset";
import { forgotPasswordInput, resetPasswordInput, setThemeInput } from "./schemas";
import { log } from "@/lib/log";

export const setThemeAction = memberAction({
  name: "set-theme",
  input: setThemeInput,
  permission: () => "self",
  async run({ input, tx, caller }) {
    await tx.user.update({ where: { id: caller.user.id }, data: { themePreference: input.theme } });
    return {
      result: {},
      audit: {
        action: "account.updated",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: {
          before: { themePreference: caller.user.themePreference },
          after: { themePreference: input.theme },
        },
      },
      revalidate: ["/"],
    };
  },
});

/**
 * Self-service reset: answers the same whether or not the email has an account (and takes the
 * same time: the email goes out after the answer), rate-limited per email and per IP.
 */
export const forgotPasswordAction = publicAction({
  name: "forgot-password",
  input: forgotPasswordInput,
  async guard({ db, input, request }) {
    const [byEmail, byIp] = await Promise.all([
      consumeRateLimit(db, RATE_LIMITS.forgotPasswordPerEmail, input.email),
      consumeRateLimit(db, RATE_LIMITS.forgotPasswordPerIp, request.ip ?? "unknown"),
    ]);
    const blocked = !byEmail.allowed ? byEmail : !byIp.allowed ? byIp : null;
    if (blocked && !blocked.allowed) {
      throw new ActionError(
        `Too many requests. Try again in ${formatRetryAfter(blocked.retryAfterSeconds)}.`,
      );
    }
  },
  async run({ input, tx, db }) {
    const user = await tx.user.findUnique({
      where: { email: input.email },
      select: {
        id: true,
        email: true,
        firstName: true,
        memberships: { select: { organizationId: true } },
      },
    });
    if (!user) return { result: {}, audit: [], organizationIds: [], actor: null };
    const { rawToken, expiresAt } = await issuePasswordReset(tx, user.id);
    const emailId = await queuePasswordResetEmail(tx, {
      to: user.email,
      firstName: user.firstName,
      rawToken,
      expiresAt,
      organization: null,
      requestedByAdmin: false,
    });
    return {
      result: {},
      organizationIds: user.memberships.map((m) => m.organizationId),
      actor: { id: user.id, email: user.email },
      audit: {
        action: "account.password_reset_requested",
        target: { type: "user", id: user.id, label: user.email },
        metadata: { expiresAt: expiresAt.toISOString() },
      },
      afterCommit: async () => {
        // Not awaited: the answer must not take longer for an existing account.
        void deliverQueued(db, [emailId]).catch((error: unknown) =>
          log.error({ err: error }, "password-reset email could not be sent"),
        );
      },
    };
  },
});

const LINK_INVALID = "This reset link is no longer valid. Ask for a new one from the sign-in page.";

/** Sets a new password from an emailed link (single use), and signs the account out everywhere. */
export const resetPasswordWithTokenAction = publicAction({
  name: "reset-password-with-token",
  input: resetPasswordInput,
  async guard({ db, input }) {
    const token = looksLikeToken(input.token)
      ? await db.passwordResetToken.findUnique({
          where: { tokenHash: hashToken(input.token) },
          select: {
            usedAt: true,
            expiresAt: true,
            user: {
              select: {
                firstName: true,
                lastName: true,
                email: true,
                memberships: { select: { organization: { select: { name: true } } } },
              },
            },
          },
        })
      : null;
    if (!token || token.usedAt || token.expiresAt <= new Date()) return; // run() refuses it
    const { user } = token;
    await requireStrongPassword(input.password, [
      user.firstName,
      user.lastName,
      user.email,
      ...user.memberships.map((m) => m.organization.name),
    ]);
  },
  // Hashed before the transaction, which would otherwise hold a pooled connection meanwhile.
  prepare: ({ input }) => hashPassword(input.password),
  async run({ input, tx, prepared: passwordHash }) {
    if (!looksLikeToken(input.token)) throw new ActionError(LINK_INVALID);
    const token = await tx.passwordResetToken.findUnique({
      where: { tokenHash: hashToken(input.token) },
      select: { id: true, userId: true, expiresAt: true, usedAt: true },
    });
    if (!token || token.usedAt || token.expiresAt <= new Date())
      throw new ActionError(LINK_INVALID);
    // Single use even when two submissions race: only one of them marks it used.
    const claimed = await tx.passwordResetToken.updateMany({
      where: { id: token.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    if (claimed.count !== 1) throw new ActionError(LINK_INVALID);
    const user = await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash },
      select: { id: true, email: true, memberships: { select: { organizationId: true } } },
    });
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
    await endSessions(tx, user.id);
    return {
      result: {},
      organizationIds: user.memberships.map((m) => m.organizationId),
      actor: { id: user.id, email: user.email },
      audit: {
        action: "account.password_changed",
        target: { type: "user", id: user.id, label: user.email },
        metadata: { via: "reset link", signedOutEverywhere: true },
      },
    };
  },
  async after() {
    redirect("/sign-in?reset=done");
  },
});
