"use server";

import { ActionError, memberAction, type MemberContext } from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { requireCurrentPassword } from "@/lib/auth/current-password";
import {
  acceptTotpCode,
  consumeRecoveryCode,
  formatSecretForReading,
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  normalizeRecoveryCode,
  normalizeTotpCode,
  openTotpSecret,
  qrCodeDataUri,
  totpCodeStep,
  totpUri,
} from "@/lib/auth/two-factor";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS, resetRateLimit } from "@/lib/rate-limit";
import { organizationsRequiringTwoFactor, requirementMessage } from "./two-factor-page";
import {
  disableTwoFactorInput,
  enableTwoFactorInput,
  regenerateRecoveryCodesInput,
  startTwoFactorSetupInput,
} from "./two-factor-schemas";

// Two-factor authentication, from /settings/account: setting it up (a TOTP secret shown as a QR
// code, confirmed with a code from the app), recovery codes, and turning it off. Each change is
// recorded in every organization the person belongs to, like the other changes to one's account.

const ALREADY_ON = "Two-factor authentication is already on for your account.";
const ALREADY_OFF = "Two-factor authentication is already off for your account — reload the page.";
const SETUP_EXPIRED =
  "This set-up is no longer current (it was started again, perhaps in another tab). Start it again.";
const CHANGED_MEANWHILE =
  "Your two-factor settings were changed meanwhile (in another tab?) — reload the page.";
const WRONG_PASSWORD = "That password isn't right.";
const WRONG_TOTP = "That code didn't work. Enter the newest code from your app.";
const WRONG_CODE =
  "That code didn't work. Enter the newest code from your app, or a recovery code you haven't used.";

type Self = MemberContext<unknown>;

const accountTarget = ({ caller }: Self): AuditEntry["target"] => ({
  type: "user",
  id: caller.user.id,
  label: caller.user.email,
});

const everyOrganization = ({ caller }: Self) => ({
  organizationIds: caller.memberships.map((m) => m.organization.id),
});

/** The caller's password, asked again (lib/auth/current-password.ts: limited per account). */
const confirmPassword = ({ db, caller, input }: MemberContext<{ password: string }>) =>
  requireCurrentPassword(db, caller.user.id, input.password, { message: WRONG_PASSWORD });

/**
 * Counts a two-factor code about to be tried (before the transaction, so the refusal of a wrong
 * code does not undo it); past the limit every code is refused until the window ends.
 */
