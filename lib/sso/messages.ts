import type { SsoRefusal } from "./flow";

/** What the sign-in page says when single sign-on ended without signing in (`?sso=<reason>`). */
export const SSO_REFUSAL_MESSAGES: Record<SsoRefusal | "required", string> = {
  failed:
    "Single sign-on didn't work: your identity provider's answer couldn't be checked. Try again, or ask your administrator.",
  expired: "That single sign-on took too long or was started in another browser. Try again.",
  unavailable:
    "Single sign-on isn't available for your organization right now. Try again later, or ask your administrator.",
  unverified:
    "Your identity provider didn't confirm your email address, so you can't sign in with it. Ask your administrator.",
  domain:
    "Your identity provider signed you in with an email address this organization's single sign-on doesn't cover.",
  disabled: "Your access to this organization is disabled. Ask an admin to enable it.",
  removed:
    "You were removed from this organization. Ask an admin to invite you again to sign in with single sign-on.",
  "linked-elsewhere":
    "Your account is already linked to another identity at your organization's provider. Ask your administrator.",
  "rate-limited": "Too many sign-in attempts. Wait a few minutes, then try again.",
  required: "Your organization signs you in with single sign-on.",
};

export function ssoRefusalMessage(code: unknown): string | null {
  return typeof code === "string" && Object.hasOwn(SSO_REFUSAL_MESSAGES, code)
    ? SSO_REFUSAL_MESSAGES[code as keyof typeof SSO_REFUSAL_MESSAGES]
    : null;
}
