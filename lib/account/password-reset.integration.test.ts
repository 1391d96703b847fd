import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getCaller } from "@/lib/auth/caller";
import { verifyPassword } from "@/lib/auth/password";
import { actAs, resetTestSession } from "@/lib/testing/actors";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  snapshotDatabase,
  TEST_PASSWORD,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { hashToken } from "@/lib/tokens";
import { forgotPasswordAction } from "@/lib/account/actions";
import { resetPasswordWithTokenAction } from "@/lib/account/actions";

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), {
      digest: `NEXT_REDIRECT;replace;${url};307;`,
    });
  },
}));

let t: TestDatabase;
let mailbox: Mailbox;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  resetTestSession();
  // The emails are recorded, not sent: the reset links come from them.
  mailbox = recordEmails();
});
afterEach(() => {
  mailbox.restore();
});

const NEW_PASSWORD = "a brand new passphrase 42";
const LINK_INVALID = "This reset link is no longer valid. Ask for a new one from the sign-in page.";
const REDIRECT = { digest: "NEXT_REDIRECT;replace;/sign-in?reset=done;307;" };

/** Mo, a member of Acme and of Globex. */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const globex = await createOrganization(t.db, "Globex");
  const user = await createUser(t.db, {
    firstName: "Mo",
    lastName: "Member",
    email: "mo.member@acme.test",
  });
  await addMember(t.db, acme.organization.id, { user });
  await addMember(t.db, globex.organization.id, { user });
  return { user, acme: acme.organization.id, globex: globex.organization.id };
}

/** The raw token of a reset link (`…/reset-password/<token>`). */
function resetToken(link: string): string {
  const token = /^\/reset-password\/([A-Za-z0-9_-]+)$/.exec(new URL(link).pathname)?.[1];
  if (!token) throw new Error(`Not a reset link: ${link}`);
  return token;
}

/** The raw tokens of every reset link emailed so far, oldest first. */
function emailedTokens(): string[] {
  return mailbox.messages.map((message) => resetToken(mailbox.linkIn(message)));
}

/** The email goes out after the answer: wait until `count` of them have been sent. */
async function waitForEmails(count: number) {
  await vi.waitFor(
    async () => {
      expect(await t.db.emailMessage.count({ where: { status: "sent" } })).toBe(count);
    },
    { timeout: 5_000, interval: 20 },
  );
  expect(mailbox.messages).toHaveLength(count);
  expect(new Set(emailedTokens()).size).toBe(count);
}

/** Asks for a reset link for this email and returns the token from the email it sent. */
async function requestLink(email: string, expectedEmails: number): Promise<string> {
  expect(await forgotPasswordAction({ email })).toEqual({ ok: true });
  await waitForEmails(expectedEmails);
  return resetToken(mailbox.lastLink(email));
}

async function passwordHashOf(userId: string) {
  const user = await t.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true },
  });
  return user.passwordHash!;
}

