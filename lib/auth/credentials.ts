import { getDb } from "@/lib/db";
import { consumeRateLimit, RATE_LIMITS, resetRateLimit } from "@/lib/rate-limit";
import { signInInput } from "./sign-in-input";
import { verifyAgainstDummy, verifyPassword } from "./password";

export function clientIp(headers: Headers): string {
  return (
    headers.get("x-forwarded-for")?.split(",")[0]?.trim() || headers.get("x-real-ip") || "unknown"
  );
}

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

/**
 * Email + password → the account, or null. Never says which of the two was wrong, spends the
 * same time on unknown emails, and is rate-limited per email and per IP in the database.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Headers,
): Promise<AuthorizedUser | null | "rate_limited"> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const db = await getDb();
  const [byEmail, byIp] = await Promise.all([
    consumeRateLimit(db, RATE_LIMITS.signInPerEmail, email),
    consumeRateLimit(db, RATE_LIMITS.signInPerIp, clientIp(headers)),
  ]);
  if (!byEmail.allowed || !byIp.allowed) return "rate_limited";

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      sessionVersion: true,
      passwordHash: true,
    },
  });
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user || !ok) return null;

  await resetRateLimit(db, RATE_LIMITS.signInPerEmail, email);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return {
    id: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`,
    sessionVersion: user.sessionVersion,
  };
}
