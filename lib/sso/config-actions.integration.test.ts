import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { openSecret } from "@/lib/auth/secret-box";
import {
  acmeWorld,
  expectRefused as refused,
  FORBIDDEN,
  INACTIVE,
  NOT_FOUND,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { startTestProvider, type TestProvider } from "@/lib/testing/oidc-provider";
import { updateInvitationSettingsAction } from "@/lib/organization/settings-actions";
import {
  removeSsoConnectionAction,
  saveSsoConnectionAction,
  setSsoEnabledAction,
  setSsoEnforcedAction,
} from "./config-actions";
import { ssoSettingsFor } from "./connection";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

const CHANGED =
  "The single sign-on settings were changed by someone else — reload to see the latest version.";
const FIX = "Please correct the highlighted fields.";
const NOT_SET_UP = "Single sign-on isn't set up: save the connection first.";
const UNREADABLE =
  "The stored client secret can't be read (the encryption key changed): enter it again.";
const SECRET = "s3cret-from-the-identity-provider";
const CLIENT_ID = "roster-acme";

let provider: TestProvider;
/** Test servers (crafted discovery documents) to close after the file. */
const servers: Server[] = [];

beforeAll(async () => {
  provider = await startTestProvider({
    clients: [
      {
        clientId: CLIENT_ID,
        clientSecret: SECRET,
        redirectUris: ["http://localhost:3000/api/sso/callback"],
      },
    ],
  });
});
afterAll(async () => {
  await provider.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** A server on a loopback port answering every request with this status and body. */
async function answering(
  status: number,
  body: (base: string) => unknown,
): Promise<{ url: string }> {
  let base = "";
  const server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body(base)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base };
}

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

/** A discovery document as a provider would publish it, with `overrides`. */
const document = (issuer: string, overrides: Record<string, unknown> = {}) => ({
  issuer,
  authorization_endpoint: `${issuer}/auth`,
  token_endpoint: `${issuer}/token`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ["code"],
  subject_types_supported: ["public"],
  id_token_signing_alg_values_supported: ["RS256"],
  code_challenge_methods_supported: ["S256"],
  ...overrides,
});

function form(overrides: Partial<Parameters<typeof saveSsoConnectionAction>[0]> = {}) {
  return {
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    domains: "acme.test",
    defaultWorkspaceId: "",
    version: null,
    ...overrides,
  } as Parameters<typeof saveSsoConnectionAction>[0];
}

async function stored(organizationId: string) {
  const [connection, organization] = await Promise.all([
    t.db.ssoConnection.findUnique({
      where: { organizationId },
      include: { domains: { orderBy: { domain: "asc" } } },
    }),
    t.db.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { ssoEnforcedDomains: true },
    }),
  ]);
  return {
    connection,
    domains: connection?.domains.map((d) => d.domain) ?? [],
    enforcedDomains: organization.ssoEnforcedDomains,
  };
}

