import "server-only";
import { timingSafeEqual } from "node:crypto";
import * as client from "openid-client";
import { recordAuditEvents } from "@/lib/audit";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { recordAccountEvent } from "@/lib/auth/security-events";
import { createSession } from "@/lib/auth/sessions";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import type { RequestInfo } from "@/lib/request/info";
import { hashToken } from "@/lib/tokens";
import {
  CONNECTION_SELECT,
  SSO_LOGIN_MINUTES,
  clientFor,
  emailDomain,
  ssoRedirectUri,
  type ConnectionRow,
  type SsoRefusal,
} from "./flow";
import { provisionSsoMember, type ProvisionOutcome, type SsoIdentityClaims } from "./provision";

// The second half of the single sign-on flow (lib/sso/flow.ts starts it): the provider's answer
// at /api/sso/callback, checked, and turned into a session or a test result.

export type FinishOutcome =
  | {
      kind: "signed-in";
      userId: string;
      sessionToken: string;
      organizationId: string;
      callbackUrl: string;
    }
  | { kind: "tested"; loginId: string }
  | { kind: "refused"; reason: SsoRefusal };

function sameState(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The identity the provider vouched for: the ID token's claims, completed from userinfo. */
async function identityFrom(
  configuration: client.Configuration,
  tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>,
): Promise<Record<string, unknown>> {
  const claims = tokens.claims();
  if (!claims) throw new Error("The provider returned no ID token.");
  if (typeof claims.email === "string") return { ...claims };
  // Some providers put only `sub` in the ID token: the rest comes from userinfo, for that subject.
  const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
  return { ...userinfo, ...claims, email: userinfo.email, email_verified: userinfo.email_verified };
}

/** Why a validated identity can't sign in to this connection's organization (null: it can). */
async function identityProblem(
  db: Db,
  connection: ConnectionRow,
  identity: Record<string, unknown>,
): Promise<{ reason: "unverified" | "domain"; detail: string } | null> {
  const email = identity.email;
  if (typeof email !== "string" || !email.includes("@")) {
    return { reason: "unverified", detail: "The provider sent no email address." };
  }
  if (identity.email_verified !== true) {
    return {
      reason: "unverified",
      detail: "The provider didn't say the email address is verified.",
    };
  }
  const domain = await db.ssoDomain.findFirst({
    where: { domain: emailDomain(email), connectionId: connection.id },
    select: { domain: true },
  });
  if (!domain) {
    return {
      reason: "domain",
      detail: `${emailDomain(email)} isn't one of the connection's email domains.`,
    };
  }
  return null;
}

/**
 * The provider's answer at /api/sso/callback: the state must be the browser's and its flow
 * unused and unexpired; openid-client exchanges the code (PKCE) and validates the ID token
 * (signature, issuer, audience, expiry, nonce). Then, for a sign-in, the person is found, linked
 * or provisioned (lib/sso/provision.ts) and a session starts; for a test, the claims are kept for
 * the result page.
 */
export async function finishSso(
  db: Db,
  input: { query: URLSearchParams; cookieState: string | undefined },
  request: RequestInfo,
): Promise<FinishOutcome> {
  const refused = (reason: SsoRefusal, cause: string, extra: object = {}): FinishOutcome => {
    log.warn({ sso: { reason, cause, ...extra } }, "SSO sign-in refused");
    return { kind: "refused", reason };
  };
  const state = input.query.get("state");
  if (!state || !input.cookieState) {
    return refused("expired", state ? "no state cookie" : "no state in the callback");
  }
  if (!sameState(state, input.cookieState)) return refused("expired", "state mismatch");

  // Claimed once: the row's state hash is replaced, so a second callback with the same state
  // finds nothing.
  const stateHash = hashToken(state);
  const now = new Date();
  const [login] = await db.ssoLogin.updateManyAndReturn({
    where: { stateHash, expiresAt: { gt: now } },
    data: {
      stateHash: `used:${stateHash}`,
      expiresAt: new Date(now.getTime() + SSO_LOGIN_MINUTES * 60_000),
    },
  });
  if (!login) return refused("expired", "unknown, used or expired flow");
  if (login.purpose === "sign-in") await db.ssoLogin.deleteMany({ where: { id: login.id } });

  const connection = await db.ssoConnection.findUnique({
    where: { organizationId: login.organizationId },
    select: CONNECTION_SELECT,
  });
  const test = login.purpose === "test";
  if (!connection || (!test && !connection.enabled)) {
    return refused("unavailable", "the connection was removed or turned off");
  }
  const configuration = await clientFor(connection);
  if (!configuration) return refused("unavailable", "the connection can't be used");

  let identity: Record<string, unknown> | null = null;
  let failure: string | null = null;
  try {
    const currentUrl = new URL(ssoRedirectUri());
    currentUrl.search = input.query.toString();
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: login.codeVerifier,
      expectedState: state,
      expectedNonce: login.nonce,
      idTokenExpected: true,
    });
    identity = await identityFrom(configuration, tokens);
  } catch (error) {
    failure = providerFailure(error);
    log.warn(
      { err: error, organizationId: connection.organizationId, purpose: login.purpose },
      "SSO: the provider's answer was refused",
    );
  }

  if (test) {
    const problem = identity ? await identityProblem(db, connection, identity) : null;
    const ok = identity !== null && problem === null;
    const error = failure ?? problem?.detail ?? null;
    await db.$transaction(async (tx) => {
      await tx.ssoLogin.update({
        where: { id: login.id },
        data: {
          result: JSON.stringify(ok ? { ok, claims: identity } : { ok, error, claims: identity }),
        },
      });
      await tx.ssoConnection.update({
        where: { id: connection.id },
        data: { lastTestedAt: new Date(), lastTestOk: ok },
      });
      const tester = login.userId
        ? await tx.user.findUnique({
            where: { id: login.userId },
            select: { id: true, email: true },
          })
        : null;
      await recordAuditEvents(
        tx,
        {
          action: "sso.tested",
          target: { type: "organization", id: connection.organizationId, label: connection.issuer },
          metadata: ok
            ? { ok, claims: Object.keys(identity ?? {}).sort() }
            : { ok, error: error ?? "unknown" },
        },
        {
          organizationId: connection.organizationId,
          actorId: tester?.id ?? null,
          actorEmail: tester?.email ?? null,
          request,
        },
      );
    });
    return { kind: "tested", loginId: login.id };
  }

  if (!identity) return refused("failed", failure ?? "no identity");
  const problem = await identityProblem(db, connection, identity);
  if (problem) {
    await auditRefusal(
      db,
      connection.organizationId,
      null,
      typeof identity.email === "string" ? identity.email : "",
      problem.reason,
      request,
    );
    return refused(problem.reason, problem.detail);
  }
  const claims: SsoIdentityClaims = {
    issuer: connection.issuer,
    subject: String(identity.sub),
    email: String(identity.email).trim().toLowerCase(),
    givenName: typeof identity.given_name === "string" ? identity.given_name : null,
    familyName: typeof identity.family_name === "string" ? identity.family_name : null,
  };

  const outcome = await db
    .$transaction(async (tx) => {
      const provisioned = await provisionSsoMember(
        tx,
        {
          organizationId: connection.organizationId,
          defaultWorkspaceId: connection.defaultWorkspaceId,
        },
        claims,
        request,
      );
      // Refused: nothing it wrote (a link, an account) stays.
      if ("refused" in provisioned) throw new ProvisionRefused(provisioned);
      const { user } = provisioned;
      const session = await createSession(tx, user.id, request, {
        method: "sso",
        ssoOrganizationId: connection.organizationId,
      });
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
      await recordAccountEvent(
        tx,
        user,
        { action: "account.signed_in", metadata: { method: "sso" } },
        request,
      );
      return { user, sessionToken: session.token };
    })
    .catch((error: unknown) => {
      if (error instanceof ProvisionRefused) return error.outcome;
      throw error;
    });
  if ("refused" in outcome) {
    await auditRefusal(
      db,
      connection.organizationId,
      outcome.userId,
      claims.email,
      outcome.refused,
      request,
    );
    return refused(outcome.refused, `the account can't sign in (${outcome.refused})`);
  }
  return {
    kind: "signed-in",
    userId: outcome.user.id,
    sessionToken: outcome.sessionToken,
    organizationId: connection.organizationId,
    callbackUrl: safeCallbackUrl(login.callbackUrl),
  };
}

async function auditRefusal(
  db: Db,
  organizationId: string,
  userId: string | null,
  email: string,
  reason: SsoRefusal,
  request: RequestInfo,
) {
  await recordAuditEvents(
    db,
    {
      action: "sso.sign_in_refused",
      target: { type: "user", id: userId, label: email.slice(0, 254) || "unknown" },
      metadata: { reason },
    },
    { organizationId, actorId: null, actorEmail: null, request },
  );
}

/** What went wrong with the provider's answer, for the log and the owner's test result. */
function providerFailure(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) {
    return `The provider answered with an error: ${error.error}${error.error_description ? ` (${error.error_description})` : ""}.`;
  }
  if (error instanceof client.ResponseBodyError) {
    return `The provider's token endpoint refused the code: ${error.error}.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The provider's answer couldn't be validated: ${message}`;
}

class ProvisionRefused extends Error {
  constructor(readonly outcome: Extract<ProvisionOutcome, { refused: string }>) {
    super(`SSO sign-in refused: ${outcome.refused}`);
  }
}
