import { createHash, randomBytes } from "node:crypto";

/** A fresh single-use token: the raw value goes only into the emailed link; only the hash is stored. */
export function newToken(): { raw: string; hash: string } {
  const raw = randomBytes(32).toString("base64url");
  return { raw, hash: hashToken(raw) };
}

export function hashToken(raw: string): string {
  return createHash("sha256").update(raw, "utf8").digest("hex");
}

/** Raw tokens are 43 base64url characters; anything else is rejected before any lookup. */
export function looksLikeToken(raw: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(raw);
}
