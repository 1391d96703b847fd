import { config } from "@/lib/config";
import { getDb, type Db } from "@/lib/db";
import { consumeRateLimit, RATE_LIMITS, refundRateLimit, resetRateLimit } from "@/lib/rate-limit";
import { clientAddress } from "@/lib/request/client-address";
import type { RequestInfo } from "@/lib/request/info";
import { hashToken, looksLikeToken, newToken } from "@/lib/tokens";
import { verifyAgainstDummy, verifyPassword } from "./password";
import { recordAccountEvent } from "./security-events";
import { createSession } from "./sessions";
import { hiddenBySso, type EnforcementView } from "./sso-enforcement";
import { secondStepInput, signInInput } from "./sign-in-input";
import { acceptTotpCode, consumeRecoveryCode, normalizeTotpCode } from "./two-factor";

/** How long the second step of a sign-in waits for its code. */
export const SECOND_STEP_MINUTES = 5;

export interface AuthorizedUser {
  id: string;
  email: string;
  name: string;
  /** The new session's raw id, for the cookie. */
  sessionToken: string;
}

/** Why a sign-in step did not sign anyone in (Auth.js turns each into a CredentialsSignin code). */
export type SignInRefusal =
  | { refused: "invalid" }
  | { refused: "rate_limited" }
  | { refused: "two_factor"; challenge: string }
  | { refused: "challenge_expired" }
  | { refused: "sso_required" };

const ENFORCEMENT_SELECT = {
  role: true,
  organization: { select: { id: true, ssoEnforcedDomains: true } },
} as const;

/**
 * A password opens nothing for an account whose every membership is in an organization that
 * enforces single sign-on for its email (and that it doesn't own): it must sign in with SSO.
 * An account in no organization keeps its password (it would see nothing either way).
 */
function ssoRequired(user: { email: string; memberships: EnforcementView[] }): boolean {
  return (
    user.memberships.length > 0 && user.memberships.every((m) => hiddenBySso(m, user.email, null))
  );
}

export function requestInfoOf(headers: Headers): RequestInfo {
  return {
    ip: clientAddress(headers, config.trustedProxies),
    userAgent: headers.get("user-agent")?.slice(0, 500) ?? null,
  };
}

/**
 * Email + password → a session for the account, the second step when it has two-factor
 * authentication, or a refusal. Never says which of the two was wrong, spends the same time on
 * unknown emails, and limits failures in the database: per email and client address (past it, that
 * pair is refused even the right password), and per address across emails. Failures from one
 * address never lock the account for another, so nobody can lock someone out by guessing.
 */
export async function authorizeCredentials(
  raw: unknown,
  headers: Headers,
): Promise<AuthorizedUser | SignInRefusal> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) return { refused: "invalid" };
  const { email, password } = parsed.data;
  const request = requestInfoOf(headers);
  const ip = request.ip ?? "unknown";
  const pair = `${email}|${ip}`;
  const db = await getDb();
  // Every attempt is counted before the password is checked, so parallel guesses cannot get past
  // the limits; a right password then takes its own count back, leaving only failures counted.
  const [byPair, byIp] = await Promise.all([
    consumeRateLimit(db, RATE_LIMITS.signInPerEmailAndIp, pair),
    consumeRateLimit(db, RATE_LIMITS.signInPerIp, ip),
  ]);
  if (!byPair.allowed || !byIp.allowed) return { refused: "rate_limited" };

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      passwordHash: true,
      totpEnabledAt: true,
      memberships: { select: ENFORCEMENT_SELECT },
    },
  });
  const ok = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : await verifyAgainstDummy(password);
  if (!user) return { refused: "invalid" };
  if (!ok) {
    await recordAccountEvent(
      db,
      user,
      { action: "account.sign_in_failed", metadata: { reason: "wrong password" } },
      request,
      null,
    );
    // The failure that used up the last attempt: from now on this address is refused.
    if (byPair.count === RATE_LIMITS.signInPerEmailAndIp.limit) {
      await recordAccountEvent(
        db,
        user,
        {
          action: "account.locked_out",
          metadata: {
            step: "password",
            failures: byPair.count,
            minutes: RATE_LIMITS.signInPerEmailAndIp.windowSeconds / 60,
          },
        },
        request,
        null,
      );
    }
    return { refused: "invalid" };
  }

  await Promise.all([
    resetRateLimit(db, RATE_LIMITS.signInPerEmailAndIp, pair),
    refundRateLimit(db, RATE_LIMITS.signInPerIp, ip),
  ]);
  // Said only to someone who knew the password: it tells nothing to a guesser.
  if (ssoRequired(user)) return { refused: "sso_required" };
  if (user.totpEnabledAt) {
    const { raw: challenge, hash } = newToken();
    await db.signInChallenge.create({
      data: {
        userId: user.id,
        tokenHash: hash,
        expiresAt: new Date(Date.now() + SECOND_STEP_MINUTES * 60_000),
      },
    });
    return { refused: "two_factor", challenge };
  }
  return completeSignIn(db, user, request, { method: "password" });
}

