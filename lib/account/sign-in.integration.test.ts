import { encode } from "next-auth/jwt";
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auth, SECOND_STEP_COOKIE } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/caller";
import { getSession } from "@/lib/auth/session";
import { SECOND_STEP_MINUTES } from "@/lib/auth/credentials";
import { hashRecoveryCode } from "@/lib/auth/two-factor";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  TEST_PASSWORD,
  turnOnTwoFactor,
} from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { hashToken } from "@/lib/tokens";
import { signInAction, signInSecondStepAction, signOutAction } from "./sign-in-actions";

// The sign-in actions run through the real Auth.js here (lib/testing/setup-integration.ts replaces
// it with a recorder for every other test): its credentials callback, the cookie it sets, its jwt
// and session callbacks, and its signOut event that deletes the session row. Only the request
// around it is a stand-in: next/headers reads and writes the cookie jar below, which is sent back
// with every request as a browser would, and next/navigation's redirect throws as in Next.js.
// (vitest.config.ts has Vite process next-auth, so that its own imports of these reach the mocks.)
vi.unmock("@/lib/auth/auth");
// And so does the reading of the cookie on every request (getSession), which the other tests
// replace with testSession.current.
vi.unmock("@/lib/auth/session");

/** The client's (connecting) address in the requests below. */
const CLIENT_IP = "203.0.113.7";

vi.mock("next/headers", async () => {
  const { testSession: jar } = await import("@/lib/testing/session");
  const cookieHeader = () => [...jar.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  return {
    headers: async () =>
      new Headers({
        host: "localhost:3000",
        "x-forwarded-proto": "http",
        "x-forwarded-for": "203.0.113.7", // CLIENT_IP (a hoisted factory can't read it)
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
        cookie: cookieHeader(),
      }),
    cookies: async () => ({
      get: (name: string) => {
        const value = jar.cookies.get(name);
        return value === undefined ? undefined : { name, value };
      },
      // A cookie set empty or with maxAge 0 (Auth.js's sign-out) is a cookie removed.
      set: (name: string, value: string, options?: { maxAge?: number }) => {
        if (value === "" || options?.maxAge === 0) jar.cookies.delete(name);
        else jar.cookies.set(name, value);
      },
      delete: (cookie: string | { name: string }) => {
        jar.cookies.delete(typeof cookie === "string" ? cookie : cookie.name);
      },
    }),
  };
});

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), {
      digest: `NEXT_REDIRECT;replace;${url};307;`,
    });
  },
}));

const t = setUpTestDatabase();

