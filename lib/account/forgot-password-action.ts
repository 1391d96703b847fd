"use server";

import { ActionError, publicAction } from "@/lib/actions/pipeline";
import { issuePasswordReset, sendPasswordResetEmail } from "@/lib/account/password-reset";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { forgotPasswordInput } from "@/lib/forms/fields";

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
        void sendPasswordResetEmail(db, {
          to: user.email,
          firstName: user.firstName,
          rawToken,
          expiresAt,
          organization: null,
          requestedByAdmin: false,
        }).catch((error: unknown) => console.error("[forgot-password] email failed", error));
      },
    };
  },
});
