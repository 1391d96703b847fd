// Enforced single sign-on (lib/sso): while an organization's connection is enabled and enforced,
// its members whose email is in the connection's domains work in it only through a session that
// its identity provider vouched for. The owner is never held to it: a password stays their way in
// (break-glass) when the provider is down or misconfigured.

export interface EnforcementView {
  role: "owner" | "admin" | "member";
  organization: { id: string; ssoEnforcedDomains: string[] };
}

export interface SessionProof {
  method: string;
  ssoOrganizationId: string | null;
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/**
 * Whether a membership is hidden (as if absent) for this account and session: the organization
 * enforces SSO for the email's domain, the member isn't its owner, and the session isn't an SSO
 * sign-in through that organization. `session` null: a password sign-in about to happen.
 */
export function hiddenBySso(
  membership: EnforcementView,
  email: string,
  session: SessionProof | null,
): boolean {
  const { organization } = membership;
  if (membership.role === "owner") return false;
  if (!organization.ssoEnforcedDomains.includes(domainOf(email))) return false;
  return !(session?.method === "sso" && session.ssoOrganizationId === organization.id);
}
