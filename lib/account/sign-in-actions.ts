"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { fieldErrorsOf, GENERIC_ERROR, type ActionResult } from "@/lib/actions/pipeline";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { signInInput, type SignInInput } from "./schemas";

// Signing in and out go through Auth.js itself (it sets and clears the session cookie), so they
// are plain server actions around its signIn/signOut rather than pipeline actions.

export async function signInAction(
  raw: SignInInput & { callbackUrl?: string },
): Promise<ActionResult> {
  const parsed = signInInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(raw.callbackUrl) });
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return {
        ok: false,
        error:
          error.code === "rate_limited"
            ? "Too many sign-in attempts. Wait a few minutes, then try again."
            : "Email or password is incorrect.",
      };
    }
    if (error instanceof AuthError) {
      console.error("[action:sign-in] failed", error);
      return { ok: false, error: GENERIC_ERROR };
    }
    throw error; // the redirect after a successful sign-in
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
