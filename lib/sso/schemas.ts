import { z } from "zod";
import { emailDomainField as emailDomain, idField } from "@/lib/forms/fields";

// The owner's single sign-on settings: one zod schema per form, shared by the settings section and
// the actions in config-actions.ts. The issuer is only checked for shape here; whether it answers
// as an OpenID Connect provider is checked on the server (discover() in oidc.ts) when it is saved.

export const SSO_DOMAINS_MAX = 20;
export const SSO_CLIENT_ID_MAX = 200;
export const SSO_CLIENT_SECRET_MAX = 2000;
export const SSO_ISSUER_MAX = 500;

const CONTROL_CHARACTERS = /\p{Cc}/u;

const issuer = z
  .string()
  .trim()
  .min(1, "Enter the issuer's URL, starting with https://.")
  .max(SSO_ISSUER_MAX, `Keep the issuer URL under ${SSO_ISSUER_MAX} characters`)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "Enter the issuer's URL, starting with https://.");

const clientId = z
  .string()
  .trim()
  .min(1, "Enter the client ID")
  .max(SSO_CLIENT_ID_MAX, `Keep the client ID under ${SSO_CLIENT_ID_MAX} characters`)
  .refine(
    (value) => !CONTROL_CHARACTERS.test(value),
    "The client ID can't contain control characters",
  );

/** Empty: keep the stored secret (a new connection needs one: the action says so). */
const clientSecret = z
  .string()
  .trim()
  .max(SSO_CLIENT_SECRET_MAX, `Keep the client secret under ${SSO_CLIENT_SECRET_MAX} characters`)
  .refine(
    (value) => !CONTROL_CHARACTERS.test(value),
    "The client secret can't contain control characters",
  );

/**
 * The email domains the connection covers: typed one per line (or separated by commas or spaces),
 * or sent as a list. Lower-cased, a leading "@" dropped, each once; one message names the first
 * that isn't a domain.
 */
export const ssoDomains = z
  .union([z.string().max(10_000), z.array(z.string().max(300)).max(200)])
  .transform((value, ctx) => {
    const typed = (Array.isArray(value) ? value : value.split(/[\s,;]+/))
      .map((d) => d.trim())
      .filter(Boolean);
    const domains: string[] = [];
    for (const raw of typed) {
      const parsed = emailDomain.safeParse(raw);
      if (!parsed.success) {
        const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
        ctx.addIssue({
          code: "custom",
          message: `“${shown}” isn't an email domain such as example.com`,
        });
        return z.NEVER;
      }
      if (!domains.includes(parsed.data)) domains.push(parsed.data);
    }
    return domains;
  })
  .refine((list) => list.length > 0, "Enter at least one email domain")
  .refine((list) => list.length <= SSO_DOMAINS_MAX, `At most ${SSO_DOMAINS_MAX} domains`);

/** "" or absent: none (people created by SSO sign-in join no workspace). */
const defaultWorkspaceId = z
  .union([z.literal(""), z.null(), idField])
  .optional()
  .transform((value) => value || null);

/** The connection's version as the form loaded it; null: there was none (this creates it). */
const version = z.number().int().min(0).max(2_147_483_647).nullable();

/** What the settings form edits. */
export const ssoConnectionForm = z.object({
  issuer,
  clientId,
  clientSecret,
  domains: ssoDomains,
  defaultWorkspaceId,
});
export type SsoConnectionForm = z.input<typeof ssoConnectionForm>;

export const saveSsoConnectionInput = ssoConnectionForm.extend({ version });

export const setSsoEnabledInput = z.object({ enabled: z.boolean(), version: z.number().int() });
export const setSsoEnforcedInput = z.object({ enforced: z.boolean(), version: z.number().int() });
export const removeSsoConnectionInput = z.object({ version: z.number().int() });
