import type { Db } from "@/lib/db";

export interface RateLimitRule {
  /** e.g. "sign-in:email" — combined with the subject into the bucket key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

type Executor = Pick<Db, "$queryRaw">;

/**
 * Fixed-window counter kept in the database, so every app instance shares it.
 * One atomic upsert per call: a window that has expired starts again at 1.
 */
export async function consumeRateLimit(
  db: Executor,
  rule: RateLimitRule,
  subject: string,
): Promise<RateLimitResult> {
  const key = `${rule.name}:${subject.toLowerCase()}`;
  const rows = await db.$queryRaw<{ count: number; expiresAt: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "expiresAt")
    VALUES (${key}, 1, now(), now() + make_interval(secs => ${rule.windowSeconds}))
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."expiresAt" <= now() THEN now() ELSE "RateLimitBucket"."windowStart" END,
      "expiresAt" = CASE WHEN "RateLimitBucket"."expiresAt" <= now()
        THEN now() + make_interval(secs => ${rule.windowSeconds}) ELSE "RateLimitBucket"."expiresAt" END
    RETURNING "count", "expiresAt"`;
  const row = rows[0];
  if (!row || row.count <= rule.limit) return { allowed: true };
  const retryAfterSeconds = Math.max(
    1,
    Math.ceil((new Date(row.expiresAt).getTime() - Date.now()) / 1000),
  );
  return { allowed: false, retryAfterSeconds };
}

/** Forgets a subject's failures, e.g. after a successful sign-in. */
export async function resetRateLimit(
  db: Pick<Db, "rateLimitBucket">,
  rule: RateLimitRule,
  subject: string,
) {
  await db.rateLimitBucket.deleteMany({ where: { key: `${rule.name}:${subject.toLowerCase()}` } });
}

export const RATE_LIMITS = {
  signInPerEmail: { name: "sign-in:email", limit: 10, windowSeconds: 15 * 60 },
  signInPerIp: { name: "sign-in:ip", limit: 50, windowSeconds: 15 * 60 },
  setupPerIp: { name: "setup:ip", limit: 20, windowSeconds: 15 * 60 },
  forgotPasswordPerEmail: { name: "forgot-password:email", limit: 3, windowSeconds: 60 * 60 },
  invitesPerOrganization: { name: "invites:org", limit: 200, windowSeconds: 60 * 60 },
  acceptInvitationPerIp: { name: "accept-invitation:ip", limit: 30, windowSeconds: 15 * 60 },
  forgotPasswordPerIp: { name: "forgot-password:ip", limit: 20, windowSeconds: 60 * 60 },
  testEmailsPerOrganization: { name: "test-email:org", limit: 5, windowSeconds: 60 * 60 },
  /** Asking a signed-in person's password again (transfer ownership, delete organization). */
  confirmPasswordPerUser: { name: "confirm-password:user", limit: 10, windowSeconds: 15 * 60 },
} as const satisfies Record<string, RateLimitRule>;

export function formatRetryAfter(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  return minutes <= 1 ? "a minute" : `${minutes} minutes`;
}