/**
 * The second step: the challenge from the first (kept in an httpOnly cookie) and an authenticator
 * code or a recovery code. Wrong codes are limited per account; the challenge lasts
 * SECOND_STEP_MINUTES and serves one sign-in.
 */
export async function authorizeSecondStep(
  raw: unknown,
  headers: Headers,
): Promise<AuthorizedUser | SignInRefusal> {
  const parsed = secondStepInput.safeParse(raw);
  if (!parsed.success || !looksLikeToken(parsed.data.challenge)) {
    return { refused: "challenge_expired" };
  }
  const { challenge: rawChallenge, code } = parsed.data;
  const request = requestInfoOf(headers);
  const db = await getDb();
  const challenge = await db.signInChallenge.findUnique({
    where: { tokenHash: hashToken(rawChallenge) },
    select: {
      id: true,
      expiresAt: true,
      user: {
        select: {
          id: true,
          email: true,
          firstName: true,
          lastName: true,
          totpEnabledAt: true,
          totpSecret: true,
          totpLastUsedStep: true,
          recoveryCodeHashes: true,
          memberships: { select: ENFORCEMENT_SELECT },
        },
      },
    },
  });
  if (!challenge || challenge.expiresAt <= new Date() || !challenge.user.totpEnabledAt) {
    return { refused: "challenge_expired" };
  }
  const { user } = challenge;
  // Enforcement turned on between the two steps.
  if (ssoRequired(user)) return { refused: "sso_required" };
  const limit = await consumeRateLimit(db, RATE_LIMITS.signInSecondStepPerUser, user.id);
  if (!limit.allowed) return { refused: "rate_limited" };

  let method: "authenticator code" | "recovery code" = "authenticator code";
  let recoveryCodesLeft: number | null = null;
  if (normalizeTotpCode(code)) {
    if (!(await acceptTotpCode(db, user, code))) return failSecondStep(db, user, request, limit);
  } else {
    recoveryCodesLeft = await consumeRecoveryCode(db, user, code);
    if (recoveryCodesLeft === null) return failSecondStep(db, user, request, limit);
    method = "recovery code";
  }
  // One sign-in per challenge, even when two requests with valid codes race.
  const claimed = await db.signInChallenge.deleteMany({ where: { id: challenge.id } });
  if (claimed.count !== 1) return { refused: "challenge_expired" };
  await resetRateLimit(db, RATE_LIMITS.signInSecondStepPerUser, user.id);
  if (recoveryCodesLeft !== null) {
    await recordAccountEvent(
      db,
      user,
      { action: "account.recovery_code_used", metadata: { recoveryCodesLeft } },
      request,
    );
  }
  return completeSignIn(db, user, request, { method: `password and ${method}` });
}

async function failSecondStep(
  db: Db,
  user: { id: string; email: string },
  request: RequestInfo,
  limit: { count: number },
): Promise<SignInRefusal> {
  await recordAccountEvent(
    db,
    user,
    { action: "account.sign_in_failed", metadata: { reason: "wrong two-factor code" } },
    request,
    null,
  );
  if (limit.count === RATE_LIMITS.signInSecondStepPerUser.limit) {
    await recordAccountEvent(
      db,
      user,
      {
        action: "account.locked_out",
        metadata: {
          step: "two-factor code",
          failures: limit.count,
          minutes: RATE_LIMITS.signInSecondStepPerUser.windowSeconds / 60,
        },
      },
      request,
      null,
    );
  }
  return { refused: "invalid" };
}

async function completeSignIn(
  db: Db,
  user: { id: string; email: string; firstName: string; lastName: string },
  request: RequestInfo,
  metadata: { method: string },
): Promise<AuthorizedUser> {
  const session = await createSession(db, user.id, request);
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAccountEvent(db, user, { action: "account.signed_in", metadata }, request);
  return {
    id: user.id,
    email: user.email,
    name: `${user.firstName} ${user.lastName}`,
    sessionToken: session.token,
  };
}
