"use server";

import { ActionError, memberAction, type MemberContext, type Tx } from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { isUniqueViolation, lockOrganization } from "@/lib/db";
import {
  updateSubscriptionInput,
  updateEmailSettingsInput,
  updateGeneralInput,
  updateInvitationSettingsInput,
  updateSecuritySettingsInput,
} from "./schemas";
import { ownersAndAdminsWithoutTwoFactor, SETTINGS_FIELDS } from "./settings";

const SETTINGS_CHANGED_ELSEWHERE =
  "These settings were changed by someone else — reload to see the latest version.";

/** The settings the owner edits, section by section. */
interface SettingsValues {
  name: string;
  slug: string;
  invitationExpiryDays: number;
  allowedEmailDomains: string[];
  emailSenderName: string | null;
  emailReplyTo: string | null;
  subscriptionActiveUntil: Date | null;
  requireTwoFactorAdmins: boolean;
}

const SELECT = { ...SETTINGS_FIELDS, version: true } as const;

/** Only the owner edits the organization's settings; admins read them. */
function onOrganization({ actor }: MemberContext<unknown>) {
  return {
    action: "settings.edit" as const,
    target: { kind: "organization" as const, organizationId: actor.organizationId },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function pick<K extends keyof SettingsValues>(values: Pick<SettingsValues, K>, keys: K[]) {
  return Object.fromEntries(keys.map((key) => [key, values[key]])) as Pick<SettingsValues, K>;
}

/** The same values as the audit trail records them (dates as ISO strings). */
function snapshot<K extends keyof SettingsValues>(values: Pick<SettingsValues, K>, keys: K[]) {
  return Object.fromEntries(
    keys.map((key) => {
      const value = values[key];
      return [key, value instanceof Date ? value.toISOString() : value];
    }),
  );
}

/**
 * Saves one section: refused when the stored values are no longer those the form was loaded with
 * (someone else saved the section meanwhile), or when nothing changed. Other sections' fields are
 * never written. Returns the audit event with what changed, before and after.
 */
async function saveSection<K extends keyof SettingsValues>(
  tx: Tx,
  organizationId: string,
  section: string,
  keys: K[],
  input: Pick<SettingsValues, K> & { before: Pick<SettingsValues, K> },
): Promise<AuditEntry> {
  const current = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: SELECT,
  });
  if (keys.some((key) => !same(current[key], input.before[key]))) {
    throw new ActionError(SETTINGS_CHANGED_ELSEWHERE);
  }
  const changed = keys.filter((key) => !same(input[key], current[key]));
  if (changed.length === 0) throw new ActionError("Nothing to save: no setting was changed.");
  const updated = await tx.organization.updateMany({
    where: { id: organizationId, version: current.version },
    data: { ...pick(input, changed), version: { increment: 1 } },
  });
  if (updated.count !== 1) throw new ActionError(SETTINGS_CHANGED_ELSEWHERE);
  const name = "name" in input && typeof input.name === "string" ? input.name : current.name;
  return {
    action: "organization.updated",
    target: { type: "organization", id: organizationId, label: name },
    metadata: { section, before: snapshot(current, changed), after: snapshot(input, changed) },
  };
}

// The whole app shows the organization's name (the shell), so every page is revalidated.
const EVERYWHERE = ["/"];

/** General: the organization's name and slug (unique across the server). */
export const updateGeneralSettingsAction = memberAction({
  name: "update-general-settings",
  input: updateGeneralInput,
  permission: onOrganization,
  async run({ input, tx, actor }) {
    let audit: AuditEntry;
    try {
      audit = await saveSection(tx, actor.organizationId, "general", ["name", "slug"], input);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const message = `The slug "${input.slug}" is taken by another organization.`;
      throw new ActionError(message, { slug: [message] });
    }
    return { result: {}, audit, revalidate: EVERYWHERE };
  },
});

/**
 * Invitations: how long a new invitation's link works, and which email domains may be invited
 * (none listed: any). Links already sent keep the expiry they were sent with. A domain single
 * sign-on covers can't be left out of a list.
 */