async function ssoEvents(organizationId: string) {
  const events = await t.db.auditEvent.findMany({
    where: { organizationId, action: { startsWith: "sso." } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return events.map((e) => ({ action: e.action, actorId: e.actorId, metadata: e.metadata }));
}

/** Acme with a saved connection (the owner signed in), and its version. */
async function withConnection(extra: Partial<Parameters<typeof saveSsoConnectionAction>[0]> = {}) {
  const w = await acmeWorld(t.db);
  await signInAs(t.db, w, "owner");
  expect(await saveSsoConnectionAction(form(extra))).toEqual({ ok: true });
  return { w, version: (await stored(w.org)).connection!.version };
}

async function view(w: AcmeWorld, user: keyof AcmeWorld["users"]) {
  await actAs(t.db, w.users[user].id);
  const actor = await getActor();
  return actor && ssoSettingsFor(actor);
}

describe("saving the connection", () => {
  it("the owner saves it: discovery checked, the secret sealed, the domains claimed, an audit event", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    expect(
      await saveSsoConnectionAction(
        form({
          domains: "Acme.TEST\n@acme.test, acme.example",
          defaultWorkspaceId: w.ws.backend.id,
        }),
      ),
    ).toEqual({ ok: true });
    const { connection, domains, enforcedDomains } = await stored(w.org);
    expect(connection).toMatchObject({
      issuer: provider.issuer,
      clientId: CLIENT_ID,
      enabled: false,
      enforced: false,
      defaultWorkspaceId: w.ws.backend.id,
      version: 1,
    });
    expect(domains).toEqual(["acme.example", "acme.test"]);
    expect(enforcedDomains).toEqual([]);
    // Sealed: not the secret, and it opens to the secret with the current key.
    expect(connection!.clientSecretSealed).not.toContain(SECRET);
    expect(openSecret(connection!.clientSecretSealed, "sso-client-secret")).toBe(SECRET);
    const events = await ssoEvents(w.org);
    expect(events).toEqual([
      {
        action: "sso.configured",
        actorId: w.users.owner.id,
        metadata: {
          created: true,
          changed: ["issuer", "clientId", "domains", "defaultWorkspaceId"],
          after: {
            issuer: provider.issuer,
            clientId: CLIENT_ID,
            domains: ["acme.test", "acme.example"],
            defaultWorkspaceId: w.ws.backend.id,
          },
        },
      },
    ]);
    // Nowhere in the audit trail.
    const everything = JSON.stringify(await t.db.auditEvent.findMany());
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(connection!.clientSecretSealed);
  });

  it("changes fields and keeps the stored secret when none is typed", async () => {
    const { w, version } = await withConnection();
    const before = (await stored(w.org)).connection!;
    expect(
      await saveSsoConnectionAction(
        form({ clientSecret: "", domains: "acme.test acme.example", version }),
      ),
    ).toEqual({ ok: true });
    const after = await stored(w.org);
    expect(after.connection!.clientSecretSealed).toBe(before.clientSecretSealed);
    expect(after.connection!.version).toBe(version + 1);
    expect(after.domains).toEqual(["acme.example", "acme.test"]);
    expect((await ssoEvents(w.org)).at(-1)).toEqual({
      action: "sso.configured",
      actorId: w.users.owner.id,
      metadata: {
        changed: ["domains"],
        before: { domains: ["acme.test"] },
        after: { domains: ["acme.test", "acme.example"] },
      },
    });
  });

  it("replaces the secret: sealed again, its own audit event without it, the last test forgotten", async () => {
    const { w, version } = await withConnection();
    await t.db.ssoConnection.update({
      where: { organizationId: w.org },
      data: { lastTestedAt: new Date(), lastTestOk: true },
    });
    const replacement = "a-brand-new-secret-0123456789";
    expect(await saveSsoConnectionAction(form({ clientSecret: replacement, version }))).toEqual({
      ok: true,
    });
    const { connection } = await stored(w.org);
    expect(openSecret(connection!.clientSecretSealed, "sso-client-secret")).toBe(replacement);
    expect(connection).toMatchObject({ lastTestedAt: null, lastTestOk: null });
    const last = (await ssoEvents(w.org)).at(-1);
    expect(last).toEqual({
      action: "sso.secret_replaced",
      actorId: w.users.owner.id,
      metadata: {},
    });
    expect(JSON.stringify(await t.db.auditEvent.findMany())).not.toContain(replacement);
  });

  it("refuses a save that changes nothing (the same secret typed again included)", async () => {
    const { version } = await withConnection();
    await expectRefused(
      () => saveSsoConnectionAction(form({ version })),
      "Nothing to save: no setting was changed.",
    );
  });

  it("a new connection needs the client secret", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(() => saveSsoConnectionAction(form({ clientSecret: "" })), FIX, {
      clientSecret: ["Enter the client secret your identity provider gave you."],
    });
  });

  it("refuses bad input field by field", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const result = await saveSsoConnectionAction(
      form({ issuer: "not a url", clientId: "a\u0000b", domains: "acme.test\nnot_a domain" }),
    );
    expect(result).toEqual({
      ok: false,
      error: FIX,
      fieldErrors: {
        issuer: ["Enter the issuer's URL, starting with https://."],
        clientId: ["The client ID can't contain control characters"],
        domains: ["“not_a” isn't an email domain such as example.com"],
      },
    });
    const many = Array.from({ length: 21 }, (_, i) => `d${i}.acme.test`).join("\n");
    await expectRefused(() => saveSsoConnectionAction(form({ domains: many })), FIX, {
      domains: ["At most 20 domains"],
    });
    await expectRefused(() => saveSsoConnectionAction(form({ domains: " , " })), FIX, {
      domains: ["Enter at least one email domain"],
    });
  });
});

