import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inviteUsersAction } from "@/lib/invitations/actions";
import { removeMemberAction } from "@/lib/people/actions";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { startFakeIssuer, type FakeIssuer } from "@/lib/testing/fake-oidc-issuer";
import { addMember, createOrganization, createUser, createWorkspace } from "@/lib/testing/fixtures";
import { startTestProvider, type TestProvider } from "@/lib/testing/oidc-provider";
import { configureTestSso, loginAtProvider, TEST_SSO_CLIENT } from "@/lib/testing/sso";
import { hashToken } from "@/lib/tokens";
import { finishSso } from "./callback";
import { ssoRedirectUri, startSsoSignIn, startSsoTest } from "./flow";

// The whole sign-in against a real OpenID Connect provider (oidc-provider on a loopback port):
// Roster's start builds the authorization URL, the provider's login form is filled as a browser
// would, and the callback's query goes to finishSso with the browser's state cookie. Bad ID tokens
// come from a fake provider that returns exactly the token a test asks for.

const t = setUpTestDatabase();
const REQUEST = { ip: "203.0.113.7", userAgent: "vitest" };

let provider: TestProvider;
let fake: FakeIssuer;

beforeAll(async () => {
  provider = await startTestProvider({
    clients: [{ ...TEST_SSO_CLIENT, redirectUris: [ssoRedirectUri()] }],
    users: [
      { login: "nina", email: "nina.new@acme.test", given_name: "Nina", family_name: "New" },
      { login: "ada.lovelace", email: "ada.lovelace@acme.test" },
      { login: "mia", email: "mia@acme.test", given_name: "Mia", family_name: "Member" },
      { login: "ivy", email: "ivy@acme.test", given_name: "Ivy", family_name: "Invited" },
      { login: "dan", email: "dan@acme.test" },
      { login: "rex", email: "rex@acme.test" },
      { login: "una", email: "una@acme.test", email_verified: false },
      { login: "otto", email: "otto@elsewhere.test" },
    ],
  });
  fake = await startFakeIssuer({
    clientId: TEST_SSO_CLIENT.clientId,
    claims: { sub: "fake-1", email: "fay@fake.test" },
  });
});
afterAll(async () => {
  await provider?.close();
  await fake?.close();
});

async function acme(options: { defaultWorkspaceId?: string | null } = {}) {
  const world = await createOrganization(t.db, "Acme");
  await configureTestSso(t.db, world.organization.id, {
    issuer: provider.issuer,
    domains: ["acme.test"],
    ...options,
  });
  return world;
}

/** Start → the provider's login form → the callback, in one browser (its state cookie). */
async function ssoSignIn(email: string, login: string) {
  const start = await startSsoSignIn(t.db, { email, callbackUrl: "/workspaces" }, REQUEST);
  if ("refused" in start) throw new Error(`start refused: ${start.refused}`);
  const back = await loginAtProvider(start.redirect, login, ssoRedirectUri());
  return finishSso(t.db, { query: back.searchParams, cookieState: start.state }, REQUEST);
}

const auditActions = async (organizationId: string) =>
  (
    await t.db.auditEvent.findMany({
      where: { organizationId },
      orderBy: { createdAt: "asc" },
      select: { action: true, metadata: true },
    })
  ).map((e) => e.action);

async function sessionsOf(userId: string) {
  return t.db.session.findMany({
    where: { userId },
    select: { method: true, ssoOrganizationId: true },
  });
}

