import { sealSecret } from "../auth/secret-box";
import type { Db } from "../db/client";

// An SSO connection written straight to the database, as the owner's settings would save it
// (lib/sso): the secret sealed, the domains as rows, and the enforced-domains copy on the
// organization while the connection is enabled and enforced.

export interface TestSsoConnection {
  issuer: string;
  clientId?: string;
  clientSecret?: string;
  domains?: string[];
  enabled?: boolean;
  enforced?: boolean;
  defaultWorkspaceId?: string | null;
}

export const TEST_SSO_CLIENT = { clientId: "roster", clientSecret: "roster-client-secret" };

export async function configureTestSso(
  db: Db,
  organizationId: string,
  connection: TestSsoConnection,
): Promise<{ id: string }> {
  const domains = (connection.domains ?? ["acme.test"]).map((d) => d.toLowerCase());
  const enabled = connection.enabled ?? true;
  const enforced = connection.enforced ?? false;
  await db.ssoConnection.deleteMany({ where: { organizationId } });
  const row = await db.ssoConnection.create({
    data: {
      organizationId,
      issuer: connection.issuer,
      clientId: connection.clientId ?? TEST_SSO_CLIENT.clientId,
      clientSecretSealed: sealSecret(
        connection.clientSecret ?? TEST_SSO_CLIENT.clientSecret,
        "sso-client-secret",
      ),
      enabled,
      enforced,
      defaultWorkspaceId: connection.defaultWorkspaceId ?? null,
    },
    select: { id: true },
  });
  await db.ssoDomain.createMany({
    data: domains.map((domain) => ({ domain, organizationId, connectionId: row.id })),
  });
  await db.organization.update({
    where: { id: organizationId },
    data: { ssoEnforcedDomains: enabled && enforced ? domains : [] },
  });
  return row;
}

/**
 * Signs in at an identity provider as a browser would, from Roster's authorization URL: follows
 * redirects keeping cookies, fills the provider's forms (its login form takes `login` and any
 * password), and returns the URL the provider sends the browser back to (Roster's callback).
 */
export async function loginAtProvider(
  authorizationUrl: string,
  login: string,
  redirectUri: string,
): Promise<URL> {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  let url = authorizationUrl;
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 12; step++) {
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: cookieHeader(),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    body = null;
    const location = response.headers.get("location");
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next.href;
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (!action)
      throw new Error(
        `The provider answered ${response.status} with no form: ${html.slice(0, 300)}`,
      );
    body = new URLSearchParams();
    for (const [, name, value] of html.matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
    )) {
      body.set(name!, value!);
    }
    if (html.includes('name="login"')) {
      body.set("login", login);
      body.set("password", "any password");
    }
    url = new URL(action.replace(/&amp;/g, "&"), url).href;
  }
  throw new Error("The provider never sent the browser back.");
}
