import "server-only";
import { getDb } from "@/lib/db";
import { ssoForEmail } from "@/lib/sso";

/** Single sign-on for the email's domain, as the sign-in form offers it. */
export interface SsoChoice {
  organizationName: string;
  /** Enforced: members of the domain sign in only with SSO (the owner keeps a password). */
  enforced: boolean;
}

/** Single sign-on for a (valid) email's domain, as the form's first step answers it. */
export async function signInChoiceFor(email: string): Promise<SsoChoice | null> {
  const sso = await ssoForEmail(await getDb(), email);
  return sso ? { organizationName: sso.organizationName, enforced: sso.enforced } : null;
}
