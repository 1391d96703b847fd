"use server";

import { redirect } from "next/navigation";
import { ActionError, publicAction } from "@/lib/actions/pipeline";
import { hashPassword } from "@/lib/auth/password";
import { hashToken, looksLikeToken } from "@/lib/tokens";
import { resetPasswordInput } from "@/lib/forms/fields";

const LINK_INVALID = "This reset link is no longer valid. Ask for a new one from the sign-in page.";

/** Sets a new password from an emailed link (single use), and signs the account out everywhere. */
export const resetPasswordWithTokenAction = publicAction({
  name: "reset-password-with-token",
  input: resetPasswordInput,
  async run({ input, tx }) {
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
    const passwordHash = await hashPassword(input.password);
    const user = await tx.user.update({
      where: { id: token.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
      select: { id: true, email: true, memberships: { select: { organizationId: true } } },
    });
    await tx.passwordResetToken.deleteMany({ where: { userId: user.id, usedAt: null } });
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
