"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { fieldErrorsOf, GENERIC_ERROR, type ActionResult } from "@/lib/actions/pipeline";
import { SECOND_STEP_COOKIE, signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { secondStepCodeInput, type SecondStepCodeInput } from "@/lib/auth/sign-in-input";
import { signInInput, type SignInInput } from "./schemas";
import { log } from "@/lib/log";

// Signing in and out go through Auth.js itself (it sets and clears the session cookie), so they
// are plain server actions around its signIn/signOut rather than pipeline actions. The audit
// events of signing in are written by the credentials check (lib/auth/credentials.ts).

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
  const redirectTo = safeCallbackUrl(raw.callbackUrl);
  try {
    await signIn("credentials", { ...parsed.data, redirectTo });
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "two_factor") {
        // The password was right; the account asks for its second step (the challenge is in an
        // httpOnly cookie the credentials check set).
        redirect(`/sign-in/two-factor?callbackUrl=${encodeURIComponent(redirectTo)}`);
      }
      return {
        ok: false,
        error:
          error.code === "rate_limited"
            ? "Too many sign-in attempts. Wait a few minutes, then try again."
            : "Email or password is incorrect.",
      };
    }
    if (error instanceof AuthError) {
      log.error({ err: error, action: "sign-in" }, "server action failed");
      return { ok: false, error: GENERIC_ERROR };
    }
    throw error; // the redirect after a successful sign-in
  }
}

/**
 * The second step of a sign-in with two-factor authentication: a code from the authenticator app,
 * or a recovery code. When the step has expired (5 minutes) the person starts again at /sign-in.
 */
export async function signInSecondStepAction(
  raw: SecondStepCodeInput & { callbackUrl?: string },
): Promise<ActionResult> {
  const parsed = secondStepCodeInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  const jar = await cookies();
  const challenge = jar.get(SECOND_STEP_COOKIE)?.value;
  const forget = () => jar.delete({ name: SECOND_STEP_COOKIE, path: "/sign-in" });
  const redirectTo = safeCallbackUrl(raw.callbackUrl);
  const startAgain = `/sign-in?expired=two-factor&callbackUrl=${encodeURIComponent(redirectTo)}`;
  if (!challenge) redirect(startAgain);
  try {
    await signIn("credentials", { challenge, code: parsed.data.code, redirectTo });
    forget();
    return { ok: true };
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "challenge_expired") {
        forget();
        redirect(startAgain);
      }
      const message =
        error.code === "rate_limited"
          ? "Too many wrong codes. Wait a few minutes, then try again."
          : "That code didn't work. Enter the current code from your authenticator app, or one of your recovery codes.";
      return { ok: false, error: message, fieldErrors: { code: [message] } };
    }
    if (error instanceof AuthError) {
      log.error({ err: error, action: "sign-in-second-step" }, "server action failed");
      return { ok: false, error: GENERIC_ERROR };
    }
    forget();
    throw error; // the redirect after a successful sign-in
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