describe("forgotPasswordAction", () => {
  it("answers the same for an existing and an unknown email; only the existing one gets a link", async () => {
    const { user, acme, globex } = await world();
    const known = await forgotPasswordAction({ email: "  Mo.Member@ACME.test " });
    const unknown = await forgotPasswordAction({ email: "nobody@acme.test" });
    expect(known).toEqual({ ok: true });
    expect(unknown).toEqual(known);
    await waitForEmails(1);

    const tokens = await t.db.passwordResetToken.findMany({
      select: { userId: true, usedAt: true, expiresAt: true, tokenHash: true },
    });
    expect(tokens).toEqual([
      expect.objectContaining({ userId: user.id, usedAt: null, expiresAt: expect.any(Date) }),
    ]);
    const expiresIn = tokens[0]!.expiresAt.getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(55 * 60 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(60 * 60 * 1000);

    const outbox = await t.db.emailMessage.findMany();
    expect(outbox).toEqual([
      expect.objectContaining({
        recipient: "mo.member@acme.test",
        template: "password-reset",
        status: "sent",
        organizationId: null,
      }),
    ]);
    // The emailed link carries the token whose hash is stored, and nothing else does.
    expect(mailbox.messages.map((m) => m.to)).toEqual(["mo.member@acme.test"]);
    const [token] = emailedTokens();
    expect(hashToken(token!)).toBe(tokens[0]!.tokenHash);

    // Recorded in each organization the account belongs to; the unknown email leaves no trace.
    const events = await t.db.auditEvent.findMany({ orderBy: { organizationId: "asc" } });
    expect(events.map((e) => [e.organizationId, e.action, e.targetId]).sort()).toEqual(
      [
        [acme, "account.password_reset_requested", user.id],
        [globex, "account.password_reset_requested", user.id],
      ].sort(),
    );
  });

  it("does not sign anyone out or change the password by itself", async () => {
    const { user } = await world();
    const hash = await passwordHashOf(user.id);
    await actAs(t.db, user.id);
    await requestLink(user.email, 1);
    expect(await passwordHashOf(user.id)).toBe(hash);
    expect(await getCaller()).not.toBeNull();
  });

  it("refuses bad input", async () => {
    const result = await forgotPasswordAction({ email: "not an email" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { email: [expect.any(String)] } });
  });

  it("is rate-limited to 3 requests per email per hour, known or not", async () => {
    const { user } = await world();
    for (let i = 1; i <= 3; i += 1) await requestLink(user.email, i);
    const before = await snapshotDatabase(t.db);
    const blocked = await forgotPasswordAction({ email: "MO.MEMBER@acme.test" });
    expect(blocked).toMatchObject({ ok: false });
    if (blocked.ok) return;
    expect(blocked.error).toMatch(/^Too many requests\. Try again in (59|60) minutes\.$/);
    expect(await snapshotDatabase(t.db)).toEqual(before);

    // An unknown email is limited just the same, so the limit tells nothing either.
    for (let i = 1; i <= 3; i += 1) {
      expect(await forgotPasswordAction({ email: "ghost@acme.test" })).toEqual({ ok: true });
    }
    expect(await forgotPasswordAction({ email: "ghost@acme.test" })).toEqual(blocked);

    // Other addresses are not affected.
    expect(await forgotPasswordAction({ email: "someone.else@acme.test" })).toEqual({ ok: true });
    expect(await t.db.passwordResetToken.count()).toBe(1);
    // Only the three requests that were let through for Mo sent an email.
    expect(mailbox.messages.map((m) => m.to)).toEqual([user.email, user.email, user.email]);
  });
});

describe("resetPasswordWithTokenAction", () => {
  it("sets the new password from the emailed link, signs out everywhere and uses the link up", async () => {
    const { user, acme, globex } = await world();
    await actAs(t.db, user.id);
    expect(await getCaller()).not.toBeNull();
    const token = await requestLink(user.email, 1);

    await expect(
      resetPasswordWithTokenAction({
        token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject(REDIRECT);

    const hash = await passwordHashOf(user.id);
    expect(await verifyPassword(NEW_PASSWORD, hash)).toBe(true);
    expect(await verifyPassword(TEST_PASSWORD, hash)).toBe(false);
    // Every session of the account ended: the one from before the reset no longer counts.
    expect(await t.db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getCaller()).toBeNull();

    const row = await t.db.passwordResetToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(token) },
    });
    expect(row.usedAt).toEqual(expect.any(Date));

    const events = await t.db.auditEvent.findMany({
      where: { action: "account.password_changed" },
    });
    expect(events.map((e) => e.organizationId).sort()).toEqual([acme, globex].sort());
    for (const e of events) {
      expect(e).toMatchObject({ actorId: user.id, targetId: user.id });
      expect(JSON.stringify(e.metadata)).not.toContain(NEW_PASSWORD);
    }
  });

  it("refuses the same link a second time, changing nothing", async () => {
    const { user } = await world();
    const token = await requestLink(user.email, 1);
    await expect(
      resetPasswordWithTokenAction({
        token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject(REDIRECT);

    const before = await snapshotDatabase(t.db);
    const again = "another fresh passphrase 7";
    expect(
      await resetPasswordWithTokenAction({ token, password: again, confirmPassword: again }),
    ).toEqual({ ok: false, error: LINK_INVALID });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(await verifyPassword(NEW_PASSWORD, await passwordHashOf(user.id))).toBe(true);
  });

  it("refuses an expired link", async () => {
    const { user } = await world();
    const token = await requestLink(user.email, 1);
    await t.db.passwordResetToken.updateMany({
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await snapshotDatabase(t.db);
    expect(
      await resetPasswordWithTokenAction({
        token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toEqual({ ok: false, error: LINK_INVALID });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(await verifyPassword(TEST_PASSWORD, await passwordHashOf(user.id))).toBe(true);
  });

  it("refuses the link of an email that a newer request superseded; the newest one works", async () => {
    const { user } = await world();
    const first = await requestLink(user.email, 1);
    const second = await requestLink(user.email, 2);
    expect(second).not.toBe(first);
    const before = await snapshotDatabase(t.db);
    expect(
      await resetPasswordWithTokenAction({
        token: first,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).toEqual({ ok: false, error: LINK_INVALID });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    await expect(
      resetPasswordWithTokenAction({
        token: second,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject(REDIRECT);
    expect(await verifyPassword(NEW_PASSWORD, await passwordHashOf(user.id))).toBe(true);
  });

  it("refuses made-up and malformed tokens", async () => {
    await world();
    for (const token of ["x".repeat(43), "short", "../../etc/passwd"]) {
      const before = await snapshotDatabase(t.db);
      expect(
        await resetPasswordWithTokenAction({
          token,
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }),
      ).toEqual({ ok: false, error: LINK_INVALID });
      expect(await snapshotDatabase(t.db)).toEqual(before);
    }
  });

  it("refuses a mismatched confirmation or a weak password field by field, keeping the link", async () => {
    const { user } = await world();
    const token = await requestLink(user.email, 1);
    const before = await snapshotDatabase(t.db);

    const mismatch = await resetPasswordWithTokenAction({
      token,
      password: NEW_PASSWORD,
      confirmPassword: `${NEW_PASSWORD}!`,
    });
    expect(mismatch).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { confirmPassword: ["The two passwords don't match"] },
    });

    const guessable = "This password is too easy to guess.";
    for (const [weak, message] of [
      ["short", "Use at least 12 characters"],
      [
        "password123456",
        `${guessable} This is similar to a commonly used password. Add more words that are less common.`,
      ],
      [
        "aaaaaaaaaaaaaaaa",
        `${guessable} Repeated characters like "aaa" are easy to guess. Add more words that are less common. Avoid repeated words and characters.`,
      ],
      // Mo Member, of Acme and Globex: their own name, email or organizations count as known words.
      [
        "MoMember123456",
        `${guessable} It leans on your name, email or organization's name. Add a few words that have nothing to do with you.`,
      ],
      [
        "globex2024globex",
        `${guessable} It leans on your name, email or organization's name. Add a few words that have nothing to do with you.`,
      ],
    ] as const) {
      const result = await resetPasswordWithTokenAction({
        token,
        password: weak,
        confirmPassword: weak,
      });
      expect(result).toMatchObject({ ok: false, fieldErrors: { password: [message] } });
      if (!result.ok) expect(result.fieldErrors?.confirmPassword).toBeUndefined();
    }
    expect(await snapshotDatabase(t.db)).toEqual(before);

    // The link still works once the form is right.
    await expect(
      resetPasswordWithTokenAction({
        token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject(REDIRECT);
    expect(await verifyPassword(NEW_PASSWORD, await passwordHashOf(user.id))).toBe(true);
  });

  it("never stores the raw token: it is in no table, before or after use", async () => {
    const { user } = await world();
    const first = await requestLink(user.email, 1);
    const token = await requestLink(user.email, 2);
    const hasRaw = async () => {
      const dump = JSON.stringify(await snapshotDatabase(t.db));
      const buckets = JSON.stringify(await t.db.rateLimitBucket.findMany());
      return [first, token].some((raw) => dump.includes(raw) || buckets.includes(raw));
    };
    expect(await hasRaw()).toBe(false);
    // Only its SHA-256 is: that is how the emailed link is found again.
    expect(await t.db.passwordResetToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);

    await expect(
      resetPasswordWithTokenAction({
        token,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    ).rejects.toMatchObject(REDIRECT);
    expect(await hasRaw()).toBe(false);
    const dump = JSON.stringify(await snapshotDatabase(t.db));
    expect(dump).not.toContain(NEW_PASSWORD);
  });
});