describe("SSO sign-in through a real provider", () => {
  it("creates the account and a member membership on a first sign-in (just in time)", async () => {
    const world = await createOrganization(t.db, "Acme");
    const workspace = await createWorkspace(t.db, world.organization.id, "Engineering");
    await configureTestSso(t.db, world.organization.id, {
      issuer: provider.issuer,
      defaultWorkspaceId: workspace.id,
    });

    const outcome = await ssoSignIn("Nina.New@acme.test", "nina");
    expect(outcome).toMatchObject({
      kind: "signed-in",
      organizationId: world.organization.id,
      callbackUrl: "/workspaces",
    });
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: "nina.new@acme.test" },
      select: {
        id: true,
        firstName: true,
        lastName: true,
        passwordHash: true,
        memberships: { select: { role: true, status: true, workspaceRoles: true } },
      },
    });
    expect(user).toMatchObject({ firstName: "Nina", lastName: "New", passwordHash: null });
    expect(user.memberships).toHaveLength(1);
    expect(user.memberships[0]).toMatchObject({ role: "member", status: "active" });
    expect(user.memberships[0]!.workspaceRoles).toMatchObject([
      { workspaceId: workspace.id, role: "member" },
    ]);
    expect(await sessionsOf(user.id)).toEqual([
      { method: "sso", ssoOrganizationId: world.organization.id },
    ]);
    expect(await auditActions(world.organization.id)).toEqual([
      "sso.member_provisioned",
      "account.signed_in",
    ]);
    // The flow was used up: no SsoLogin row is left.
    expect(await t.db.ssoLogin.count()).toBe(0);

    // Again: the same account, through its link, with nothing provisioned.
    const again = await ssoSignIn("nina.new@acme.test", "nina");
    expect(again).toMatchObject({ kind: "signed-in", userId: user.id });
    expect(await t.db.user.count({ where: { email: "nina.new@acme.test" } })).toBe(1);
  });

  it("names a new account from the email when the provider sends no names", async () => {
    await acme();
    expect(await ssoSignIn("ada.lovelace@acme.test", "ada.lovelace")).toMatchObject({
      kind: "signed-in",
    });
    expect(
      await t.db.user.findUniqueOrThrow({
        where: { email: "ada.lovelace@acme.test" },
        select: { firstName: true, lastName: true },
      }),
    ).toEqual({ firstName: "Ada", lastName: "Lovelace" });
  });

  it("links an existing account with exactly that email, once; later sign-ins follow the link", async () => {
    const { organization } = await acme();
    const mia = await createUser(t.db, { email: "mia@acme.test", firstName: "Mia" });
    await addMember(t.db, organization.id, { user: mia });

    expect(await ssoSignIn("mia@acme.test", "mia")).toMatchObject({
      kind: "signed-in",
      userId: mia.id,
    });
    expect(await t.db.ssoIdentity.findMany({ select: { userId: true, subject: true } })).toEqual([
      { userId: mia.id, subject: "mia" },
    ]);
    expect(await ssoSignIn("mia@acme.test", "mia")).toMatchObject({ userId: mia.id });
    expect(await auditActions(organization.id)).toEqual([
      "sso.account_linked",
      "account.signed_in",
      "account.signed_in",
    ]);

    // The provider changes Mia's email to another person's: the link (issuer + subject) still
    // decides, so she doesn't become that person.
    const dan = await createUser(t.db, { email: "dan@acme.test" });
    await addMember(t.db, organization.id, { user: dan });
    provider.addUser({ login: "mia", email: "dan@acme.test" });
    try {
      expect(await ssoSignIn("mia@acme.test", "mia")).toMatchObject({ userId: mia.id });
    } finally {
      provider.addUser({ login: "mia", email: "mia@acme.test", given_name: "Mia" });
    }
  });

  it("accepts a pending invitation for the email, on its terms", async () => {
    const { organization, owner } = await acme();
    const design = await createWorkspace(t.db, organization.id, "Design");
    const invitation = await t.db.invitation.create({
      data: {
        organizationId: organization.id,
        email: "ivy@acme.test",
        pendingEmail: "ivy@acme.test",
        firstName: "Ivy",
        lastName: "Invited",
        role: "admin",
        inviterId: owner.id,
        inviterEmail: owner.email,
        tokenHash: hashToken("invitation-token"),
        expiresAt: new Date(Date.now() + 86_400_000),
        workspaces: {
          create: [{ workspaceId: design.id, role: "manager" }],
        },
      },
    });

    expect(await ssoSignIn("ivy@acme.test", "ivy")).toMatchObject({ kind: "signed-in" });
    const membership = await t.db.membership.findFirstOrThrow({
      where: { organizationId: organization.id, user: { email: "ivy@acme.test" } },
      select: { role: true, workspaceRoles: { select: { workspaceId: true, role: true } } },
    });
    expect(membership).toEqual({
      role: "admin",
      workspaceRoles: [{ workspaceId: design.id, role: "manager" }],
    });
    expect(
      await t.db.invitation.findUniqueOrThrow({
        where: { id: invitation.id },
        select: { status: true },
      }),
    ).toEqual({ status: "accepted" });
    expect(await auditActions(organization.id)).toEqual([
      "invitation.accepted",
      "account.signed_in",
    ]);
  });

  it("refuses a disabled member even though the provider says yes", async () => {
    const { organization } = await acme();
    const dan = await createUser(t.db, { email: "dan@acme.test" });
    await addMember(t.db, organization.id, { user: dan, status: "disabled" });

    expect(await ssoSignIn("dan@acme.test", "dan")).toEqual({
      kind: "refused",
      reason: "disabled",
    });
    expect(await sessionsOf(dan.id)).toEqual([]);
    // Nothing of the attempt stays but its audit event (the link was rolled back).
    expect(await t.db.ssoIdentity.count()).toBe(0);
    const events = await t.db.auditEvent.findMany({
      where: { organizationId: organization.id },
      select: { action: true, metadata: true, targetId: true },
    });
    expect(events).toEqual([
      { action: "sso.sign_in_refused", metadata: { reason: "disabled" }, targetId: dan.id },
    ]);
  });

  it("refuses someone an admin removed, until they are invited again", async () => {
    const { organization, owner } = await acme();
    const rex = await createUser(t.db, { email: "rex@acme.test" });
    await addMember(t.db, organization.id, { user: rex });
    await actAs(t.db, owner.id, organization.id);
    expect(await removeMemberAction({ userId: rex.id })).toMatchObject({ ok: true });

    expect(await ssoSignIn("rex@acme.test", "rex")).toEqual({
      kind: "refused",
      reason: "removed",
    });
    // Their account went with their last membership, and SSO didn't make a new one.
    expect(await t.db.user.count({ where: { email: "rex@acme.test" } })).toBe(0);
  });

  it("refuses an email the provider hasn't verified, or outside the connection's domains", async () => {
    const { organization } = await acme();
    // una's provider says email_verified: false.
    expect(await ssoSignIn("una@acme.test", "una")).toEqual({
      kind: "refused",
      reason: "unverified",
    });
    // otto typed an acme.test email, but the provider vouches for otto@elsewhere.test.
    expect(await ssoSignIn("otto@acme.test", "otto")).toEqual({
      kind: "refused",
      reason: "domain",
    });
    expect(await t.db.user.count()).toBe(1); // the owner
    expect(await t.db.session.count()).toBe(0);
    expect(
      (
        await t.db.auditEvent.findMany({
          where: { organizationId: organization.id, action: "sso.sign_in_refused" },
          select: { metadata: true },
        })
      ).map((e) => e.metadata),
    ).toEqual([{ reason: "unverified" }, { reason: "domain" }]);
  });

  it("refuses a callback whose state isn't the browser's, a reused one and an expired flow", async () => {
    await acme();
    const start = async () => {
      const s = await startSsoSignIn(
        t.db,
        { email: "nina.new@acme.test", callbackUrl: "/" },
        REQUEST,
      );
      if ("refused" in s) throw new Error(s.refused);
      return { ...s, back: await loginAtProvider(s.redirect, "nina", ssoRedirectUri()) };
    };

    const other = await start();
    // Another browser's state cookie (or none): the callback isn't this browser's.
    expect(
      await finishSso(
        t.db,
        { query: other.back.searchParams, cookieState: "someone-else" },
        REQUEST,
      ),
    ).toEqual({ kind: "refused", reason: "expired" });
    expect(
      await finishSso(t.db, { query: other.back.searchParams, cookieState: undefined }, REQUEST),
    ).toEqual({ kind: "refused", reason: "expired" });

    // Used once, then refused.
    const once = await start();
    const args = { query: once.back.searchParams, cookieState: once.state };
    expect(await finishSso(t.db, args, REQUEST)).toMatchObject({ kind: "signed-in" });
    expect(await finishSso(t.db, args, REQUEST)).toEqual({ kind: "refused", reason: "expired" });

    // Past its 10 minutes.
    const late = await start();
    await t.db.ssoLogin.updateMany({
      where: { stateHash: hashToken(late.state) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(
      await finishSso(t.db, { query: late.back.searchParams, cookieState: late.state }, REQUEST),
    ).toEqual({ kind: "refused", reason: "expired" });
    expect(await t.db.session.count()).toBe(1);
  });

  it("doesn't start for a connection that is turned off", async () => {
    const { organization } = await acme();
    await t.db.ssoConnection.update({
      where: { organizationId: organization.id },
      data: { enabled: false },
    });
    expect(
      await startSsoSignIn(t.db, { email: "nina.new@acme.test", callbackUrl: "/" }, REQUEST),
    ).toEqual({ refused: "unavailable" });
  });
});

describe("ID tokens openid-client must refuse", () => {
  async function fakeSignIn() {
    const start = await startSsoSignIn(t.db, { email: "fay@fake.test", callbackUrl: "/" }, REQUEST);
    if ("refused" in start) throw new Error(start.refused);
    const response = await fetch(start.redirect, { redirect: "manual" });
    const back = new URL(response.headers.get("location")!);
    return finishSso(t.db, { query: back.searchParams, cookieState: start.state }, REQUEST);
  }

  it("accepts a correct token, and refuses a wrong audience, an expired, an unsigned or a wrongly signed one", async () => {
    const { organization } = await createOrganization(t.db, "Fake");
    await configureTestSso(t.db, organization.id, { issuer: fake.issuer, domains: ["fake.test"] });

    for (const flaw of ["wrong-audience", "expired", "unsigned", "wrong-key"] as const) {
      fake.flaw = flaw;
      expect({ flaw, outcome: await fakeSignIn() }).toEqual({
        flaw,
        outcome: { kind: "refused", reason: "failed" },
      });
    }
    expect(await t.db.user.count({ where: { email: "fay@fake.test" } })).toBe(0);
    expect(await t.db.session.count()).toBe(0);

    // The same provider with a correct token signs in: the refusals above are the tokens'.
    fake.flaw = "none";
    expect(await fakeSignIn()).toMatchObject({ kind: "signed-in" });
  });
});

describe("Test connection", () => {
  it("reports the claims, signs nobody in, and records the outcome", async () => {
    const { organization, owner } = await acme();
    await t.db.ssoConnection.update({
      where: { organizationId: organization.id },
      data: { enabled: false }, // tested before it is turned on
    });
    const start = await startSsoTest(t.db, { organizationId: organization.id, userId: owner.id });
    if (!start || "refused" in start) throw new Error("test didn't start");
    const back = await loginAtProvider(start.redirect, "nina", ssoRedirectUri());
    const outcome = await finishSso(
      t.db,
      { query: back.searchParams, cookieState: start.state },
      REQUEST,
    );
    if (outcome.kind !== "tested") throw new Error(`not a test: ${JSON.stringify(outcome)}`);
    const login = await t.db.ssoLogin.findUniqueOrThrow({ where: { id: outcome.loginId } });
    expect(JSON.parse(login.result!)).toMatchObject({
      ok: true,
      claims: { email: "nina.new@acme.test", email_verified: true, sub: "nina" },
    });
    expect(await t.db.user.count({ where: { email: "nina.new@acme.test" } })).toBe(0);
    expect(await t.db.session.count()).toBe(0);
    expect(
      await t.db.ssoConnection.findUniqueOrThrow({
        where: { organizationId: organization.id },
        select: { lastTestOk: true },
      }),
    ).toEqual({ lastTestOk: true });
    expect(await auditActions(organization.id)).toEqual(["sso.tested"]);
  });
});

describe("a removed member's invitation brings them back", () => {
  it("clears the removal when they are invited again", async () => {
    const { organization } = await acme();
    await t.db.removedMember.create({
      data: { organizationId: organization.id, email: "rex@acme.test" },
    });
    expect(await ssoSignIn("rex@acme.test", "rex")).toMatchObject({ reason: "removed" });
    const { owner } = await t.db.organization.findUniqueOrThrow({
      where: { id: organization.id },
      select: { owner: { select: { userId: true } } },
    });
    await actAs(t.db, owner!.userId, organization.id);
    expect(
      await inviteUsersAction({
        rows: [{ email: "rex@acme.test", firstName: "Rex", lastName: "Again" }],
        role: "member",
        workspaces: [],
      }),
    ).toMatchObject({ ok: true });
    expect(await t.db.removedMember.count()).toBe(0);
    expect(await ssoSignIn("rex@acme.test", "rex")).toMatchObject({ kind: "signed-in" });
  });
});
