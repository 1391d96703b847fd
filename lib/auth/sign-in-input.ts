import { z } from "zod";
import { emailField } from "@/lib/forms/fields";

/** Email and password, as the sign-in form sends them and Auth.js's credentials check reads them. */
export const signInInput = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignInInput = z.input<typeof signInInput>;

/** The sign-in form's first step: the email alone (its domain may sign in with SSO). */
export const signInEmailInput = signInInput.pick({ email: true });
export type SignInEmailInput = z.input<typeof signInEmailInput>;

/** The second step of a sign-in with two-factor authentication: an authenticator or recovery code. */
export const secondStepCodeInput = z.object({
  code: z
    .string()
    .trim()
    .min(1, "Enter the code from your authenticator app, or a recovery code")
    .max(40, "That is not a code from your authenticator app or a recovery code"),
});
export type SecondStepCodeInput = z.input<typeof secondStepCodeInput>;

/** What the second step hands to Auth.js: the code and the challenge from the browser's cookie. */
export const secondStepInput = secondStepCodeInput.extend({ challenge: z.string().max(100) });