describe("discovery, checked before anything is saved", () => {
  const refusedIssuer = async (issuer: string, message: string) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(() => saveSsoConnectionAction(form({ issuer })), FIX, {
      issuer: [message],
    });
  };

  it("an issuer nothing answers at", async () => {
    await refusedIssuer(
      await closedPort(),
      "The issuer didn't answer with a discovery document (/.well-known/openid-configuration).",
    );
  });

  it("a server answering 404", async () => {
    const { url } = await answering(404, () => ({ error: "not found" }));
    await refusedIssuer(
      url,
      "The issuer's discovery document (/.well-known/openid-configuration) isn't valid.",
    );
  });

  it("a discovery document naming another issuer", async () => {
    const { url } = await answering(200, () => document("https://login.example.com"));
    await refusedIssuer(
      url,
      "The issuer's discovery document names a different issuer: check the URL.",
    );
  });

  it("a provider without PKCE (S256)", async () => {
    const { url } = await answering(200, (base) =>
      document(base, { code_challenge_methods_supported: ["plain"] }),
    );
    await refusedIssuer(url, "The issuer doesn't support PKCE (code challenge method S256).");
  });

  it("a provider without a token endpoint", async () => {
    const { url } = await answering(200, (base) => document(base, { token_endpoint: undefined }));
    await refusedIssuer(
      url,
      "The issuer's discovery document has no authorization or token endpoint.",
    );
  });

  it("plain HTTP away from this machine", async () => {
    await refusedIssuer("http://login.example.com", "The issuer must use https://.");
  });
});

describe("the domains", () => {
  it("must be among the organization's allowed email domains, when it has any", async () => {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { allowedEmailDomains: ["acme.test", "acme.example"] },
    });
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => saveSsoConnectionAction(form({ domains: "acme.test\nexample.com" })),
      FIX,
      { domains: ["example.com isn't one of the organization's allowed email domains"] },
    );
    expect(await saveSsoConnectionAction(form({ domains: "acme.example" }))).toEqual({ ok: true });
  });

  it("one organization per domain: another organization's domain is refused", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "otherOwner");
    expect(await saveSsoConnectionAction(form({ domains: "globex.test" }))).toEqual({ ok: true });
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => saveSsoConnectionAction(form({ domains: "acme.test\nglobex.test" })),
      FIX,
      { domains: ["globex.test is already covered by another organization's single sign-on"] },
    );
  });

  it("a removed connection's domains are free again", async () => {
    const { w, version } = await withConnection();
    expect(await removeSsoConnectionAction({ version })).toEqual({ ok: true });
    await signInAs(t.db, w, "otherOwner");
    expect(await saveSsoConnectionAction(form({ domains: "acme.test" }))).toEqual({ ok: true });
    expect((await stored(w.globexOrg)).domains).toEqual(["acme.test"]);
  });
});

