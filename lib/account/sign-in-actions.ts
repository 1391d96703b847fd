"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { fieldErrorsOf, GENERIC_ERROR, type ActionResult } from "@/lib/actions/pipeline";
import { SECOND_STEP_COOKIE, signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { secondStepCodeInput, type SecondStepCodeInput } from "@/lib/auth/sign-in-input";
import { log } from "@/lib/log";
import { signInChoiceFor, type SsoChoice } from "./sign-in-choice";

export type { SsoChoice };
import { signInEmailInput, signInInput, type SignInEmailInput, type SignInInput } from "./schemas";

/**
 * The sign-in form's first step: whether the email's domain signs in with single sign-on (an
 * enabled connection covers it), or with a password. Says nothing about the account: the answer
 * is the domain's.
 */
export async function continueSignInAction(
  raw: SignInEmailInput,
): Promise<ActionResult<{ sso: SsoChoice | null }>> {
  const parsed = signInEmailInput.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: fieldErrorsOf(parsed.error),
    };
  }
  try {
    return { ok: true, sso: await signInChoiceFor(parsed.data.email) };
  } catch (error) {
    log.error({ err: error, action: "sign-in-continue" }, "server action failed");
    return { ok: false, error: GENERIC_ERROR };
  }
}

// Signing in and out go through Auth.js itself (it sets and clears the session cookie), so they
// are plain server actions around its signIn/signOut rather than pipeline actions. The audit
// events of signing in are written by the credentials check (lib/auth/credentials.ts).

export async function signInAction(
  raw: SignInInput & { callbackUrl?: string },
): Promise<ActionResult | { ok: false; error: string; sso: SsoChoice }> {
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
      if (error.code === "sso_required") {
        // The password was right, but the organization signs this person in with SSO.
        const sso = await signInChoiceFor(parsed.data.email);
        const organizationName = sso?.organizationName ?? "Your organization";
        return {
          ok: false,
          error: `${organizationName} signs you in with single sign-on.`,
          sso: { organizationName, enforced: true },
        };
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
      if (error.code === "sso_required") {
        forget();
        redirect(`/sign-in?sso=required&callbackUrl=${encodeURIComponent(redirectTo)}`);
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
