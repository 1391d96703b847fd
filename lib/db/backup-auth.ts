import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * How `npm run db:backup` proves to a running server that it may have a copy of the database: an
 * HMAC-SHA-256 over the request's time and a random nonce, keyed by a key derived from
 * AUTH_SECRET (so only someone who has the server's secret can ask). A request is accepted once,
 * within a minute of its time; anything else gets a plain 404.
 */
export const BACKUP_PATH = "/api/db-backup";
const TIME_HEADER = "x-roster-backup-time";
const NONCE_HEADER = "x-roster-backup-nonce";
const SCHEME = "Roster-Backup";
const WINDOW_MS = 60_000;

// A key of its own, so that the MAC can never be mistaken for anything else AUTH_SECRET signs.
const backupKey = (secret: string) =>
  createHmac("sha256", secret).update("roster db-backup request v1").digest();

const mac = (secret: string, time: string, nonce: string) =>
  createHmac("sha256", backupKey(secret)).update(`POST ${BACKUP_PATH}\n${time}\n${nonce}`).digest();

/** The headers that authenticate one backup request. */
export function signBackupRequest(secret: string, now = Date.now()): Record<string, string> {
  const time = String(now);
  const nonce = randomBytes(16).toString("hex");
  return {
    [TIME_HEADER]: time,
    [NONCE_HEADER]: nonce,
    authorization: `${SCHEME} ${mac(secret, time, nonce).toString("hex")}`,
  };
}

/** Nonces seen within the window: a captured request cannot be replayed. */
export class NonceCache {
  private readonly seen = new Map<string, number>();

  /** True the first time a nonce is presented (until `expiresAt`), false after. */
  claim(nonce: string, now: number): boolean {
    for (const [key, expiresAt] of this.seen) if (expiresAt < now) this.seen.delete(key);
    if (this.seen.has(nonce)) return false;
    this.seen.set(nonce, now + 2 * WINDOW_MS);
    return true;
  }
}

/** Whether the request carries a valid, fresh, unused signature made with `secret`. */
export function verifyBackupRequest(
  headers: Headers,
  secret: string,
  now: number,
  nonces: NonceCache,
): boolean {
  const time = headers.get(TIME_HEADER) ?? "";
  const nonce = headers.get(NONCE_HEADER) ?? "";
  const given = new RegExp(`^${SCHEME} ([0-9a-f]{64})$`).exec(headers.get("authorization") ?? "");
  if (!given?.[1] || !/^\d{1,16}$/.test(time) || !/^[0-9a-f]{32}$/.test(nonce)) return false;
  if (Math.abs(now - Number(time)) > WINDOW_MS) return false;
  if (!timingSafeEqual(Buffer.from(given[1], "hex"), mac(secret, time, nonce))) return false;
  return nonces.claim(nonce, now);
}
