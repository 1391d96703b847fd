import { z } from "zod";

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

export const signInInput = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignInInput = z.input<typeof signInInput>;

export const setupInput = z.object({
  organizationName: z
    .string()
    .trim()
    .min(2, "Enter the organization's name")
    .max(100, "Keep the name under 100 characters"),
  firstName: nameField("first name"),
  lastName: nameField("last name"),
  email: emailField,
  password: newPasswordField,
});
export type SetupInput = z.input<typeof setupInput>;

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