describe("the default workspace for new members", () => {
  it("another organization's workspace, or none that exists, reads as not found", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    for (const defaultWorkspaceId of [w.ws.marketing.id, "cm0000000000000000000000"]) {
      await expectRefused(() => saveSsoConnectionAction(form({ defaultWorkspaceId })), NOT_FOUND);
    }
  });

  it("is changed, and set back to none", async () => {
    const { w, version } = await withConnection({ defaultWorkspaceId: "" });
    const change = (defaultWorkspaceId: string, v: number) =>
      saveSsoConnectionAction(form({ clientSecret: "", defaultWorkspaceId, version: v }));
    expect(await change(w.ws.sales.id, version)).toEqual({ ok: true });
    expect((await stored(w.org)).connection!.defaultWorkspaceId).toBe(w.ws.sales.id);
    expect(await change("", version + 1)).toEqual({ ok: true });
    expect((await stored(w.org)).connection!.defaultWorkspaceId).toBeNull();
  });
});

describe("enable, enforce, remove", () => {
  it("enforcement follows enabled: the copy the sign-in check reads stays in step", async () => {
    const { w, version } = await withConnection({ domains: "acme.test\nacme.example" });
    await expectRefused(
      () => setSsoEnforcedAction({ enforced: true, version }),
      "Turn single sign-on on before enforcing it.",
    );
    expect(await setSsoEnabledAction({ enabled: true, version })).toEqual({ ok: true });
    expect(await stored(w.org)).toMatchObject({
      connection: { enabled: true, enforced: false },
      enforcedDomains: [],
    });
    expect(await setSsoEnforcedAction({ enforced: true, version: version + 1 })).toEqual({
      ok: true,
    });
    expect((await stored(w.org)).enforcedDomains.sort()).toEqual(["acme.example", "acme.test"]);
    // Changing the domains while enforced changes what is enforced.
    expect(
      await saveSsoConnectionAction(
        form({ clientSecret: "", domains: "acme.test", version: version + 2 }),
      ),
    ).toEqual({ ok: true });
    expect((await stored(w.org)).enforcedDomains).toEqual(["acme.test"]);
    // Turning SSO off lifts the enforcement with it.
    expect(await setSsoEnabledAction({ enabled: false, version: version + 3 })).toEqual({
      ok: true,
    });
    expect(await stored(w.org)).toMatchObject({
      connection: { enabled: false, enforced: false },
      enforcedDomains: [],
    });
    expect((await ssoEvents(w.org)).map((e) => e.action)).toEqual([
      "sso.configured",
      "sso.enabled",
      "sso.enforced",
      "sso.configured",
      "sso.disabled",
      "sso.enforcement_lifted",
    ]);
  });

  it("enforcement lifted on its own: passwords back, SSO still on", async () => {
    const { w, version } = await withConnection();
    await setSsoEnabledAction({ enabled: true, version });
    await setSsoEnforcedAction({ enforced: true, version: version + 1 });
    expect(await setSsoEnforcedAction({ enforced: false, version: version + 2 })).toEqual({
      ok: true,
    });
    expect(await stored(w.org)).toMatchObject({
      connection: { enabled: true, enforced: false },
      enforcedDomains: [],
    });
    expect((await ssoEvents(w.org)).at(-1)).toMatchObject({
      action: "sso.enforcement_lifted",
      metadata: { domains: ["acme.test"] },
    });
  });

  it("removing deletes the connection, its domains and sign-ins in progress, and lifts enforcement", async () => {
    const { w, version } = await withConnection();
    await setSsoEnabledAction({ enabled: true, version });
    await setSsoEnforcedAction({ enforced: true, version: version + 1 });
    await t.db.ssoLogin.create({
      data: {
        stateHash: "f".repeat(64),
        organizationId: w.org,
        codeVerifier: "v",
        nonce: "n",
        purpose: "sign-in",
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    expect(await removeSsoConnectionAction({ version: version + 2 })).toEqual({ ok: true });
    expect(await stored(w.org)).toEqual({ connection: null, domains: [], enforcedDomains: [] });
    expect(await t.db.ssoDomain.count()).toBe(0);
    expect(await t.db.ssoLogin.count()).toBe(0);
    expect((await ssoEvents(w.org)).at(-1)).toEqual({
      action: "sso.removed",
      actorId: w.users.owner.id,
      metadata: {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        domains: ["acme.test"],
        wasEnabled: true,
        wasEnforced: true,
      },
    });
  });

  it("nothing to act on before it is set up", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(() => setSsoEnabledAction({ enabled: true, version: 1 }), NOT_SET_UP);
    await expectRefused(() => setSsoEnforcedAction({ enforced: true, version: 1 }), NOT_SET_UP);
    await expectRefused(() => removeSsoConnectionAction({ version: 1 }), NOT_SET_UP);
  });

  it("refuses what is already so", async () => {
    const { version } = await withConnection();
    await expectRefused(
      () => setSsoEnabledAction({ enabled: false, version }),
      "Single sign-on is already off.",
    );
  });
});

describe("version checks: a form loaded before someone else's change", () => {
  it("every action refuses a stale version; creating over an existing connection too", async () => {
    const { version } = await withConnection();
    await expectRefused(() => saveSsoConnectionAction(form({ version: null })), CHANGED);
    await expectRefused(
      () =>
        saveSsoConnectionAction(
          form({ clientSecret: "", domains: "x.acme.test", version: version + 1 }),
        ),
      CHANGED,
    );
    await expectRefused(
      () => setSsoEnabledAction({ enabled: true, version: version - 1 }),
      CHANGED,
    );
    await expectRefused(
      () => setSsoEnforcedAction({ enforced: false, version: version + 1 }),
      CHANGED,
    );
    await expectRefused(() => removeSsoConnectionAction({ version: version + 5 }), CHANGED);
  });
});

describe("the encryption key", () => {
  it("a changed SSO_ENCRYPTION_KEY makes the stored secret unreadable, and the page says so", async () => {
    const { w, version } = await withConnection();
    expect((await view(w, "owner"))?.connection?.secretReadable).toBe(true);
    vi.stubEnv("SSO_ENCRYPTION_KEY", "a-new-dedicated-key-for-sso-secrets-0123456789");
    expect((await view(w, "owner"))?.connection?.secretReadable).toBe(false);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => saveSsoConnectionAction(form({ clientSecret: "", domains: "acme.example", version })),
      FIX,
      { clientSecret: [UNREADABLE] },
    );
    await expectRefused(() => setSsoEnabledAction({ enabled: true, version }), UNREADABLE);
    // Entering it again seals it with the new key.
    expect(await saveSsoConnectionAction(form({ version }))).toEqual({ ok: true });
    expect((await view(w, "owner"))?.connection?.secretReadable).toBe(true);
    const { connection } = await stored(w.org);
    expect(openSecret(connection!.clientSecretSealed, "sso-client-secret")).toBe(SECRET);
    vi.unstubAllEnvs();
    expect(openSecret(connection!.clientSecretSealed, "sso-client-secret")).toBeNull();
  });
});

describe("who may configure single sign-on", () => {
  type Run = (version: number) => Promise<unknown>;
  const ACTIONS: [string, Run][] = [
    [
      "save",
      (version) =>
        saveSsoConnectionAction(form({ clientSecret: "", domains: "acme.example", version })),
    ],
    ["create", () => saveSsoConnectionAction(form({ domains: "acme.example" }))],
    ["enable", (version) => setSsoEnabledAction({ enabled: true, version })],
    ["enforce", (version) => setSsoEnforcedAction({ enforced: true, version })],
    ["remove", (version) => removeSsoConnectionAction({ version })],
  ];

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused every action, and nothing changes", async (actor, error) => {
    const { w, version } = await withConnection();
    await signInAs(t.db, w, actor);
    for (const [, run] of ACTIONS) {
      await expectRefused(
        () => run(version) as ReturnType<typeof removeSsoConnectionAction>,
        error,
      );
    }
  });

  it("another organization's owner acts only on their own organization", async () => {
    const { w, version } = await withConnection();
    const acme = await stored(w.org);
    await signInAs(t.db, w, "otherOwner");
    // Acme's connection is nowhere in Globex: nothing to enable, enforce or remove there.
    await expectRefused(() => setSsoEnabledAction({ enabled: true, version }), NOT_SET_UP);
    await expectRefused(() => removeSsoConnectionAction({ version }), NOT_SET_UP);
    // Acme's domain stays Acme's.
    await expectRefused(() => saveSsoConnectionAction(form({ domains: "acme.test" })), FIX, {
      domains: ["acme.test is already covered by another organization's single sign-on"],
    });
    expect(await saveSsoConnectionAction(form({ domains: "globex.test" }))).toEqual({ ok: true });
    expect(await stored(w.org)).toEqual(acme);
    expect((await ssoEvents(w.globexOrg)).map((e) => [e.action, e.actorId])).toEqual([
      ["sso.configured", w.users.otherOwner.id],
    ]);
  });

  it("the settings: the owner edits, admins read (never the secret), managers and members see nothing", async () => {
    const { w } = await withConnection({ defaultWorkspaceId: "" });
    const sealed = (await stored(w.org)).connection!.clientSecretSealed;
    const owner = await view(w, "owner");
    expect(owner).toMatchObject({
      editable: true,
      redirectUri: "http://localhost:3000/api/sso/callback",
      connection: {
        issuer: provider.issuer,
        clientId: CLIENT_ID,
        domains: ["acme.test"],
        secretReadable: true,
        enabled: false,
        enforced: false,
      },
    });
    expect(owner?.workspaces.map((ws) => ws.path)).toContain("Engineering / Backend / Payments");
    expect(owner?.workspaces.map((ws) => ws.id)).not.toContain(w.ws.marketing.id);
    const admin = await view(w, "admin");
    expect(admin).toMatchObject({ editable: false, connection: { clientId: CLIENT_ID } });
    for (const seen of [owner, admin]) {
      expect(JSON.stringify(seen)).not.toContain(SECRET);
      expect(JSON.stringify(seen)).not.toContain(sealed);
    }
    expect(await view(w, "manager")).toBeNull();
    expect(await view(w, "member")).toBeNull();
  });
});

