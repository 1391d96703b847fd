import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import { acmeWorld } from "@/lib/testing/acme-world";
import {
  addMember,
  createOrganization,
  createUser,
  TEST_PASSWORD,
  turnOnTwoFactor,
} from "@/lib/testing/fixtures";
import { hashToken } from "@/lib/tokens";
import { authorizeCredentials, authorizeSecondStep } from "./credentials";

const t = setUpTestDatabase();
const headers = (ip = "198.51.100.1") =>
  new Headers({ "x-forwarded-for": ip, "user-agent": "Mozilla/5.0 Firefox/131.0" });

/** An account with two-factor authentication on: its secret (for codes) and recovery codes. */
async function withTwoFactor(email = "tess@example.com") {
  const { organization } = await createOrganization(t.db, "Acme");
  const user = await createUser(t.db, { email });
  await addMember(t.db, organization.id, { user, role: "admin" });
  const { secret, recoveryCodes } = await turnOnTwoFactor(t.db, user.id);
  return { user, organization, secret, recoveryCodes };
}

async function passwordStep(email: string, from = headers()) {
  const result = await authorizeCredentials({ email, password: TEST_PASSWORD }, from);
  if (!("refused" in result) || result.refused !== "two_factor") {
    throw new Error(`expected the second step, got ${JSON.stringify(result)}`);
  }
  return result.challenge;
}

const events = (action: string) =>
  t.db.auditEvent.findMany({
    where: { action },
    select: { organizationId: true, actorId: true, targetId: true, metadata: true, ip: true },
  });

