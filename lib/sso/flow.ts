import "server-only";
import * as client from "openid-client";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { openSecret } from "@/lib/auth/secret-box";
import { config } from "@/lib/config";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { consumeRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import type { RequestInfo } from "@/lib/request/info";
import { hashToken } from "@/lib/tokens";
import { discover, IssuerProblem } from "./oidc";

// Single sign-on with an organization's OpenID Connect provider: the authorization code flow with
// PKCE, `state` and `nonce`. A flow in progress is an SsoLogin row (any instance can finish it);
// the browser holds the raw state in an httpOnly cookie, so a callback only completes in the
// browser that started it. openid-client exchanges the code and validates the ID token.

/** The cookie that holds the raw `state` between /api/sso/start (or /test) and the callback. */
export const SSO_STATE_COOKIE = "roster_sso";
export const SSO_STATE_COOKIE_PATH = "/api/sso";
/** How long a flow may take at the provider. */
export const SSO_LOGIN_MINUTES = 10;
export const SSO_SCOPES = "openid email profile";

/** Roster's redirect URI, registered at the provider. */
export function ssoRedirectUri(): string {
  return `${config.appUrl}/api/sso/callback`;
}

/**
 * Why an SSO sign-in ended without signing anyone in; the sign-in page shows each as a sentence
 * (`/sign-in?sso=<reason>`).
 */
export type SsoRefusal =
  | "failed"
  | "expired"
  | "unavailable"
  | "unverified"
  | "domain"
  | "disabled"
  | "removed"
  | "linked-elsewhere"
  | "rate-limited";

export interface SsoForEmail {
  organizationId: string;
  organizationName: string;
  enforced: boolean;
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** The organization whose enabled SSO connection covers this email's domain, or null. */
export async function ssoForEmail(db: Db, email: string): Promise<SsoForEmail | null> {
  const row = await db.ssoDomain.findUnique({
    where: { domain: emailDomain(email) },
    select: {
      connection: { select: { enabled: true, enforced: true } },
      organization: { select: { id: true, name: true } },
    },
  });
  if (!row?.connection.enabled) return null;
  return {
    organizationId: row.organization.id,
    organizationName: row.organization.name,
    enforced: row.connection.enforced,
  };
}

export interface ConnectionRow {
  id: string;
  organizationId: string;
  issuer: string;
  clientId: string;
  clientSecretSealed: string;
  enabled: boolean;
  defaultWorkspaceId: string | null;
}

export const CONNECTION_SELECT = {
  id: true,
  organizationId: true,
  issuer: true,
  clientId: true,
  clientSecretSealed: true,
  enabled: true,
  defaultWorkspaceId: true,
} as const;

/** The connection's client, or null (logged) when its secret can't be read or its issuer fails. */
export async function clientFor(connection: ConnectionRow): Promise<client.Configuration | null> {
  const clientSecret = openSecret(connection.clientSecretSealed, "sso-client-secret");
  if (clientSecret === null) {
    log.error(
      { organizationId: connection.organizationId },
      "SSO: the client secret can't be read (SSO_ENCRYPTION_KEY or AUTH_SECRET changed); enter it again",
    );
    return null;
  }
  try {
    return await discover({
      issuer: connection.issuer,
      clientId: connection.clientId,
      clientSecret,
    });
  } catch (error) {
    log.error(
      { organizationId: connection.organizationId, issuer: connection.issuer, err: error },
      error instanceof IssuerProblem ? `SSO: ${error.message}` : "SSO: discovery failed",
    );
    return null;
  }
}

/** How often one process deletes flows past their expiry (when a flow starts). */
const PURGE_INTERVAL_MS = 60_000;
let nextPurgeAt = 0;

/** Deletes SsoLogin rows past their expiry: abandoned flows, and test results no longer shown. */
export async function purgeEndedSsoLogins(db: Pick<Db, "ssoLogin">, now = new Date()) {
  const { count } = await db.ssoLogin.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

export type StartOutcome = { redirect: string; state: string } | { refused: SsoRefusal };

async function startFlow(
  db: Db,
  connection: ConnectionRow,
  flow: {
    purpose: "sign-in" | "test";
    callbackUrl: string;
    userId: string | null;
    loginHint?: string;
  },
): Promise<StartOutcome> {
  const configuration = await clientFor(connection);
  if (!configuration) return { refused: "unavailable" };
  const now = new Date();
  if (now.getTime() >= nextPurgeAt) {
    nextPurgeAt = now.getTime() + PURGE_INTERVAL_MS;
    await purgeEndedSsoLogins(db, now);
  }
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await db.ssoLogin.create({
    data: {
      stateHash: hashToken(state),
      organizationId: connection.organizationId,
      codeVerifier,
      nonce,
      purpose: flow.purpose,
      callbackUrl: safeCallbackUrl(flow.callbackUrl),
      userId: flow.userId,
      expiresAt: new Date(now.getTime() + SSO_LOGIN_MINUTES * 60_000),
    },
  });
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: ssoRedirectUri(),
    scope: SSO_SCOPES,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    ...(flow.loginHint ? { login_hint: flow.loginHint } : {}),
  });
  return { redirect: url.href, state };
}

/**
 * Starts a sign-in for an email whose domain an enabled connection covers. Limited per client
 * address: each start costs a discovery request to the provider and a row.
 */
export async function startSsoSignIn(
  db: Db,
  input: { email: string; callbackUrl: string },
  request: RequestInfo,
): Promise<StartOutcome> {
  const limit = await consumeRateLimit(db, RATE_LIMITS.ssoStartPerIp, request.ip ?? "unknown");
  if (!limit.allowed) return { refused: "rate-limited" };
  const email = input.email.trim().toLowerCase();
  const domain = await db.ssoDomain.findUnique({
    where: { domain: emailDomain(email) },
    select: { connection: { select: CONNECTION_SELECT } },
  });
  if (!domain?.connection.enabled) return { refused: "unavailable" };
  return startFlow(db, domain.connection, {
    purpose: "sign-in",
    callbackUrl: input.callbackUrl,
    userId: null,
    loginHint: email,
  });
}

/**
 * The owner's Test connection: a real sign-in at the provider that signs nobody in and reports the
 * claims. Works on a saved connection that isn't enabled yet. The caller checks who may.
 */
export async function startSsoTest(
  db: Db,
  input: { organizationId: string; userId: string },
): Promise<StartOutcome | null> {
  const connection = await db.ssoConnection.findUnique({
    where: { organizationId: input.organizationId },
    select: CONNECTION_SELECT,
  });
  if (!connection) return null;
  return startFlow(db, connection, {
    purpose: "test",
    callbackUrl: "/settings/organization",
    userId: input.userId,
  });
}
