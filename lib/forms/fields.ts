import { z } from "zod";

// Fields that several features' forms share. Each feature's schemas.ts builds its forms from these.

/**
 * A record's id in an action's input. Ids are made of letters, digits, "_" and "-" (cuids); the
 * pattern also keeps out NUL, which PostgreSQL refuses in text — a query with it failed as an
 * unexpected error instead of answering "not found".
 */
export const idField = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[\w-]+$/, "Not a valid id");

export const emailField = z
  .string()
  .trim()
  .min(1, "Enter an email address")
  .max(254, "That email address is too long")
  .pipe(z.email("Enter a valid email address"))
  .transform((email) => email.toLowerCase());

// A name is shown in lists, audit logs and emails: a character one cannot see there would let it
// pass for another, or mangle what follows it. Control characters (NUL — which PostgreSQL refuses
// in text —, tabs, escapes) and line or paragraph separators break lines and headers. Unicode
// format characters (category Cf: the bidi overrides and isolates U+202A–U+202E and U+2066–U+2069,
// which turn "\u202Egnp.exe" into "exe.png"; zero-width spaces and joiners U+200B–U+200F; the soft
// hyphen; the byte-order mark) are invisible; a lone surrogate is not text at all. Two format
// characters are letters' business and stay allowed: the zero-width non-joiner and joiner
// (U+200C, U+200D), which Persian and the Indic scripts write names with (علی‌رضا).
const LINE_BREAKS_OR_CONTROLS = /[\p{Cc}\p{Zl}\p{Zp}]/u;
export const INVISIBLE_OR_DIRECTIONAL = /(?![\u200C\u200D])[\p{Cf}\p{Cs}]/u;

export const NAME_CONTROL_CHARACTERS =
  "Names can't contain line breaks or other control characters.";
export const NAME_INVISIBLE_CHARACTERS =
  "Names can't contain invisible or direction-changing characters.";

/** The two checks every name field makes (people, organizations, workspaces, email senders). */
export function visibleName<T extends z.ZodType<string>>(schema: T) {
  return schema
    .refine((name) => !LINE_BREAKS_OR_CONTROLS.test(name), NAME_CONTROL_CHARACTERS)
    .refine((name) => !INVISIBLE_OR_DIRECTIONAL.test(name), NAME_INVISIBLE_CHARACTERS);
}

export const nameField = (label: string) =>
  visibleName(
    z.string().trim().min(1, `Enter a ${label}`).max(100, `Keep the ${label} under 100 characters`),
  );

export const PASSWORD_MIN_LENGTH = 12;

/**
 * A new password as a form checks it: at least 12 characters. The rest of the rule — hard to
 * guess, as zxcvbn estimates it against real dictionaries — needs those dictionaries, so the
 * server checks it in the action (requireStrongPassword in lib/auth/password-rule.ts) and the
 * form's strength meter loads them on demand (lib/forms/password-strength.ts).
 */
export const newPasswordField = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, "Keep the password under 200 characters");

/**
 * A search box's text from the URL: trimmed, at most 100 characters, absent when empty. Text with
 * NUL in it (`?q=%00`), which no name or email holds and PostgreSQL refuses in a query (the page
 * failed with "invalid byte sequence"), is dropped like any other malformed value.
 */
export const searchParam = z
  .string()
  .trim()
  .max(100)
  .refine((q) => !q.includes("\u0000"))
  .optional()
  .catch(undefined)
  .transform((q) => q || undefined);

/** A record's id from the URL (`?workspace=`): absent when it is not shaped like an id. */
export const idParam = idField.optional().catch(undefined);

/** A page number from the URL: 1 when missing or not a page number. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

/**
 * An email domain: "example.com", no "@" (a leading one is dropped), no scheme; lower-cased.
 * The organization's allowed invitation domains and single sign-on's domains are both these.
 */
export const emailDomainField = z
  .string()
  .trim()
  .toLowerCase()
  .transform((domain) => domain.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .max(253, "That domain is too long")
      .regex(
        /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
        "Enter a domain such as example.com",
      ),
  );

/**
 * A workspace role as a form chooses it: a built-in role's name ("member"), or a custom role as
 * "custom:<id>" (lib/permissions/workspace-permissions.ts, RoleKey). Whether that custom role
 * exists in the caller's organization is checked on the server (lib/roles, resolveRoleKey).
 */
export const roleKeyField = z.union(
  [
    z.enum(["manager", "member", "viewer", "guest"]),
    z.templateLiteral([
      "custom:",
      z
        .string()
        .min(1)
        .max(64)
        .regex(/^[\w-]+$/),
    ]),
  ],
  "Choose a role",
);
