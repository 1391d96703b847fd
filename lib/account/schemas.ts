import { z } from "zod";
import { emailField, idField, nameField, newPasswordField } from "@/lib/forms/fields";

export {
  signInEmailInput,
  signInInput,
  type SignInEmailInput,
  type SignInInput,
} from "@/lib/auth/sign-in-input";

export const forgotPasswordInput = z.object({ email: emailField });

export const resetPasswordInput = z
  .object({
    token: z.string().min(1).max(100),
    password: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords don't match",
  });

/**
 * Change password, from account settings: the current one (checked on the server, wrong guesses
 * limited), and a new one that meets the password rule (its dictionary check runs on the server).
 */
export const changePasswordInput = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password").max(200),
    newPassword: newPasswordField,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords don't match",
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password other than your current one",
  });
export type ChangePasswordInput = z.input<typeof changePasswordInput>;

export const setThemeInput = z.object({ theme: z.enum(["light", "dark", "system"]) });

/** Profile: one's own name, with the version the form was loaded at (a stale save is refused). */
export const profile = z.object({
  firstName: nameField("first name"),
  lastName: nameField("last name"),
});
export const updateProfileInput = profile.extend({ version: z.number().int().min(1) });
export type Profile = z.input<typeof profile>;

/** Leave organization: the organization left, named again so a stale page can't leave another. */
export const leaveOrganizationInput = z.object({ organizationId: idField });

/**
 * Change email, from account settings: the new address (it must confirm the change from a link
 * sent to it) and the current password.
 */
export const requestEmailChangeInput = z.object({
  newEmail: emailField,
  currentPassword: z.string().min(1, "Enter your current password").max(200),
});
export type RequestEmailChangeInput = z.input<typeof requestEmailChangeInput>;

/** The confirmation link's token, sent back by the button on the link's page. */
export const confirmEmailChangeInput = z.object({ token: z.string().min(1).max(100) });

/** Cancelling one's own pending change: nothing to say but that. */
export const cancelEmailChangeInput = z.object({});

/** Signing out one of one's own sessions (/settings/account, Sessions). */
export const revokeSessionInput = z.object({ sessionId: idField });
export const signOutOtherSessionsInput = z.object({});
