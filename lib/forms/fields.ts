import { z } from "zod";

// Fields that several features' forms share. Each feature's schemas.ts builds its forms from these.

/** A record's id in an action's input. */
export const idField = z.string().min(1).max(64);

export const emailField = z
  .string()
  .trim()
  .min(1, "Enter an email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address"))
  .transform((email) => email.toLowerCase());

export const nameField = (label: string) =>
  z.string().trim().min(1, `Enter a ${label}`).max(100, `Keep the ${label} under 100 characters`);

export const PASSWORD_MIN_LENGTH = 12;

/**
 * The strength rule: at least 12 characters, not only one kind of character, and not one of the
 * passwords everybody tries first. Length matters most (NIST SP 800-63B); no forced symbol soup.
 */
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, "Keep the password under 200 characters")
  .refine((p) => new Set(p).size >= 5, "Use a less repetitive password")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "That password is too common");

const COMMON_PASSWORDS = new Set([
  "password1234",
  "password12345",
  "123456789012",
  "qwertyuiop123",
  "iloveyou1234",
  "letmein12345",
  "welcome12345",
  "administrator",
  "changeme1234",
  "passwordpassword",
]);

/** A search box's text from the URL: trimmed, at most 100 characters, absent when empty. */
export const searchParam = z
  .string()
  .trim()
  .max(100)
  .optional()
  .catch(undefined)
  .transform((q) => q || undefined);

/** A page number from the URL: 1 when missing or not a page number. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);
