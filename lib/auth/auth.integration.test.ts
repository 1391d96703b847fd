import { describe, expect, it, vi } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import { actAs } from "@/lib/testing/actors";
import { addMember, createOrganization, createUser, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { config } from "@/lib/config";
import { testSession } from "@/lib/testing/session";
import { actorFor, getCaller } from "./caller";
import { authorizeCredentials } from "./credentials";
import { purgeEnded } from "./sessions";

const t = setUpTestDatabase();

const INVALID = { refused: "invalid" };
const LIMITED = { refused: "rate_limited" };

const headers = (ip = "198.51.100.1") => new Headers({ "x-forwarded-for": ip });

describe("sign-in (credentials)", () => {
  it("accepts the right password, case-insensitively by email, and records the sign-in", async () => {
    const user = await createUser(t.db, { email: "mia@example.com" });
    const result = await authorizeCredentials(
      { email: "MIA@example.com ", password: TEST_PASSWORD },
      headers(),
    );
    expect(result).toEqual({
      id: user.id,
      email: "mia@example.com",
      name: "Test Person",
      sessionToken: expect.any(String),
    });
    // A server-side session, stored by the hash of the id the cookie will carry.
    const sessions = await t.db.session.findMany({ where: { userId: user.id } });
    expect(sessions).toHaveLength(1);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).toBeInstanceOf(Date);
  });

  it("refuses alike for a wrong password and an unknown email", async () => {
    await createUser(t.db, { email: "mia@example.com" });
    expect(
      await authorizeCredentials(
        { email: "mia@example.com", password: "wrong password!" },
        headers(),
      ),
    ).toEqual(INVALID);
    expect(
      await authorizeCredentials(
        { email: "nobody@example.com", password: TEST_PASSWORD },
        headers(),
      ),
    ).toEqual(INVALID);
    expect(await authorizeCredentials({ email: "not an email", password: "x" }, headers())).toEqual(
      INVALID,
    );
  });

  const wrong = (email: string, from: Headers) =>
    authorizeCredentials({ email, password: "wrong password!" }, from);
  const right = (email: string, from: Headers) =>
    authorizeCredentials({ email, password: TEST_PASSWORD }, from);
  const bucket = (key: string) => t.db.rateLimitBucket.findUnique({ where: { key } });

  it("locks an email from one address after 10 failures, but not from another address", async () => {
    const user = await createUser(t.db, { email: "mia@example.com" });
    const attacker = headers("192.0.2.66");
    for (let i = 0; i < 10; i++) expect(await wrong("mia@example.com", attacker)).toEqual(INVALID);
    // From the attacker's address, even the right password is refused now.
    expect(await right("mia@example.com", attacker)).toEqual(LIMITED);
    expect(await wrong("mia@example.com", attacker)).toEqual(LIMITED);
    // Mia, from her own address, signs in.
    expect(await right("mia@example.com", headers("198.51.100.20"))).toMatchObject({ id: user.id });
    // And the attacker is still locked out of that account.
    expect(await right("mia@example.com", attacker)).toEqual(LIMITED);
  });

  it("the right password after a few failures signs in and clears the failures", async () => {
    const user = await createUser(t.db, { email: "mia@example.com" });
    const from = headers("198.51.100.20");
    for (let i = 0; i < 9; i++) expect(await wrong("mia@example.com", from)).toEqual(INVALID);
    expect(await right("mia@example.com", from)).toMatchObject({ id: user.id });
    expect(await bucket("sign-in:email-ip:mia@example.com|198.51.100.20")).toBeNull();
    // Only the failures stay counted against the address.
    expect((await bucket("sign-in:ip:198.51.100.20"))?.count).toBe(9);
    // The failures before the sign-in are forgotten: 10 more are allowed.
    for (let i = 0; i < 10; i++) expect(await wrong("mia@example.com", from)).toEqual(INVALID);
    expect(await right("mia@example.com", from)).toEqual(LIMITED);
  });

  it("counts only failures: signing in again and again is never limited", async () => {
    const user = await createUser(t.db, { email: "mia@example.com" });
    // More sign-ins than the pair's limit of 10, none of them counted against the address.
    for (let i = 0; i < 12; i++) {
      expect(await right("mia@example.com", headers("198.51.100.20"))).toMatchObject({
        id: user.id,
      });
    }
    expect((await bucket("sign-in:ip:198.51.100.20"))?.count ?? 0).toBe(0);
  });

  /** Failures already counted in the current window, as if made just before. */
  const counted = (key: string, count: number) =>
    t.db.rateLimitBucket.create({
      data: { key, count, windowStart: new Date(), expiresAt: new Date(Date.now() + 15 * 60_000) },
    });

  it("limits failures per address across emails", async () => {
    await counted("sign-in:ip:192.0.2.9", 45);
    for (let i = 0; i < 5; i++) {
      expect(await wrong(`user${i}@example.com`, headers("192.0.2.9"))).toEqual(INVALID);
    }
    expect(await wrong("last@example.com", headers("192.0.2.9"))).toEqual(LIMITED);
    expect(await wrong("last@example.com", headers("192.0.2.10"))).toEqual(INVALID);
  });

  it("counts the connecting address, not one the client wrote into X-Forwarded-For", async () => {
    // A client at 192.0.2.77 that starts X-Forwarded-For with a new address on every attempt.
    const forged = (i: number) => new Headers({ "x-forwarded-for": `10.9.${i}.1, 192.0.2.77` });
    for (let i = 0; i < 5; i++) {
      expect(await wrong("mia@example.com", forged(i))).toEqual(INVALID);
    }
    expect((await bucket("sign-in:ip:192.0.2.77"))?.count).toBe(5);
    expect((await bucket("sign-in:email-ip:mia@example.com|192.0.2.77"))?.count).toBe(5);
    expect(await t.db.rateLimitBucket.count({ where: { key: { contains: "10.9." } } })).toBe(0);
  });

  it("counts the address the trusted proxy saw, with TRUSTED_PROXIES=1", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "1");
    try {
      const user = await createUser(t.db, { email: "mia@example.com" });
      // As proxy.ts leaves it: what the proxy sent, then the proxy's own (connecting) address.
      const via = (client: string) =>
        new Headers({
          "x-roster-forwarded-for": `6.6.6.6, ${client}`,
          "x-forwarded-for": "10.0.0.2",
        });
      await counted("sign-in:email-ip:mia@example.com|203.0.113.5", 9);
      expect(await wrong("mia@example.com", via("203.0.113.5"))).toEqual(INVALID);
      expect(await right("mia@example.com", via("203.0.113.5"))).toEqual(LIMITED);
      expect(await right("mia@example.com", via("203.0.113.6"))).toMatchObject({ id: user.id });
      expect(await bucket("sign-in:ip:6.6.6.6")).toBeNull();
      expect(await bucket("sign-in:ip:10.0.0.2")).toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("the caller: session → live membership", () => {
  it("reads the live membership, not the session", async () => {
    const { organization, owner } = await createOrganization(t.db, "Acme");
    await actAs(t.db, owner.id);
    const caller = await getCaller();
    expect(caller?.membership).toMatchObject({
      role: "owner",
      status: "active",
      organization: { id: organization.id, name: "Acme" },
    });
  });

  it("treats a session that has ended (signed out, password reset, sign-out everywhere) as signed out", async () => {
    const { owner } = await createOrganization(t.db);
    const sessionId = await actAs(t.db, owner.id);
    expect((await getCaller())?.sessionId).toBe(sessionId);
    await t.db.session.delete({ where: { id: sessionId } });
    expect(await getCaller()).toBeNull();
  });

  it("ends a session idle longer than the idle lifetime, or past its absolute lifetime", async () => {
    const { owner } = await createOrganization(t.db);
    const idle = await actAs(t.db, owner.id);
    const idleSince = new Date(Date.now() - (config.sessionIdleMinutes * 60_000 + 1000));
    await t.db.session.update({ where: { id: idle }, data: { lastActiveAt: idleSince } });
    expect(await getCaller()).toBeNull();
    expect(await t.db.session.count({ where: { id: idle } })).toBe(0);

    const old = await actAs(t.db, owner.id);
    await t.db.session.update({
      where: { id: old },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await getCaller()).toBeNull();
  });

  it("a sign-in clears out ended sessions and abandoned second steps, of anyone, and nothing live", async () => {
    const { owner, organization } = await createOrganization(t.db);
    const { user } = await addMember(t.db, organization.id);
    const live = await actAs(t.db, owner.id);
    const idle = await actAs(t.db, user.id);
    const old = await actAs(t.db, user.id);
    const idleSince = new Date(Date.now() - (config.sessionIdleMinutes * 60_000 + 1000));
    await t.db.session.update({ where: { id: idle }, data: { lastActiveAt: idleSince } });
    await t.db.session.update({
      where: { id: old },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    const past = new Date(Date.now() - 1000);
    const future = new Date(Date.now() + 60_000);
    await t.db.signInChallenge.createMany({
      data: [
        { userId: user.id, tokenHash: "a".repeat(64), expiresAt: past },
        { userId: user.id, tokenHash: "b".repeat(64), expiresAt: future },
      ],
    });
    expect(await purgeEnded(t.db)).toBe(3);
    expect((await t.db.session.findMany({ select: { id: true } })).map((s) => s.id)).toEqual([
      live,
    ]);
    expect(await t.db.signInChallenge.count()).toBe(1);
  });

  it("records activity at most once a minute, keeping an active session alive", async () => {
    const { owner } = await createOrganization(t.db);
    const id = await actAs(t.db, owner.id);
    const twoMinutesAgo = new Date(Date.now() - 120_000);
    await t.db.session.update({ where: { id }, data: { lastActiveAt: twoMinutesAgo } });
    expect(await getCaller()).not.toBeNull();
    const { lastActiveAt } = await t.db.session.findUniqueOrThrow({ where: { id } });
    expect(lastActiveAt.getTime()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
  });

  it("refuses a session row that belongs to another account than the cookie names", async () => {
    const { owner, organization } = await createOrganization(t.db);
    const { user } = await addMember(t.db, organization.id);
    await actAs(t.db, owner.id);
    testSession.current = { userId: user.id, sessionKey: testSession.current!.sessionKey };
    expect(await getCaller()).toBeNull();
  });

  it("treats a deleted account, or one with no membership left, as signed out", async () => {
    const { organization } = await createOrganization(t.db);
    const { user, membership } = await addMember(t.db, organization.id);
    await actAs(t.db, user.id);
    await t.db.membership.delete({ where: { id: membership.id } });
    expect(await getCaller()).toBeNull();
    await t.db.user.delete({ where: { id: user.id } });
    expect(await getCaller()).toBeNull();
  });

  it("reports a disabled member as disabled, and non-owners as suspended while the subscription has lapsed", async () => {
    const { organization, owner } = await createOrganization(t.db);
    const { user, membership } = await addMember(t.db, organization.id, { role: "admin" });
    await actAs(t.db, user.id);
    expect((await getCaller())?.membership.status).toBe("active");
    await t.db.membership.update({ where: { id: membership.id }, data: { status: "disabled" } });
    expect((await getCaller())?.membership.status).toBe("disabled");
    await t.db.membership.update({ where: { id: membership.id }, data: { status: "active" } });
    await t.db.organization.update({
      where: { id: organization.id },
      data: { subscriptionActiveUntil: new Date("2020-01-01") },
    });
    expect((await getCaller())?.membership.status).toBe("suspended");
    await actAs(t.db, owner.id);
    expect((await getCaller())?.membership.status).toBe("active");
  });

  it("works in the organization chosen by cookie, falling back to the first active one", async () => {
    const a = await createOrganization(t.db, "Alpha");
    const b = await createOrganization(t.db, "Beta");
    const person = await createUser(t.db);
    const inA = await addMember(t.db, a.organization.id, { user: person, status: "disabled" });
    await addMember(t.db, b.organization.id, { user: person });
    await actAs(t.db, person.id);
    expect((await getCaller())?.membership.organization.name).toBe("Beta");
    testSession.cookies.set("roster_org", a.organization.id);
    expect((await getCaller())?.membership).toMatchObject({
      id: inA.membership.id,
      status: "disabled",
    });
    testSession.cookies.set("roster_org", "someone-elses-org");
    expect((await getCaller())?.memberships).toHaveLength(2);
    expect((await getCaller())?.membership.organization.name).toBe("Beta");
  });

  it("a disabled member's actor is inactive and manages nothing", async () => {
    const { organization } = await createOrganization(t.db);
    const { user } = await addMember(t.db, organization.id, { role: "admin", status: "disabled" });
    await actAs(t.db, user.id);
    const actor = await actorFor((await getCaller())!);
    expect(actor).toMatchObject({ status: "disabled", orgRole: "admin" });
    expect(actor.managedWorkspaceIds.size).toBe(0);
  });
});