beforeEach(() => {
  // Signs the session cookie, and seals the two-factor secrets.
  vi.stubEnv("AUTH_SECRET", "sign-in-integration-test-secret-0123456789abcdef");
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

const SESSION_COOKIE = "authjs.session-token";
const WRONG_PASSWORD = { ok: false, error: "Email or password is incorrect." };
const WRONG_CODE_MESSAGE =
  "That code didn't work. Enter the current code from your authenticator app, or one of your recovery codes.";
const WRONG_CODE = {
  ok: false,
  error: WRONG_CODE_MESSAGE,
  fieldErrors: { code: [WRONG_CODE_MESSAGE] },
};

/** What an action ended in: its result, or the redirect it threw (as Next.js would follow it). */
async function outcome(action: Promise<unknown>): Promise<unknown> {
  try {
    return await action;
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT;")) {
      return { redirect: digest.split(";")[2] };
    }
    throw error;
  }
}

const events = (action: string) =>
  t.db.auditEvent.findMany({
    where: { action },
    orderBy: { createdAt: "asc" },
    select: {
      organizationId: true,
      actorId: true,
      targetId: true,
      metadata: true,
      ip: true,
      userAgent: true,
    },
  });

async function member(email = "mia@example.com") {
  const { organization } = await createOrganization(t.db, "Acme");
  const user = await createUser(t.db, { email });
  await addMember(t.db, organization.id, { user, role: "admin" });
  return { user, organization };
}

async function memberWithTwoFactor(email = "tess@example.com") {
  const { user, organization } = await member(email);
  const { secret, recoveryCodes } = await turnOnTwoFactor(t.db, user.id);
  return { user, organization, secret, recoveryCodes };
}

/** Six digits that are no code of this secret's within the accepted window (±1 step). */
async function wrongCode(secret: string) {
  const now = Math.floor(Date.now() / 1000);
  const valid = new Set(
    await Promise.all([-1, 0, 1, 2].map((s) => generate({ secret, epoch: now + s * 30 }))),
  );
  for (let n = 123456; ; n++) if (!valid.has(String(n))) return String(n);
}

/** The session the browser's cookie stands for now, read back through Auth.js (null: none). */
async function cookieSession() {
  const session = await auth();
  return session ? { userId: session.userId, sessionKey: session.sessionKey } : null;
}

describe("getSession: what the session cookie claims, as every request reads it", () => {
  async function signedIn() {
    const { user } = await member();
    await outcome(signInAction({ email: user.email, password: TEST_PASSWORD }));
    const token = testSession.cookies.get(SESSION_COOKIE);
    if (!token) throw new Error("signing in set no session cookie");
    return { user, token };
  }

  it("reads what Auth.js sealed: the user and the key of the session's row", async () => {
    const { user } = await signedIn();
    const row = await t.db.session.findFirstOrThrow({
      where: { userId: user.id },
      select: { tokenHash: true },
    });
    expect(await getSession()).toEqual({ userId: user.id, sessionKey: row.tokenHash });
    expect(await cookieSession()).toEqual(await getSession());
    // Again (remembered), and from the same cookie split in chunks as Auth.js splits long ones.
    expect(await getSession()).toEqual({ userId: user.id, sessionKey: row.tokenHash });
    const token = testSession.cookies.get(SESSION_COOKIE)!;
    testSession.cookies.delete(SESSION_COOKIE);
    testSession.cookies.set(`${SESSION_COOKIE}.0`, token.slice(0, 100));
    testSession.cookies.set(`${SESSION_COOKIE}.1`, token.slice(100));
    expect(await getSession()).toEqual({ userId: user.id, sessionKey: row.tokenHash });
  });

  it("a changed, foreign or expired token, or none, is nobody", async () => {
    const { user, token } = await signedIn();
    const flipped = token.slice(0, 60) + (token[60] === "A" ? "B" : "A") + token.slice(61);
    const claims = { uid: user.id, sid: "a-session-id" };
    const foreign = await encode({
      token: claims,
      secret: "another-secret-0123456789abcdef",
      salt: SESSION_COOKIE,
    });
    const expired = await encode({
      token: claims,
      secret: process.env.AUTH_SECRET!,
      salt: SESSION_COOKIE,
      maxAge: -60,
    });
    // Sealed for another cookie name: the name is the key's salt.
    const otherName = await encode({
      token: claims,
      secret: process.env.AUTH_SECRET!,
      salt: "other",
    });
    for (const value of [flipped, foreign, expired, otherName, "not-a-token"]) {
      testSession.cookies.set(SESSION_COOKIE, value);
      expect(await getSession()).toBeNull();
    }
    testSession.cookies.delete(SESSION_COOKIE);
    expect(await getSession()).toBeNull();
    // The genuine one still reads.
    testSession.cookies.set(SESSION_COOKIE, token);
    expect((await getSession())?.userId).toBe(user.id);
  });

  it("a token read before is not taken on trust once it has expired", async () => {
    const { user } = await member();
    // A token that expires in 10 minutes: read (and remembered), then read 11 minutes later.
    const token = await encode({
      token: { uid: user.id, sid: "a-session-id" },
      secret: process.env.AUTH_SECRET!,
      salt: SESSION_COOKIE,
      maxAge: 10 * 60,
    });
    testSession.cookies.set(SESSION_COOKIE, token);
    expect((await getSession())?.userId).toBe(user.id);
    vi.useFakeTimers({ now: Date.now() + 11 * 60 * 1000 });
    expect(await getSession()).toBeNull();
  });
});

/** The password step of an account with two-factor authentication: it asks for the code. */
async function passwordStep(email: string, callbackUrl = "/users") {
  expect(await outcome(signInAction({ email, password: TEST_PASSWORD, callbackUrl }))).toEqual({
    redirect: `/sign-in/two-factor?callbackUrl=${encodeURIComponent(callbackUrl)}`,
  });
  const challenge = testSession.cookies.get(SECOND_STEP_COOKIE);
  if (!challenge) throw new Error("the password step set no challenge cookie");
  return challenge;
}

describe("signInAction (password)", () => {
  it("a wrong password: the generic error, no session and no cookie, a failure audited", async () => {
    const { user, organization } = await member();
    expect(
      await outcome(signInAction({ email: "mia@example.com", password: "not the password" })),
    ).toEqual(WRONG_PASSWORD);
    // An unknown email gets the very same answer.
    expect(
      await outcome(signInAction({ email: "nobody@example.com", password: TEST_PASSWORD })),
    ).toEqual(WRONG_PASSWORD);

    expect(await t.db.session.count()).toBe(0);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await cookieSession()).toBeNull();
    expect(await events("account.sign_in_failed")).toEqual([
      {
        organizationId: organization.id,
        actorId: null,
        targetId: user.id,
        metadata: { reason: "wrong password" },
        ip: CLIENT_IP,
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
      },
    ]);
    expect(await events("account.signed_in")).toEqual([]);
  });

  it("refuses a malformed form field by field, without asking Auth.js", async () => {
    expect(await outcome(signInAction({ email: "not an email", password: "" }))).toMatchObject({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { email: [expect.any(String)], password: ["Enter your password"] },
    });
    expect(await t.db.auditEvent.count()).toBe(0);
  });

  it("the right password without 2FA: a session row keyed by the hash of the cookie's id, audited", async () => {
    const { user, organization } = await member();
    expect(
      await outcome(
        signInAction({ email: "MIA@example.com", password: TEST_PASSWORD, callbackUrl: "/users" }),
      ),
    ).toEqual({ redirect: "http://localhost:3000/users" });

    const rows = await t.db.session.findMany({
      where: { userId: user.id },
      select: { tokenHash: true, ip: true, userAgent: true },
    });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      ip: CLIENT_IP,
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
    });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // The cookie is Auth.js's encrypted token: it names the session by its raw id, which is not
    // stored anywhere; the row holds only that id's SHA-256.
    const cookie = testSession.cookies.get(SESSION_COOKIE);
    expect(cookie).toBeDefined();
    expect(cookie).not.toContain(row.tokenHash);
    expect(await cookieSession()).toEqual({ userId: user.id, sessionKey: row.tokenHash });

    expect(await events("account.signed_in")).toEqual([
      {
        organizationId: organization.id,
        actorId: user.id,
        targetId: user.id,
        metadata: { method: "password" },
        ip: CLIENT_IP,
        userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/131.0",
      },
    ]);
    expect(await events("account.sign_in_failed")).toEqual([]);
    const after = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.lastSignInAt).toBeInstanceOf(Date);
  });

  it("never sends anyone off-site after signing in", async () => {
    await member();
    expect(
      await outcome(
        signInAction({
          email: "mia@example.com",
          password: TEST_PASSWORD,
          callbackUrl: "/\t/evil.example",
        }),
      ),
    ).toEqual({ redirect: "http://localhost:3000/" });
    expect(await t.db.session.count()).toBe(1);
  });
});

