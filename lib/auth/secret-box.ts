import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "./secret";

// Secrets Roster must read back (a TOTP secret) are stored encrypted: AES-256-GCM with a key
// derived from AUTH_SECRET by HKDF, one key per purpose. A copy of the database alone reveals none.

export type SecretPurpose = "totp" | "recovery-codes" | "sso-client-secret";

/**
 * A 256-bit key for one purpose, derived from AUTH_SECRET — or, for SSO client secrets, from
 * SSO_ENCRYPTION_KEY when it is set (so AUTH_SECRET can be rotated without re-entering them).
 */
export function keyFor(purpose: SecretPurpose): Buffer {
  const dedicated = purpose === "sso-client-secret" ? process.env.SSO_ENCRYPTION_KEY?.trim() : "";
  return Buffer.from(
    hkdfSync("sha256", dedicated || authSecret(), "roster", `roster:${purpose}:v1`, 32),
  );
}

export function sealSecret(plain: string, purpose: SecretPurpose): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return `v1.${parts.join(".")}`;
}

/** The plain secret, or null when the sealed value is malformed or was sealed with another key. */
export function openSecret(sealed: string, purpose: SecretPurpose): string | null {
  const [version, iv, body, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !body || !tag) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}
