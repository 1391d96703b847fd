import { config } from "@/lib/config";
import type { Db } from "@/lib/db";
import { hashToken, newToken } from "@/lib/tokens";

// Server-side sessions. Each sign-in creates a Session row; the (encrypted) session cookie carries
// its raw id, the database only the id's SHA-256. A request is signed in only while that row exists
// and neither the idle nor the absolute lifetime has passed, so signing out, "sign out everywhere"
// and a password reset take effect on the very next request, wherever the cookie was copied to.

type SessionWriter = Pick<Db, "session">;
type Purger = Pick<Db, "session" | "signInChallenge">;

/** How often one process clears out ended sessions and abandoned second steps (on a sign-in). */
const PURGE_INTERVAL_MS = 60_000;
let nextPurgeAt = 0;

/** Last-active times are written at most this often (a write per request would cost every page). */
export const ACTIVITY_RESOLUTION_MS = 60_000;

export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

export function sessionLifetimes(): SessionLifetimes {
  return {
    idleMs: config.sessionIdleMinutes * 60_000,
    absoluteMs: config.sessionMaxAgeHours * 3_600_000,
  };
}

/** Whether a session is still current at `now`: within both its absolute and its idle lifetime. */
export function sessionIsLive(
  session: { lastActiveAt: Date; expiresAt: Date },
  now: Date,
  lifetimes: SessionLifetimes = sessionLifetimes(),
): boolean {
  return (
    session.expiresAt.getTime() > now.getTime() &&
    now.getTime() - session.lastActiveAt.getTime() < lifetimes.idleMs
  );
}

/** Starts a session for a person who has just proved who they are. Returns the raw id for the cookie. */
export async function createSession(
  db: Purger,
  userId: string,
  client: { ip: string | null; userAgent: string | null },
  /** How the person proved who they are; for SSO, the organization whose provider vouched. */
  how: { method: "password" } | { method: "sso"; ssoOrganizationId: string } = {
    method: "password",
  },
): Promise<{ id: string; token: string }> {
  const { raw, hash } = newToken();
  const now = new Date();
  // Rows that no longer sign anyone in would otherwise stay forever (a browser that never comes
  // back): once a minute per process, a sign-in removes them.
  if (now.getTime() >= nextPurgeAt) {
    nextPurgeAt = now.getTime() + PURGE_INTERVAL_MS;
    await purgeEnded(db, now);
  }
  const row = await db.session.create({
    data: {
      userId,
      tokenHash: hash,
      createdAt: now,
      lastActiveAt: now,
      expiresAt: new Date(now.getTime() + sessionLifetimes().absoluteMs),
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      ip: client.ip,
      method: how.method,
      ssoOrganizationId: how.method === "sso" ? how.ssoOrganizationId : null,
    },
    select: { id: true },
  });
  return { id: row.id, token: raw };
}

/** The stored key of a session cookie's raw id. */
export function sessionKey(token: string): string {
  return hashToken(token);
}

/**
 * Ends sessions of an account: all of them, or all but one (the browser that asked). Returns how
 * many ended. Used by sign-out everywhere, password change and reset, email change.
 */
export async function endSessions(
  db: SessionWriter,
  userId: string,
  options: { except?: string } = {},
): Promise<number> {
  const { count } = await db.session.deleteMany({
    where: { userId, ...(options.except ? { id: { not: options.except } } : {}) },
  });
  return count;
}

/**
 * The account a session cookie's claim stands for, when its session row is live; else null. For
 * code that must read inside its own transaction (lib/auth/caller.ts reads the whole caller).
 */
export async function liveSessionUser(
  db: SessionWriter,
  identity: { userId: string; sessionKey: string } | null,
): Promise<{ id: string; email: string } | null> {
  if (!identity) return null;
  const row = await db.session.findUnique({
    where: { tokenHash: identity.sessionKey },
    select: {
      userId: true,
      lastActiveAt: true,
      expiresAt: true,
      user: { select: { id: true, email: true } },
    },
  });
  if (!row || row.userId !== identity.userId || !sessionIsLive(row, new Date())) return null;
  return row.user;
}

/** Ends the session a cookie refers to (signing out). */
export async function endSessionByToken(db: SessionWriter, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: sessionKey(token) } });
}

/**
 * Removes sessions past their lifetimes and sign-in second steps past their 5 minutes: neither
 * signs anyone in any more. Returns how many rows went.
 */
export async function purgeEnded(db: Purger, now = new Date()): Promise<number> {
  const { idleMs } = sessionLifetimes();
  const sessions = await db.session.deleteMany({
    where: {
      OR: [
        { expiresAt: { lte: now } },
        { lastActiveAt: { lte: new Date(now.getTime() - idleMs) } },
      ],
    },
  });
  const challenges = await db.signInChallenge.deleteMany({ where: { expiresAt: { lte: now } } });
  return sessions.count + challenges.count;
}
