import { z } from "zod";
import { emailField } from "@/lib/forms/fields";

/** Email and password, as the sign-in form sends them and Auth.js's credentials check reads them. */
export const signInInput = z.object({
  email: emailField,
  password: z.string().min(1, "Enter your password").max(200),
});
export type SignInInput = z.input<typeof signInInput>;
