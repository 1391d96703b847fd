import { createHmac, randomInt } from "node:crypto";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { Db } from "@/lib/db";
import { keyFor, openSecret, sealSecret } from "./secret-box";

// Two-factor authentication with TOTP (RFC 6238: 6 digits, 30-second steps, SHA-1, as every
// authenticator app expects) through otplib, and single-use recovery codes. A code is accepted
// one step either side of now, and each time step only once per account (replay protection).

export const TOTP_ISSUER = "Roster";
export const RECOVERY_CODE_COUNT = 10;
const TOTP_TOLERANCE_SECONDS = 30;
// Unambiguous lower-case letters and digits (no 0/o, 1/l/i): easy to copy from paper.
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A fresh TOTP secret (160 bits, Base32) and the same secret sealed for the database. */
export function newTotpSecret(): { secret: string; sealed: string } {
  const secret = generateSecret();
  return { secret, sealed: sealSecret(secret, "totp") };
}

export function openTotpSecret(sealed: string | null): string | null {
  return sealed ? openSecret(sealed, "totp") : null;
}

/** The otpauth:// link an authenticator app reads from the QR code. */
export function totpUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountEmail, secret });
}

/** The QR code of an otpauth:// link as an SVG document, rendered on the server. */
export async function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/** The same QR code as a data: URI, for an <img> (the CSP allows img-src data:). */
export async function qrCodeDataUri(uri: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await qrCodeSvg(uri)).toString("base64")}`;
}

/** Groups a Base32 secret in fours, as people type it into an app by hand. */
export function formatSecretForReading(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/** "123 456", "123456" → "123456"; anything but six digits → null. */
export function normalizeTotpCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(code) ? code : null;
}

/**
 * The time step a code is valid for (now, or one step either side), or null. Codes for steps at or
 * before `afterStep` (the last one accepted) are refused: a code works once.
 */
export async function totpCodeStep(
  secret: string,
  code: string,
  afterStep: number | null,
  now: Date = new Date(),
): Promise<number | null> {
  const token = normalizeTotpCode(code);
  if (!token) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  // TOTP results carry the step they matched (the union type also covers HOTP's, which don't).
  return result.valid && "timeStep" in result ? result.timeStep : null;
}

/** Ten fresh recovery codes, as shown to the person ("abcde-fghjk"; 50 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(31)]!);
    return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
  });
}

/** "ABCDE FGHJK", "abcde-fghjk" → "abcdefghjk"; not the shape of a recovery code → null. */
export function normalizeRecoveryCode(input: string): string | null {
  const code = input.toLowerCase().replace(/[\s-]/g, "");
  return new RegExp(`^[${RECOVERY_ALPHABET}]{10}$`).test(code) ? code : null;
}

/** What is stored for a recovery code: an HMAC under a key derived from AUTH_SECRET. */
export function hashRecoveryCode(code: string): string {
  const normalized = normalizeRecoveryCode(code) ?? code;
  return createHmac("sha256", keyFor("recovery-codes")).update(normalized).digest("hex");
}

type UserWriter = Pick<Db, "user">;

/**
 * Accepts a TOTP code for an account with 2FA: valid for its secret and newer than the last one
 * accepted. Records its time step, conditionally, so two requests racing with one code can't both
 * pass.
 */
export async function acceptTotpCode(
  db: UserWriter,
  user: { id: string; totpSecret: string | null; totpLastUsedStep: number | null },
  code: string,
): Promise<boolean> {
  const secret = openTotpSecret(user.totpSecret);
  if (!secret) return false;
  const step = await totpCodeStep(secret, code, user.totpLastUsedStep);
  if (step === null) return false;
  const { count } = await db.user.updateMany({
    where: {
      id: user.id,
      OR: [{ totpLastUsedStep: null }, { totpLastUsedStep: { lt: step } }],
    },
    data: { totpLastUsedStep: step },
  });
  return count === 1;
}

/**
 * Uses up a recovery code: removes its hash, only if still there (two requests with one code: one
 * wins). Returns how many codes are left, or null when the code is not one of the account's.
 */
export async function consumeRecoveryCode(
  db: UserWriter,
  user: { id: string; recoveryCodeHashes: string[] },
  code: string,
): Promise<number | null> {
  if (!normalizeRecoveryCode(code)) return null;
  const hash = hashRecoveryCode(code);
  if (!user.recoveryCodeHashes.includes(hash)) return null;
  const remaining = user.recoveryCodeHashes.filter((h) => h !== hash);
  const { count } = await db.user.updateMany({
    where: { id: user.id, recoveryCodeHashes: { has: hash } },
    data: { recoveryCodeHashes: { set: remaining } },
  });
  return count === 1 ? remaining.length : null;
}
