import { describe, expect, it } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import { actAs } from "@/lib/testing/actors";
import { addMember, createOrganization, createUser, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { actorFor, getCaller } from "./caller";
import { authorizeCredentials } from "./credentials";

const t = setUpTestDatabase();

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
      sessionVersion: 0,
    });
    const after = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).toBeInstanceOf(Date);
  });

  it("answers null alike for a wrong password and an unknown email", async () => {
    await createUser(t.db, { email: "mia@example.com" });
    expect(
      await authorizeCredentials(
        { email: "mia@example.com", password: "wrong password!" },
        headers(),
      ),
    ).toBeNull();
    expect(
      await authorizeCredentials(
        { email: "nobody@example.com", password: TEST_PASSWORD },
        headers(),
      ),
    ).toBeNull();
    expect(
      await authorizeCredentials({ email: "not an email", password: "x" }, headers()),
    ).toBeNull();
  });

  it("rate-limits per email, whatever the IP, even for the right password afterwards", async () => {
    await createUser(t.db, { email: "mia@example.com" });
    for (let i = 0; i < 10; i++) {
      expect(
        await authorizeCredentials(
          { email: "mia@example.com", password: "wrong" },
          headers(`10.0.0.${i}`),
        ),
      ).toBeNull();
    }
    expect(
      await authorizeCredentials(
        { email: "mia@example.com", password: TEST_PASSWORD },
        headers("10.0.1.1"),
      ),
    ).toBe("rate_limited");
    const bucket = await t.db.rateLimitBucket.findUniqueOrThrow({
      where: { key: "sign-in:email:mia@example.com" },
    });
    expect(bucket.count).toBe(11);
  });

  it("rate-limits per IP across emails", async () => {
    for (let i = 0; i < 50; i++) {
      await authorizeCredentials(
        { email: `user${i}@example.com`, password: "wrong" },
        headers("192.0.2.9"),
      );
    }
    expect(
      await authorizeCredentials(
        { email: "last@example.com", password: "wrong" },
        headers("192.0.2.9"),
      ),
    ).toBe("rate_limited");
    expect(
      await authorizeCredentials(
        { email: "last@example.com", password: "wrong" },
        headers("192.0.2.10"),
      ),
    ).toBeNull();
  });

  it("a successful sign-in clears the email's failures", async () => {
    await createUser(t.db, { email: "mia@example.com" });
    for (let i = 0; i < 5; i++)
      await authorizeCredentials({ email: "mia@example.com", password: "wrong" }, headers());
    await authorizeCredentials({ email: "mia@example.com", password: TEST_PASSWORD }, headers());
    expect(
      await t.db.rateLimitBucket.findUnique({ where: { key: "sign-in:email:mia@example.com" } }),
    ).toBeNull();
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

  it("treats a stale session version (password reset, sign-out everywhere) as signed out", async () => {
    const { owner } = await createOrganization(t.db);
    await actAs(t.db, owner.id);
    await t.db.user.update({ where: { id: owner.id }, data: { sessionVersion: { increment: 1 } } });
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
