import type { Db } from "@/lib/db";

export interface RateLimitRule {
  /** e.g. "sign-in:ip" — combined with the subject into the bucket key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** `count`: the attempts in the current window, this one included. */
export type RateLimitResult =
  { allowed: true; count: number } | { allowed: false; count: number; retryAfterSeconds: number };

type Executor = Pick<Db, "$queryRaw" | "$executeRaw">;

const keyOf = (rule: RateLimitRule, subject: string) => `${rule.name}:${subject.toLowerCase()}`;

/** How often one process deletes expired buckets (on a rate-limit write), and how many at most. */
const PURGE_INTERVAL_MS = 60_000;
const PURGE_BATCH = 1000;
let nextPurgeAt = 0;

/**
 * Fixed-window counter kept in the database, so every app instance shares it.
 * One atomic upsert per call, which uses up `cost` attempts: a window that has expired starts again. Once a minute per
 * process, the call also deletes buckets whose window has expired.
 */
export async function consumeRateLimit(
  db: Executor,
  rule: RateLimitRule,
  subject: string,
  /** How many attempts this call uses up at once (e.g. the invitations of one batch). */
  cost = 1,
): Promise<RateLimitResult> {
  const key = keyOf(rule, subject);
  const rows = await db.$queryRaw<{ count: number; expiresAt: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "expiresAt")
    VALUES (${key}, ${cost}, now(), now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN ${cost} ELSE "RateLimitBucket"."count" + ${cost} END,
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING "count", "expiresAt"`;
  if (Date.now() >= nextPurgeAt) {
    nextPurgeAt = Date.now() + PURGE_INTERVAL_MS;
    // A full batch means more are waiting: the next call purges again.
    if ((await purgeExpiredRateLimits(db)) >= PURGE_BATCH) nextPurgeAt = 0;
  }
  const row = rows[0];
  const count = Number(row?.count ?? 1);
  if (!row || count <= rule.limit) return { allowed: true, count };
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((new Date(row.expiresAt).getTime() - Date.now()) / 1000),
  );
  return { allowed: false, count, retryAfterSeconds };
}

/**
 * Deletes buckets whose window has expired (they would start again at 1 anyway), up to `batch` of
 * them. Rows another transaction holds are skipped, so it never waits on a lock (it may run inside
 * the caller's transaction). Returns how many it deleted.
 */
export async function purgeExpiredRateLimits(
  db: Pick<Db, "$executeRaw">,
  batch = PURGE_BATCH,
): Promise<number> {
  return db.$executeRaw`
    DELETE FROM "RateLimitBucket" WHERE "key" IN (
      SELECT "key" FROM "RateLimitBucket" WHERE "expiresAt" <= now()
      ORDER BY "expiresAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
}

/** Forgets a subject's failures, e.g. after a successful sign-in. */
export async function resetRateLimit(
  db: Pick<Db, "rateLimitBucket">,
  rule: RateLimitRule,
  subject: string,
) {
  await db.rateLimitBucket.deleteMany({ where: { key: keyOf(rule, subject) } });
}

/**
 * Takes back one attempt counted by `consumeRateLimit` within the current window, e.g. a sign-in
 * whose password turned out right: counting first keeps parallel attempts from slipping past the
 * limit, and refunding leaves only the failures counted.
 */
export async function refundRateLimit(
  db: Pick<Db, "$executeRaw">,
  rule: RateLimitRule,
  subject: string,
) {
  await db.$executeRaw`
    UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0)
    WHERE "key" = ${keyOf(rule, subject)} AND "expiresAt" > now()`;
}

export const RATE_LIMITS = {
  /**
   * Failed sign-ins per email and client address: past the limit, that pair is refused even the
   * right password until the window ends. Someone else's failures never lock out another address.
   */
  signInPerEmailAndIp: { name: "sign-in:email-ip", limit: 10, windowSeconds: 15 * 60 },
  /** Failed sign-ins per client address, whatever the email (guessing across many accounts). */
  signInPerIp: { name: "sign-in:ip", limit: 50, windowSeconds: 15 * 60 },
  setupPerIp: { name: "setup:ip", limit: 20, windowSeconds: 15 * 60 },
  forgotPasswordPerEmail: { name: "forgot-password:email", limit: 3, windowSeconds: 60 * 60 },
  invitesPerOrganization: { name: "invites:org", limit: 200, windowSeconds: 60 * 60 },
  acceptInvitationPerIp: { name: "accept-invitation:ip", limit: 30, windowSeconds: 15 * 60 },
  forgotPasswordPerIp: { name: "forgot-password:ip", limit: 20, windowSeconds: 60 * 60 },
  testEmailsPerOrganization: { name: "test-email:org", limit: 5, windowSeconds: 60 * 60 },
  /** A signed-in person's password asked again (Danger zone steps, changing the password). */
  confirmPasswordPerUser: { name: "confirm-password:user", limit: 10, windowSeconds: 15 * 60 },
  /**
   * Two-factor codes (authenticator or recovery) tried by a signed-in person in account settings:
   * turning 2FA on, turning it off.
   */
  twoFactorCodePerUser: { name: "two-factor-code:user", limit: 10, windowSeconds: 15 * 60 },
  /** Wrong codes at sign-in's second step, per account (a correct code clears them). */
  signInSecondStepPerUser: { name: "sign-in-2fa:user", limit: 10, windowSeconds: 15 * 60 },
  /** Single sign-on flows started per client address (each costs a request to the provider). */
  ssoStartPerIp: { name: "sso-start:ip", limit: 30, windowSeconds: 15 * 60 },
  /** Refusals by the matrix recorded in the audit log, per caller and action (lib/actions/pipeline.ts). */
  refusalAuditPerCallerAndAction: {
    name: "refusal-audit:member-action",
    limit: 1,
    windowSeconds: 60,
  },
} as const satisfies Record<string, RateLimitRule>;

export function formatRetryAfter(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}
