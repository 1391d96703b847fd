import "server-only";
import * as client from "openid-client";

// The OpenID Connect client side of single sign-on, on openid-client (a certified relying party
// library): discovery, the authorization URL with PKCE, state and nonce, and the code exchange that
// validates the ID token's signature, issuer, audience, expiry and nonce. Nothing here checks a
// token by hand.

/** Why an issuer can't be used, in words for the person configuring it. */
export class IssuerProblem extends Error {}

const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * Plain-HTTP issuers are accepted only on the loopback interface (a provider on this machine, as in
 * development and tests) or when SSO_ALLOW_HTTP_ISSUERS=true; anything else must be HTTPS.
 */
export function insecureAllowed(url: URL): boolean {
  if (url.protocol === "https:") return false;
  if (process.env.SSO_ALLOW_HTTP_ISSUERS === "true") return true;
  return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

/** The issuer URL as typed, checked for shape: http(s), no credentials, query or fragment. */
export function parseIssuerUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new IssuerProblem("Enter the issuer's URL, starting with https://.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new IssuerProblem("Enter the issuer's URL, starting with https://.");
  }
  if (url.protocol === "http:" && !insecureAllowed(url)) {
    throw new IssuerProblem("The issuer must use https://.");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new IssuerProblem("The issuer URL can't contain a user name, a query or a fragment.");
  }
  return url;
}

export interface ClientCredentials {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Fetches the issuer's discovery document and returns a client configuration, or throws an
 * IssuerProblem saying what is wrong: the issuer doesn't answer, its document names another
 * issuer, it has no authorization or token endpoint, or it doesn't support the authorization code
 * flow with PKCE (S256).
 */
export async function discover(credentials: ClientCredentials): Promise<client.Configuration> {
  const url = parseIssuerUrl(credentials.issuer);
  let configuration: client.Configuration;
  try {
    configuration = await client.discovery(
      url,
      credentials.clientId,
      undefined,
      undefined, // chosen below, from what the provider supports
      {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        execute: insecureAllowed(url) ? [client.allowInsecureRequests] : [],
      },
    );
  } catch (error) {
    throw new IssuerProblem(discoveryFailure(error));
  }
  const metadata = configuration.serverMetadata();
  if (!metadata.authorization_endpoint || !metadata.token_endpoint) {
    throw new IssuerProblem(
      "The issuer's discovery document has no authorization or token endpoint.",
    );
  }
  const responseTypes = metadata.response_types_supported ?? [];
  if (!responseTypes.includes("code")) {
    throw new IssuerProblem("The issuer doesn't support the authorization code flow.");
  }
  if (!(metadata.code_challenge_methods_supported ?? []).includes("S256")) {
    throw new IssuerProblem("The issuer doesn't support PKCE (code challenge method S256).");
  }
  // The client authenticates as the provider prefers: HTTP Basic unless only POST is offered.
  const methods = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
  const auth = methods.includes("client_secret_basic")
    ? client.ClientSecretBasic(credentials.clientSecret)
    : client.ClientSecretPost(credentials.clientSecret);
  const ready = new client.Configuration(metadata, credentials.clientId, undefined, auth);
  if (insecureAllowed(url)) client.allowInsecureRequests(ready);
  // By default openid-client trusts an ID token from the token endpoint on the strength of the
  // TLS connection and doesn't check its signature (OpenID Connect Core 3.1.3.7 allows it); the
  // signature is checked against the issuer's keys here too, so a token the issuer didn't sign is
  // refused even over plain HTTP or behind a proxy that terminates TLS.
  client.enableNonRepudiationChecks(ready);
  return ready;
}

function discoveryFailure(error: unknown): string {
  const code =
    error && typeof error === "object" && "code" in error ? String(error.code) : undefined;
  const message = error instanceof Error ? error.message : "";
  if (code === "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED" || /issuer/i.test(message)) {
    return "The issuer's discovery document names a different issuer: check the URL.";
  }
  if (code === "OAUTH_RESPONSE_IS_NOT_JSON" || code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    return "The issuer's discovery document (/.well-known/openid-configuration) isn't valid.";
  }
  return "The issuer didn't answer with a discovery document (/.well-known/openid-configuration).";
}