export const updateInvitationSettingsAction = memberAction({
  name: "update-invitation-settings",
  input: updateInvitationSettingsInput,
  permission: onOrganization,
  async run({ input, tx, actor }) {
    // Single sign-on's domains must stay among the allowed ones (lib/sso/config-actions.ts, which
    // takes the same lock before it reads the allowed ones).
    await lockOrganization(tx, actor.organizationId);
    if (input.allowedEmailDomains.length > 0) {
      const outside = await tx.ssoDomain.findFirst({
        where: {
          organizationId: actor.organizationId,
          domain: { notIn: input.allowedEmailDomains },
        },
        select: { domain: true },
        orderBy: { domain: "asc" },
      });
      if (outside) {
        const message = `${outside.domain} is covered by single sign-on: keep it here, or remove it from single sign-on first.`;
        throw new ActionError(message, { allowedEmailDomains: [message] });
      }
    }
    const audit = await saveSection(
      tx,
      actor.organizationId,
      "invitations",
      ["invitationExpiryDays", "allowedEmailDomains"],
      input,
    );
    return { result: {}, audit, revalidate: EVERYWHERE };
  },
});

/** Email: the sender name shown before Roster's address, and where replies go. */
export const updateEmailSettingsAction = memberAction({
  name: "update-email-settings",
  input: updateEmailSettingsInput,
  permission: onOrganization,
  async run({ input, tx, actor }) {
    const audit = await saveSection(
      tx,
      actor.organizationId,
      "email",
      ["emailSenderName", "emailReplyTo"],
      input,
    );
    return { result: {}, audit, revalidate: EVERYWHERE };
  },
});

/**
 * Subscription: renew it to a new end date, or to no end. While it has lapsed, everyone but the
 * owner reads as suspended; renewing makes them active again on their next request (nothing to
 * undo: suspension is derived from this date, never stored).
 */
export const updateSubscriptionAction = memberAction({
  name: "update-subscription",
  input: updateSubscriptionInput,
  permission: onOrganization,
  async run({ input, tx, actor }) {
    const audit = await saveSection(
      tx,
      actor.organizationId,
      "subscription",
      ["subscriptionActiveUntil"],
      {
        subscriptionActiveUntil: input.activeUntil,
        before: { subscriptionActiveUntil: input.before.activeUntil },
      },
    );
    return { result: {}, audit, revalidate: EVERYWHERE };
  },
});

const OWN_TWO_FACTOR_FIRST =
  "Turn on two-factor authentication for your own account first (Account settings), then require it.";

/**
 * Security: whether owners and admins must use two-factor authentication. While it is on, an owner
 * or admin without it is sent to set it up before anything else in the organization works (the
 * enforcement reads the setting on every request). Turning it on needs the owner's own 2FA on, so
 * the owner is never the first one shut out. Returns how many active owners and admins have yet to
 * set it up (asked to on their next visit).
 */
export const updateSecuritySettingsAction = memberAction({
  name: "update-security-settings",
  input: updateSecuritySettingsInput,
  permission: onOrganization,
  async run({ input, tx, actor }) {
    if (input.requireTwoFactorAdmins) {
      const { totpEnabledAt } = await tx.user.findUniqueOrThrow({
        where: { id: actor.userId },
        select: { totpEnabledAt: true },
      });
      if (!totpEnabledAt) throw new ActionError(OWN_TWO_FACTOR_FIRST);
    }
    const audit = await saveSection(
      tx,
      actor.organizationId,
      "security",
      ["requireTwoFactorAdmins"],
      input,
    );
    const withoutTwoFactor = await ownersAndAdminsWithoutTwoFactor(tx, actor.organizationId);
    return {
      result: { withoutTwoFactor },
      audit: {
        ...audit,
        metadata: { ...audit.metadata, ownersAndAdminsWithoutTwoFactor: withoutTwoFactor },
      },
      revalidate: EVERYWHERE,
    };
  },
});
