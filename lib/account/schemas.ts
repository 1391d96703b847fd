import { z } from "zod";
import { emailField, newPasswordField } from "@/lib/forms/fields";

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

export const setThemeInput = z.object({ theme: z.enum(["light", "dark", "system"]) });
