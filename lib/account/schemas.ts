import { z } from "zod";
import { emailField, idField, nameField, newPasswordField } from "@/lib/forms/fields";

export { signInInput, type SignInInput } from "@/lib/auth/sign-in-input";

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