describe("signInSecondStepAction (two-factor)", () => {
  it("the right password asks for the second step: a challenge, no session yet", async () => {
    const { user } = await memberWithTwoFactor();
    const challenge = await passwordStep(user.email);

    expect(await t.db.session.count()).toBe(0);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    // The cookie carries the raw challenge, the database its hash, for 5 minutes.
    const row = await t.db.signInChallenge.findUniqueOrThrow({
      where: { tokenHash: hashToken(challenge) },
    });
    expect(row.userId).toBe(user.id);
    const ttl = row.expiresAt.getTime() - row.createdAt.getTime();
    expect(ttl).toBeGreaterThan(SECOND_STEP_MINUTES * 60_000 - 5_000);
    expect(ttl).toBeLessThanOrEqual(SECOND_STEP_MINUTES * 60_000 + 1_000);
    expect(await events("account.signed_in")).toEqual([]);
  });

  it("a correct authenticator code then signs in: a session, the challenge gone, audited", async () => {
    const { user, organization, secret } = await memberWithTwoFactor();
    await passwordStep(user.email, "/workspaces");

    expect(
      await outcome(
        signInSecondStepAction({ code: await generate({ secret }), callbackUrl: "/workspaces" }),
      ),
    ).toEqual({ redirect: "http://localhost:3000/workspaces" });

    const rows = await t.db.session.findMany({
      where: { userId: user.id },
      select: { tokenHash: true, ip: true, userAgent: true },
    });
    expect(rows).toHaveLength(1);
    expect(await cookieSession()).toEqual({ userId: user.id, sessionKey: rows[0]!.tokenHash });
    expect(await t.db.signInChallenge.count()).toBe(0);
    expect(testSession.cookies.has(SECOND_STEP_COOKIE)).toBe(false);
    expect(await events("account.signed_in")).toEqual([
      expect.objectContaining({
        organizationId: organization.id,
        actorId: user.id,
        metadata: { method: "password and authenticator code" },
        ip: CLIENT_IP,
      }),
    ]);
  });

  it("a wrong code is refused: no session, the step stays open, the failure audited", async () => {
    const { user, secret } = await memberWithTwoFactor();
    const challenge = await passwordStep(user.email);

    expect(await outcome(signInSecondStepAction({ code: await wrongCode(secret) }))).toEqual(
      WRONG_CODE,
    );
    expect(await outcome(signInSecondStepAction({ code: "aaaaa-bbbbb" }))).toEqual(WRONG_CODE);

    expect(await t.db.session.count()).toBe(0);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(testSession.cookies.get(SECOND_STEP_COOKIE)).toBe(challenge);
    expect(await t.db.signInChallenge.count()).toBe(1);
    expect(await events("account.sign_in_failed")).toEqual([
      expect.objectContaining({ actorId: null, metadata: { reason: "wrong two-factor code" } }),
      expect.objectContaining({ actorId: null, metadata: { reason: "wrong two-factor code" } }),
    ]);
    // The right code still works on the same step.
    expect(await outcome(signInSecondStepAction({ code: await generate({ secret }) }))).toEqual({
      redirect: "http://localhost:3000/",
    });
    expect(await t.db.session.count()).toBe(1);
  });

  it("a recovery code signs in once; the second time it is refused", async () => {
    const { user, recoveryCodes } = await memberWithTwoFactor();
    const code = recoveryCodes[4]!;

    await passwordStep(user.email);
    expect(await outcome(signInSecondStepAction({ code }))).toEqual({
      redirect: "http://localhost:3000/",
    });
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    const { recoveryCodeHashes } = await t.db.user.findUniqueOrThrow({
      where: { id: user.id },
      select: { recoveryCodeHashes: true },
    });
    expect(recoveryCodeHashes).toHaveLength(9);
    expect(recoveryCodeHashes).not.toContain(hashRecoveryCode(code));
    expect(await events("account.recovery_code_used")).toEqual([
      expect.objectContaining({ actorId: user.id, metadata: { recoveryCodesLeft: 9 } }),
    ]);
    expect(await events("account.signed_in")).toEqual([
      expect.objectContaining({ metadata: { method: "password and recovery code" } }),
    ]);

    // Another browser: the same recovery code again.
    testSession.cookies.clear();
    await passwordStep(user.email);
    expect(await outcome(signInSecondStepAction({ code }))).toEqual(WRONG_CODE);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await events("account.recovery_code_used")).toHaveLength(1);
  });

  it("5 minutes after the password, the step has expired: back to /sign-in, no session", async () => {
    const { user, secret } = await memberWithTwoFactor();
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date();
    vi.setSystemTime(start);
    await passwordStep(user.email, "/users");

    vi.setSystemTime(start.getTime() + SECOND_STEP_MINUTES * 60_000 + 1_000);
    expect(
      await outcome(
        signInSecondStepAction({ code: await generate({ secret }), callbackUrl: "/users" }),
      ),
    ).toEqual({ redirect: "/sign-in?expired=two-factor&callbackUrl=%2Fusers" });
    expect(await t.db.session.count()).toBe(0);
    expect(testSession.cookies.has(SECOND_STEP_COOKIE)).toBe(false);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await events("account.signed_in")).toEqual([]);
  });

  it("a challenge whose stored expiry has passed is refused the same way", async () => {
    const { user, secret } = await memberWithTwoFactor();
    await passwordStep(user.email);
    await t.db.signInChallenge.updateMany({ data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await outcome(signInSecondStepAction({ code: await generate({ secret }) }))).toEqual({
      redirect: "/sign-in?expired=two-factor&callbackUrl=%2F",
    });
    expect(await t.db.session.count()).toBe(0);
  });

  it("just inside the 5 minutes, the step still signs in", async () => {
    const { user, secret } = await memberWithTwoFactor();
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = new Date();
    vi.setSystemTime(start);
    await passwordStep(user.email);
    vi.setSystemTime(start.getTime() + SECOND_STEP_MINUTES * 60_000 - 5_000);
    expect(await outcome(signInSecondStepAction({ code: await generate({ secret }) }))).toEqual({
      redirect: "http://localhost:3000/",
    });
    expect(await t.db.session.count()).toBe(1);
  });

  it("without the challenge cookie, there is no second step to take: back to /sign-in", async () => {
    const { secret } = await memberWithTwoFactor();
    expect(await outcome(signInSecondStepAction({ code: await generate({ secret }) }))).toEqual({
      redirect: "/sign-in?expired=two-factor&callbackUrl=%2F",
    });
    expect(await t.db.session.count()).toBe(0);
  });
});