describe("saving the domains while the allowed email domains change", () => {
  // Write skew: each check reads what the other has not committed. On PostgreSQL the two run side
  // by side; on PGlite one after the other, so there only the end state of some order is checked.
  it("adding a domain to single sign-on and dropping it from the allowed ones at once: never both (6 rounds)", async () => {
    const { w } = await withConnection();
    const both = ["acme-labs.test", "acme.test"];
    for (let round = 0; round < 6; round += 1) {
      await t.db.organization.update({
        where: { id: w.org },
        data: { allowedEmailDomains: both },
      });
      await t.db.ssoDomain.deleteMany({ where: { domain: "acme-labs.test" } });
      const { version } = (await stored(w.org)).connection!;
      const results = await Promise.all([
        saveSsoConnectionAction(form({ domains: "acme.test, acme-labs.test", version })),
        updateInvitationSettingsAction({
          invitationExpiryDays: 7,
          allowedEmailDomains: ["acme.test"],
          before: { invitationExpiryDays: 7, allowedEmailDomains: both },
        }),
      ]);
      const { allowedEmailDomains } = await t.db.organization.findUniqueOrThrow({
        where: { id: w.org },
        select: { allowedEmailDomains: true },
      });
      const { domains } = await stored(w.org);
      expect(
        domains.filter((domain) => !allowedEmailDomains.includes(domain)),
        `round ${round}: ${JSON.stringify(results)}`,
      ).toEqual([]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
    }
  });
});
