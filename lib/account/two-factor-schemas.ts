import { z } from "zod";

// Two-factor authentication in account settings: the forms' fields, shared by the client (through
// useActionForm) and the actions. The server checks the codes themselves.

/** Starting set-up takes nothing: it is always the caller's own account. */
export const startTwoFactorSetupInput = z.object({});

/** "123 456", "123-456" and "123456" all read as the six digits an authenticator app shows. */
export const totpCodeField = z
  .string("Enter the 6-digit code from your app")
  .trim()
  .min(1, "Enter the 6-digit code from your app")
  .max(20, "Enter the 6 digits your app shows")
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6}$/, "Enter the 6 digits your app shows"));

/** Turning 2FA on: a code from the app, for the secret set-up just showed. */
export const enableTwoFactorInput = z.object({ code: totpCodeField });
export type EnableTwoFactor = z.input<typeof enableTwoFactorInput>;

const currentPassword = z
  .string("Enter your password")
  .min(1, "Enter your password")
  .max(1000, "Enter your password");

/** New recovery codes: the person's password again (the old codes stop working). */
export const regenerateRecoveryCodesInput = z.object({ password: currentPassword });
export type RegenerateRecoveryCodes = z.input<typeof regenerateRecoveryCodesInput>;

/** Turning 2FA off: the password, and a code from the app or one of the recovery codes. */
export const disableTwoFactorInput = z.object({
  password: currentPassword,
  code: z
    .string("Enter a code from your app or a recovery code")
    .trim()
    .min(1, "Enter a code from your app or a recovery code")
    .max(40, "Enter a code from your app or a recovery code"),
});
export type DisableTwoFactor = z.input<typeof disableTwoFactorInput>;