async function countCodeAttempt({ db, caller }: Self) {
  const limit = await consumeRateLimit(db, RATE_LIMITS.twoFactorCodePerUser, caller.user.id);
  if (!limit.allowed) {
    throw new ActionError(
      `Too many wrong codes. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
    );
  }
}

/**
 * Start set-up: a fresh secret, sealed, waits in totpSecret (replacing one whose set-up was never
 * finished) until a code from the app confirms it. Returns what the person's app needs: the secret
 * grouped for reading, and the same as a QR code (an SVG data: URI, drawn on the server).
 */
export const startTwoFactorSetupAction = memberAction({
  name: "start-two-factor-setup",
  input: startTwoFactorSetupInput,
  permission: () => "self",
  async run(ctx) {
    const { tx, caller } = ctx;
    const { totpEnabledAt } = await tx.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: { totpEnabledAt: true },
    });
    if (totpEnabledAt) throw new ActionError(ALREADY_ON);
    const { secret, sealed } = newTotpSecret();
    const started = await tx.user.updateMany({
      where: { id: caller.user.id, totpEnabledAt: null },
      data: { totpSecret: sealed, totpLastUsedStep: null, recoveryCodeHashes: { set: [] } },
    });
    if (started.count !== 1) throw new ActionError(ALREADY_ON);
    return {
      result: {
        secret: formatSecretForReading(secret),
        qrCode: await qrCodeDataUri(totpUri(secret, caller.user.email)),
      },
      audit: { action: "account.two_factor_setup_started", target: accountTarget(ctx) },
      auditIn: everyOrganization(ctx),
    };
  },
});

/**
 * Turn on: a right code for the secret set-up stored (one step either side of now) switches 2FA
 * on, records that code's time step (it can't be used again), and makes ten recovery codes. Only
 * their hashes are kept: the codes are returned once, for the person to save. A wrong code
 * changes nothing but counts towards the limit.
 */
export const enableTwoFactorAction = memberAction({
  name: "enable-two-factor",
  input: enableTwoFactorInput,
  permission: () => "self",
  guard: countCodeAttempt,
  async run(ctx) {
    const { tx, caller, input } = ctx;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: { totpEnabledAt: true, totpSecret: true, totpLastUsedStep: true },
    });
    if (user.totpEnabledAt) throw new ActionError(ALREADY_ON);
    const secret = openTotpSecret(user.totpSecret);
    if (!secret) throw new ActionError(SETUP_EXPIRED);
    const step = await totpCodeStep(secret, input.code, user.totpLastUsedStep);
    if (step === null) throw new ActionError(WRONG_TOTP, { code: [WRONG_TOTP] });
    const recoveryCodes = newRecoveryCodes();
    // Only for the secret the code was checked against: set-up started again meanwhile refuses.
    const enabled = await tx.user.updateMany({
      where: { id: caller.user.id, totpEnabledAt: null, totpSecret: user.totpSecret },
      data: {
        totpEnabledAt: new Date(),
        totpLastUsedStep: step,
        recoveryCodeHashes: { set: recoveryCodes.map(hashRecoveryCode) },
      },
    });
    if (enabled.count !== 1) throw new ActionError(SETUP_EXPIRED);
    await resetRateLimit(tx, RATE_LIMITS.twoFactorCodePerUser, caller.user.id);
    return {
      result: { recoveryCodes },
      audit: {
        action: "account.two_factor_enabled",
        target: accountTarget(ctx),
        metadata: { recoveryCodes: recoveryCodes.length },
      },
      auditIn: everyOrganization(ctx),
      revalidate: ["/"],
    };
  },
});

/**
 * New recovery codes, for someone with 2FA on: the password again. The old codes stop working at
 * once; the new ones are returned once, like at set-up.
 */
export const regenerateRecoveryCodesAction = memberAction({
  name: "regenerate-recovery-codes",
  input: regenerateRecoveryCodesInput,
  permission: () => "self",
  guard: confirmPassword,
  async run(ctx) {
    const { tx, caller } = ctx;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: { totpEnabledAt: true, recoveryCodeHashes: true },
    });
    if (!user.totpEnabledAt) throw new ActionError(ALREADY_OFF);
    const recoveryCodes = newRecoveryCodes();
    const replaced = await tx.user.updateMany({
      where: { id: caller.user.id, totpEnabledAt: { not: null } },
      data: { recoveryCodeHashes: { set: recoveryCodes.map(hashRecoveryCode) } },
    });
    if (replaced.count !== 1) throw new ActionError(CHANGED_MEANWHILE);
    return {
      result: { recoveryCodes },
      audit: {
        action: "account.recovery_codes_regenerated",
        target: accountTarget(ctx),
        metadata: {
          recoveryCodes: recoveryCodes.length,
          unusedBefore: user.recoveryCodeHashes.length,
        },
      },
      auditIn: everyOrganization(ctx),
      revalidate: ["/"],
    };
  },
});

/**
 * Turn off: the password and a code (from the app, or a recovery code, which is then used up).
 * Refused while the person is an owner or admin of an organization that requires 2FA for them.
 * The secret, the last step and the recovery codes all go.
 */
export const disableTwoFactorAction = memberAction({
  name: "disable-two-factor",
  input: disableTwoFactorInput,
  permission: () => "self",
  async guard(ctx) {
    await confirmPassword(ctx);
    await countCodeAttempt(ctx);
  },
  async run(ctx) {
    const { tx, caller, input } = ctx;
    const user = await tx.user.findUniqueOrThrow({
      where: { id: caller.user.id },
      select: {
        id: true,
        totpEnabledAt: true,
        totpSecret: true,
        totpLastUsedStep: true,
        recoveryCodeHashes: true,
      },
    });
    if (!user.totpEnabledAt) throw new ActionError(ALREADY_OFF);
    const requiredBy = await organizationsRequiringTwoFactor(tx, caller.user.id);
    if (requiredBy.length > 0) throw new ActionError(requirementMessage(requiredBy, "disable"));
    let via: "authenticator app" | "recovery code" | null = null;
    if (normalizeTotpCode(input.code)) {
      if (await acceptTotpCode(tx, user, input.code)) via = "authenticator app";
    } else if (normalizeRecoveryCode(input.code)) {
      if ((await consumeRecoveryCode(tx, user, input.code)) !== null) via = "recovery code";
    }
    if (!via) throw new ActionError(WRONG_CODE, { code: [WRONG_CODE] });
    const disabled = await tx.user.updateMany({
      where: { id: caller.user.id, totpEnabledAt: { not: null } },
      data: {
        totpSecret: null,
        totpEnabledAt: null,
        totpLastUsedStep: null,
        recoveryCodeHashes: { set: [] },
      },
    });
    if (disabled.count !== 1) throw new ActionError(CHANGED_MEANWHILE);
    await resetRateLimit(tx, RATE_LIMITS.twoFactorCodePerUser, caller.user.id);
    return {
      result: {},
      audit: {
        action: "account.two_factor_disabled",
        target: accountTarget(ctx),
        metadata: { via },
      },
      auditIn: everyOrganization(ctx),
      revalidate: ["/"],
    };
  },
});
