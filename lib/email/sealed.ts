import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// An outbox row's payload is the rendered email, and its links carry raw tokens (an invitation,
// a password reset): so it is stored encrypted, with AES-256-GCM under a key derived from
// AUTH_SECRET, and cleared once the row is sent or has failed for good. A database dump or a
// backup alone then opens no invitation.

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(secret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "roster", "email-outbox-payload v1", 32));
}

/** `value` as JSON, encrypted: [version][iv][tag][ciphertext]. */
export function seal(value: unknown, secret: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  const sealed = Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  return new Uint8Array(sealed);
}

/** What `seal` sealed; throws when the bytes were changed or sealed under another secret. */
export function unseal(sealed: Uint8Array, secret: string): unknown {
  const bytes = Buffer.from(sealed);
  if (bytes.length < 1 + IV_BYTES + TAG_BYTES || bytes[0] !== VERSION) {
    throw new Error("The stored email is not in a format this version reads.");
  }
  const iv = bytes.subarray(1, 1 + IV_BYTES);
  const tag = bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), iv);
  decipher.setAuthTag(tag);
  try {
    const json = Buffer.concat([
      decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString("utf8");
    return JSON.parse(json) as unknown;
  } catch {
    throw new Error(
      "The stored email could not be decrypted: it was changed, or AUTH_SECRET changed since it was queued.",
    );
  }
}
