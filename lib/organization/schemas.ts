import { z } from "zod";
import {
  emailDomainField,
  emailField,
  idField,
  nameField,
  INVISIBLE_OR_DIRECTIONAL,
  NAME_INVISIBLE_CHARACTERS,
  newPasswordField,
  searchParam,
  visibleName,
} from "@/lib/forms/fields";

export const ORGANIZATION_NAME_MAX = 100;
export const SLUG_MAX = 48;
export const INVITATION_EXPIRY_DAYS = { min: 1, max: 90, default: 7 } as const;
export const ALLOWED_DOMAINS_MAX = 50;

const organizationName = visibleName(
  z
    .string()
    .trim()
    .min(2, "Enter the organization's name")
    .max(ORGANIZATION_NAME_MAX, `Keep the name under ${ORGANIZATION_NAME_MAX} characters`),
);

export const setupInput = z.object({
  organizationName,
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: emailField,
  password: newPasswordField,
});
export type SetupInput = z.input<typeof setupInput>;

export const switchOrganizationInput = z.object({ organizationId: idField });

/** The organization's address-friendly name: lower-case letters, digits and single hyphens. */
const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters")
  .max(SLUG_MAX, `Keep the slug under ${SLUG_MAX} characters`)
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "Use lower-case letters, digits and single hyphens, not at the start or end",
  );

/** A domain people may be invited from: "example.com", no "@", no scheme. */
export const emailDomain = emailDomainField;

// Each settings section saves on its own. With it comes what the form was loaded with (`before`):
// a save over someone else's change to the same section is refused, and saving one section never
// touches another's fields.

export const generalSettings = z.object({ name: organizationName, slug });
export const updateGeneralInput = generalSettings.extend({
  before: z.object({ name: z.string(), slug: z.string() }),
});
export type GeneralSettings = z.input<typeof generalSettings>;

export const invitationSettings = z.object({
  invitationExpiryDays: z.coerce
    .number("Enter a number of days")
    .int("Enter a whole number of days")
    .min(INVITATION_EXPIRY_DAYS.min, `At least ${INVITATION_EXPIRY_DAYS.min} day`)
    .max(INVITATION_EXPIRY_DAYS.max, `At most ${INVITATION_EXPIRY_DAYS.max} days`),
  allowedEmailDomains: z
    .array(emailDomain)
    .max(ALLOWED_DOMAINS_MAX, `At most ${ALLOWED_DOMAINS_MAX} domains`)
    .refine((list) => new Set(list).size === list.length, "Each domain only once"),
});
export const updateInvitationSettingsInput = invitationSettings.extend({
  before: z.object({
    invitationExpiryDays: z.number().int(),
    allowedEmailDomains: z.array(z.string()).max(ALLOWED_DOMAINS_MAX),
  }),
});

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `Keep the ${label} under ${max} characters`)
    .transform((value) => value || null);

export const emailSettings = z.object({
  emailSenderName: optionalText(100, "sender name")
    .refine(
      (name) => name === null || !/[<>"\\\p{Cc}]/u.test(name),
      "A sender name can't contain <, >, \" or \\",
    )
    .refine(
      (name) => name === null || !INVISIBLE_OR_DIRECTIONAL.test(name),
      NAME_INVISIBLE_CHARACTERS,
    ),
  emailReplyTo: z
    .string()
    .trim()
    .max(254, "That email address is too long")
    .transform((value) => value.toLowerCase() || null)
    .pipe(z.email("Enter a valid email address").nullable()),
});
export const updateEmailSettingsInput = emailSettings.extend({
  before: z.object({
    emailSenderName: z.string().nullable(),
    emailReplyTo: z.string().nullable(),
  }),
});

/**
 * A day of the calendar (YYYY-MM-DD, from the year 1): "2024-02-31" is no day (JavaScript would
 * read it as March 2nd), and the year 0, which JavaScript has, PostgreSQL hasn't (the audit log
 * failed with "date/time field value out of range").
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return (
      !Number.isNaN(date.getTime()) &&
      date.getUTCFullYear() >= 1 &&
      date.toISOString().startsWith(value)
    );
  })
  .optional()
  .catch(undefined);

/** A position in the audit log: an event's time and id (keyset pagination). */
const cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/)
  .optional()
  .catch(undefined);

/**
 * The audit log's URL (?actor=&action=&target=&from=&to=&after=|before=). Anything malformed is
 * dropped rather than refused: a shared link never breaks the page.
 */
export const auditLogQuery = z.object({
  actor: searchParam,
  action: z.string().max(64).optional().catch(undefined),
  target: searchParam,
  from: day,
  to: day,
  after: cursor,
  before: cursor,
});
export type AuditLogQuery = z.output<typeof auditLogQuery>;

/**
 * Renewing the subscription: active until the end of a day (UTC), or "" for no end. A date in the
 * past would lapse it at once, so it is refused.
 */
export const subscriptionSettings = z.object({
  activeUntil: z
    .union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Choose a date")])
    .transform((value) => (value ? new Date(`${value}T23:59:59.999Z`) : null))
    .refine((date) => date === null || !Number.isNaN(date.getTime()), "Choose a date")
    .refine(
      (date) => date === null || date.getTime() >= Date.now(),
      "Choose today or a later date",
    ),
});
export const updateSubscriptionInput = subscriptionSettings.extend({
  before: z.object({
    activeUntil: z
      .string()
      .datetime()
      .nullable()
      .transform((value) => (value ? new Date(value) : null)),
  }),
});

/** Security: whether owners and admins must use two-factor authentication. */
export const securitySettings = z.object({ requireTwoFactorAdmins: z.boolean() });
export const updateSecuritySettingsInput = securitySettings.extend({
  before: z.object({ requireTwoFactorAdmins: z.boolean() }),
});
export type SecuritySettings = z.input<typeof securitySettings>;

/** Sending a test email takes nothing: it goes to the caller's own address. */
export const sendTestEmailInput = z.object({});

/** The caller's own password, asked again before an irreversible step. */
const currentPassword = z
  .string("Enter your password")
  .min(1, "Enter your password")
  .max(1000, "Enter your password");

/** Danger zone: hand the organization to an active admin or member, who becomes its owner. */
export const transferOwnership = z.object({
  newOwnerEmail: z
    .string()
    .trim()
    .toLowerCase()
    .min(1, "Enter the new owner's email")
    .max(254, "That email address is too long")
    .pipe(z.email("Enter the email of a person in this organization")),
  password: currentPassword,
});
export const transferOwnershipInput = transferOwnership;
export type TransferOwnership = z.input<typeof transferOwnership>;

/** Danger zone: delete the organization, typing its name exactly as it is shown. */
export const deleteOrganization = z.object({
  confirmName: z
    .string()
    .max(ORGANIZATION_NAME_MAX + 50)
    .min(1, "Type the organization's name"),
  password: currentPassword,
});
export const deleteOrganizationInput = deleteOrganization;
export type DeleteOrganization = z.input<typeof deleteOrganization>;

/** A further organization (ALLOW_ORG_CREATION=true): its name; the slug is made from it. */
export const createOrganization = z.object({ name: organizationName });
export const createOrganizationInput = createOrganization;
export type CreateOrganization = z.input<typeof createOrganization>;