describe("sign-in with two-factor authentication", () => {
  it("a right password asks for the second step: no session yet, a 5-minute challenge", async () => {
    const { user } = await withTwoFactor();
    const challenge = await passwordStep(user.email);
    expect(await t.db.session.count()).toBe(0);
    const row = await t.db.signInChallenge.findUniqueOrThrow({
      where: { tokenHash: hashToken(challenge) },
    });
    expect(row.userId).toBe(user.id);
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBeGreaterThan(4.9 * 60_000);
    expect(ttl).toBeLessThanOrEqual(5 * 60_000 + 1000);
    expect(await events("account.signed_in")).toEqual([]);
  });

  it("a wrong password never reaches the second step", async () => {
    const { user } = await withTwoFactor();
    expect(
      await authorizeCredentials({ email: user.email, password: "wrong one!" }, headers()),
    ).toEqual({ refused: "invalid" });
    expect(await t.db.signInChallenge.count()).toBe(0);
  });

  it("the authenticator code signs in: a session, the challenge used up, the event audited", async () => {
    const { user, organization, secret } = await withTwoFactor();
    const challenge = await passwordStep(user.email);
    const result = await authorizeSecondStep(
      { challenge, code: await generate({ secret }) },
      headers(),
    );
    expect(result).toMatchObject({ id: user.id, sessionToken: expect.any(String) });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await t.db.signInChallenge.count()).toBe(0);
    expect(await events("account.signed_in")).toEqual([
      {
        organizationId: organization.id,
        actorId: user.id,
        targetId: user.id,
        metadata: { method: "password and authenticator code" },
        ip: "198.51.100.1",
      },
    ]);
    // The challenge served one sign-in.
    expect(
      await authorizeSecondStep({ challenge, code: await generate({ secret }) }, headers()),
    ).toEqual({ refused: "challenge_expired" });
  });

  it("the same code can't sign in twice (replay), even through a new challenge", async () => {
    const { user, secret } = await withTwoFactor();
    const code = await generate({ secret });
    const first = await passwordStep(user.email);
    expect(await authorizeSecondStep({ challenge: first, code }, headers())).toMatchObject({
      id: user.id,
    });
    const second = await passwordStep(user.email);
    expect(await authorizeSecondStep({ challenge: second, code }, headers())).toEqual({
      refused: "invalid",
    });
  });

  it("a recovery code signs in once; its use is audited with how many are left", async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    const code = recoveryCodes[3]!.toUpperCase().replace("-", " ");
    const challenge = await passwordStep(user.email);
    expect(await authorizeSecondStep({ challenge, code }, headers())).toMatchObject({
      id: user.id,
    });
    const { recoveryCodeHashes } = await t.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { recoveryCodeHashes: true },
    });
    expect(recoveryCodeHashes).toHaveLength(9);
    expect((await events("account.recovery_code_used"))[0]?.metadata).toEqual({
      recoveryCodesLeft: 9,
    });
    expect((await events("account.signed_in"))[0]?.metadata).toEqual({
      method: "password and recovery code",
    });
    const again = await passwordStep(user.email);
    expect(await authorizeSecondStep({ challenge: again, code }, headers())).toEqual({
      refused: "invalid",
    });
  });

  it("wrong codes are audited and limited per account: 10, then even the right code waits", async () => {
    const { user, organization, secret } = await withTwoFactor();
    const challenge = await passwordStep(user.email);
    for (let i = 0; i < 10; i++) {
      expect(await authorizeSecondStep({ challenge, code: "000000" }, headers())).toEqual({
        refused: "invalid",
      });
    }
    expect(
      await authorizeSecondStep({ challenge, code: await generate({ secret }) }, headers()),
    ).toEqual({ refused: "rate_limited" });
    // Per account: a new challenge from another address is limited all the same.
    const other = await passwordStep(user.email, headers("203.0.113.50"));
    expect(
      await authorizeSecondStep(
        { challenge: other, code: await generate({ secret }) },
        headers("203.0.113.50"),
      ),
    ).toEqual({ refused: "rate_limited" });
    expect(await t.db.session.count()).toBe(0);
    expect(await events("account.sign_in_failed")).toHaveLength(10);
    expect(await events("account.locked_out")).toEqual([
      expect.objectContaining({
        organizationId: organization.id,
        actorId: null,
        metadata: { step: "two-factor code", failures: 10, minutes: 15 },
      }),
    ]);
  });

  it("an expired challenge, or a made-up one, asks to start again", async () => {
    const { user, secret } = await withTwoFactor();
    const challenge = await passwordStep(user.email);
    await t.db.signInChallenge.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
    const code = await generate({ secret });
    expect(await authorizeSecondStep({ challenge, code }, headers())).toEqual({
      refused: "challenge_expired",
    });
    expect(await authorizeSecondStep({ challenge: "A".repeat(43), code }, headers())).toEqual({
      refused: "challenge_expired",
    });
    expect(await authorizeSecondStep({ challenge: "short", code }, headers())).toEqual({
      refused: "challenge_expired",
    });
    expect(await t.db.session.count()).toBe(0);
  });

  it("two requests racing with one challenge and valid codes: one sign-in", async () => {
    const { user, recoveryCodes } = await withTwoFactor();
    const challenge = await passwordStep(user.email);
    const results = await Promise.all([
      authorizeSecondStep({ challenge, code: recoveryCodes[0]! }, headers()),
      authorizeSecondStep({ challenge, code: recoveryCodes[1]! }, headers()),
    ]);
    expect(results.filter((r) => !("refused" in r))).toHaveLength(1);
    expect(await t.db.session.count()).toBe(1);
  });
});

describe("security events of password sign-ins", () => {
  it("a wrong password is audited in each organization, with no actor; the 10th locks and says so", async () => {
    const w = await acmeWorld(t.db);
    const { email } = w.users.admin2;
    for (let i = 0; i < 10; i++) {
      await authorizeCredentials({ email, password: `wrong ${i}` }, headers("192.0.2.1"));
    }
    const failed = await events("account.sign_in_failed");
    expect(failed).toHaveLength(20); // Acme and Globex
    expect(failed[0]).toMatchObject({ actorId: null, metadata: { reason: "wrong password" } });
    const locked = await events("account.locked_out");
    expect(locked.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
    expect(locked[0]?.metadata).toEqual({ step: "password", failures: 10, minutes: 15 });
  });

  it("an unknown email leaves no trace in any organization", async () => {
    await acmeWorld(t.db);
    const before = await t.db.auditEvent.count();
    await authorizeCredentials({ email: "nobody@example.com", password: "x" }, headers());
    expect(await t.db.auditEvent.count()).toBe(before);
  });
});
