import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { consumeRateLimit, RATE_LIMITS, refundRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { clientAddress } from "@/lib/request/client-address";
import { signInInput } from "./sign-in-input";
import { verifyAgainstDummy, verifyPassword } from "./password";

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

/**
 * Email + password → the account, or null. Never says which of the two was wrong, spends the
 * same time on unknown emails, and limits failures in the database: per email and client address
 * (past it, that pair is refused even the right password), and per address across emails. Failures
 * from one address never lock the account for another, so nobody can lock someone out by guessing.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Headers,
): Promise<AuthorizedUser | null | "rate_limited"> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const ip = clientAddress(headers, config.trustedProxies) ?? "unknown";
  const pair = `${email}|${ip}`;
  const db = await getDb();
  // Every attempt is counted before the password is checked, so parallel guesses cannot get past
  // the limits; a right password then takes its own count back, leaving only failures counted.
  const [byPair, byIp] = await Promise.all([
    consumeRateLimit(db, RATE_LIMITS.signInPerEmailAndIp, pair),
    consumeRateLimit(db, RATE_LIMITS.signInPerIp, ip),
  ]);
  if (!byPair.allowed || !byIp.allowed) return "rate_limited";

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

  await Promise.all([
    resetRateLimit(db, RATE_LIMITS.signInPerEmailAndIp, pair),
    refundRateLimit(db, RATE_LIMITS.signInPerIp, ip),
  ]);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  return {
    id: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`,
    sessionVersion: user.sessionVersion,
  };
}
