import { describe, expect, it } from "vitest";
import { resetPasswordWithTokenAction } from "@/lib/account/actions";
import { issuePasswordReset } from "@/lib/account";
import { getCaller } from "@/lib/auth/caller";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { createSession, sessionKey } from "@/lib/auth/sessions";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createOrganization, createUser, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { configureTestSso } from "@/lib/testing/sso";

// Enforced single sign-on: a covered member's password opens nothing (sso_required), a password
// session of theirs loses the organization on its next request, an SSO session through the
// organization keeps it, and the owner keeps the password (break-glass). Turning enforcement off
// (the enforced-domains copy emptied) gives passwords back at once.

const t = setUpTestDatabase();
const HEADERS = new Headers({ "x-forwarded-for": "203.0.113.9", "user-agent": "vitest" });

async function enforcedAcme() {
  const world = await createOrganization(t.db, "Acme");
  const mia = await createUser(t.db, { email: "mia@acme.test" });
  await addMember(t.db, world.organization.id, { user: mia });
  await configureTestSso(t.db, world.organization.id, {
    issuer: "http://127.0.0.1:9", // never asked: enforcement is read from the database alone
    domains: ["acme.test"],
    enforced: true,
  });
  return { ...world, mia };
}

const passwordSignIn = (email: string, password = TEST_PASSWORD) =>
  authorizeCredentials({ email, password }, HEADERS);

describe("enforced SSO and passwords", () => {
  it("refuses a covered member's password (sso_required), keeps the owner's, and gives it back when lifted", async () => {
    const { organization, owner, mia } = await enforcedAcme();
    expect(await passwordSignIn(mia.email)).toEqual({ refused: "sso_required" });
    // A wrong password still says only "invalid": the enforcement isn't told to a guesser.
    expect(await passwordSignIn(mia.email, "wrong password")).toEqual({ refused: "invalid" });
    // The owner's break-glass (their email is outside acme.test here; the owner is never held to
    // it even inside the domains, below).
    expect(await passwordSignIn(owner.email)).toMatchObject({ id: owner.id });
    await t.db.user.update({ where: { id: owner.id }, data: { email: "olive@acme.test" } });
    expect(await passwordSignIn("olive@acme.test")).toMatchObject({ id: owner.id });

    // Lifted: the copy on the organization is emptied, and the password works again.
    await t.db.organization.update({
      where: { id: organization.id },
      data: { ssoEnforcedDomains: [] },
    });
    expect(await passwordSignIn(mia.email)).toMatchObject({ id: mia.id });
  });

  it("lets the password in when another membership isn't covered, which alone is then visible", async () => {
    const { organization, mia } = await enforcedAcme();
    const other = await createOrganization(t.db, "Other");
    await addMember(t.db, other.organization.id, { user: mia });
    expect(await passwordSignIn(mia.email)).toMatchObject({ id: mia.id });
    await actAs(t.db, mia.id, organization.id);
    const caller = await getCaller();
    expect(caller?.memberships.map((m) => m.organization.name)).toEqual(["Other"]);
    expect(caller?.membership.organization.id).toBe(other.organization.id);
  });

  it("a password session loses the organization on its next request; an SSO session through it keeps it", async () => {
    const { organization, mia } = await createOrganization(t.db, "Acme").then(async (w) => {
      const person = await createUser(t.db, { email: "mia@acme.test" });
      await addMember(t.db, w.organization.id, { user: person });
      await configureTestSso(t.db, w.organization.id, { issuer: "http://127.0.0.1:9" });
      return { ...w, mia: person };
    });
    await actAs(t.db, mia.id, organization.id);
    expect((await getCaller())?.membership.organization.id).toBe(organization.id);

    // The owner turns enforcement on: the same session, next request.
    await t.db.organization.update({
      where: { id: organization.id },
      data: { ssoEnforcedDomains: ["acme.test"] },
    });
    expect(await getCaller()).toBeNull();

    // An SSO session through this organization sees it; one through another organization doesn't.
    for (const [through, sees] of [
      [organization.id, true],
      ["another-organization", false],
    ] as const) {
      const sso = await createSession(
        t.db,
        mia.id,
        { ip: null, userAgent: null },
        { method: "sso", ssoOrganizationId: through },
      );
      testSession.current = { userId: mia.id, sessionKey: sessionKey(sso.token) };
      expect((await getCaller())?.membership.organization.id ?? null).toBe(
        sees ? organization.id : null,
      );
    }
  });

  it("a password reset doesn't get around it", async () => {
    const { mia } = await enforcedAcme();
    const { rawToken } = await t.db.$transaction((tx) => issuePasswordReset(tx, mia.id));
    const password = "a brand new passphrase for mia 42";
    // The reset succeeds (and sends the person on to sign in)…
    const reset = await resetPasswordWithTokenAction({
      token: rawToken,
      password,
      confirmPassword: password,
    }).catch((error: { digest?: string }) => error.digest);
    expect(reset).toMatch(/^NEXT_REDIRECT;/);
    // …but the new password opens nothing either.
    expect(await passwordSignIn(mia.email, password)).toEqual({ refused: "sso_required" });
  });
});
