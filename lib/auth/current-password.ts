import { ActionError } from "@/lib/actions/errors";
import type { Db } from "@/lib/db";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS, resetRateLimit } from "@/lib/rate-limit";
import { verifyPassword } from "./password";

export const WRONG_PASSWORD = "That password isn't right.";

/**
 * A signed-in person's password, asked again (changing the password or email, two-factor
 * settings, the Danger zone). Every try counts towards one limit per account, ten in 15 minutes,
 * before the password is checked — call it from an action's guard, outside the transaction, so a
 * refusal does not undo the count; a right password clears it. Past the limit it throws an
 * ActionError saying how long to wait; otherwise it answers whether the password was right.
 */
export async function currentPasswordMatches(
  db: Pick<Db, "user" | "rateLimitBucket" | "$queryRaw" | "$executeRaw">,
  userId: string,
  password: string,
): Promise<boolean> {
  const limit = await consumeRateLimit(db, RATE_LIMITS.confirmPasswordPerUser, userId);
  if (!limit.allowed) {
    throw new ActionError(
      `Too many wrong passwords. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
    );
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  const ok = Boolean(user?.passwordHash && (await verifyPassword(password, user.passwordHash)));
  if (ok) await resetRateLimit(db, RATE_LIMITS.confirmPasswordPerUser, userId);
  return ok;
}

/** As currentPasswordMatches, refusing a wrong password with `message` on the form's `field`. */
export async function requireCurrentPassword(
  db: Parameters<typeof currentPasswordMatches>[0],
  userId: string,
  password: string,
  { field = "password", message = WRONG_PASSWORD }: { field?: string; message?: string } = {},
): Promise<void> {
  if (!(await currentPasswordMatches(db, userId, password))) {
    throw new ActionError(message, { [field]: [message] });
  }
}