describe("signOutAction", () => {
  it("deletes this browser's session row (Auth.js's signOut event), and only that one", async () => {
    const { user } = await member();
    // Another browser of the same person, signed in first.
    await outcome(signInAction({ email: user.email, password: TEST_PASSWORD }));
    const other = testSession.cookies.get(SESSION_COOKIE);
    testSession.cookies.clear();
    await outcome(signInAction({ email: user.email, password: TEST_PASSWORD }));
    const mine = await cookieSession();
    expect(mine).not.toBeNull();
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(2);

    expect(await outcome(signOutAction())).toEqual({ redirect: "http://localhost:3000/sign-in" });

    expect(await t.db.session.count({ where: { tokenHash: mine!.sessionKey } })).toBe(0);
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(testSession.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await cookieSession()).toBeNull();

    // The other browser is still signed in.
    testSession.cookies.clear();
    testSession.cookies.set(SESSION_COOKIE, other!);
    const theirs = await cookieSession();
    expect(theirs?.userId).toBe(user.id);
    expect(await t.db.session.count({ where: { tokenHash: theirs!.sessionKey } })).toBe(1);
  });

  it("a copied cookie is of no use after signing out: its session row is gone", async () => {
    const { user } = await member();
    await outcome(signInAction({ email: user.email, password: TEST_PASSWORD }));
    const copied = testSession.cookies.get(SESSION_COOKIE)!;
    // What the cookie claims is what every page and action checks (lib/auth/caller.ts).
    testSession.current = await cookieSession();
    expect((await getCaller())?.user.id).toBe(user.id);

    await outcome(signOutAction());
    expect(await t.db.session.count()).toBe(0);

    // The copy still decodes (a cookie can't be recalled), but names a session that has ended.
    testSession.cookies.set(SESSION_COOKIE, copied);
    testSession.current = await cookieSession();
    expect(testSession.current?.userId).toBe(user.id);
    expect(await getCaller()).toBeNull();
  });
});
