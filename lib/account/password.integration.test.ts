import { describe, expect, it } from "vitest";
import { getCaller } from "@/lib/auth/caller";
import { verifyPassword } from "@/lib/auth/password";
import { createSession } from "@/lib/auth/sessions";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { snapshotDatabase, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { authCalls } from "@/lib/testing/session";
import { newToken } from "@/lib/tokens";
import { changePasswordAction } from "./profile-actions";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

const NEW_PASSWORD = "velvet otter climbs the ladder";
const WRONG = "That isn't your current password.";
const FIX = "Please correct the highlighted fields.";
const GUESSABLE = "This password is too easy to guess.";
const PERSONAL = `${GUESSABLE} It leans on your name, email or organization's name. Add a few words that have nothing to do with you.`;
const TOO_MANY = "Too many wrong passwords. Try again in 15 minutes.";

const change = (newPassword = NEW_PASSWORD, currentPassword = TEST_PASSWORD) =>
  changePasswordAction({ currentPassword, newPassword, confirmPassword: newPassword });

async function account(userId: string) {
  return t.db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { passwordHash: true, sessions: { select: { id: true } } },
  });
}

/** An unused reset link for the account, as forgot-password would have left it. */
async function outstandingResetLink(userId: string) {
  const { hash } = newToken();
  await t.db.passwordResetToken.create({
    data: { userId, tokenHash: hash, expiresAt: new Date(Date.now() + 60 * 60 * 1000) },
  });
  return hash;
}

describe("change password", () => {
  it.each(["owner", "admin", "manager", "member"] as const)(
    "%s changes their own: the old password stops working, other sessions end, this one goes on",
    async (who) => {
      const w = await acmeWorld(t.db);
      const { id } = w.users[who];
      // Signed in on two other browsers before this one.
      await createSession(t.db, id, { ip: null, userAgent: "phone" });
      await createSession(t.db, id, { ip: null, userAgent: "laptop" });
      const thisSession = await signInAs(t.db, w, who);
      const link = await outstandingResetLink(id);

      expect(await change()).toEqual({ ok: true, otherSessionsEnded: 2 });

      const after = await account(id);
      expect(await verifyPassword(NEW_PASSWORD, after.passwordHash!)).toBe(true);
      expect(await verifyPassword(TEST_PASSWORD, after.passwordHash!)).toBe(false);
      // Every other session ended; this browser goes on, signed in.
      expect(after.sessions).toEqual([{ id: thisSession }]);
      expect((await getCaller())?.user.id).toBe(id);
      expect(authCalls.signIn).toEqual([]);
      // Outstanding reset links stop working.
      expect(await t.db.passwordResetToken.count({ where: { tokenHash: link } })).toBe(0);

      const events = await t.db.auditEvent.findMany({
        where: { action: "account.password_changed" },
        select: { organizationId: true, actorId: true, targetId: true, metadata: true },
      });
      expect(events).toEqual([
        {
          organizationId: w.org,
          actorId: id,
          targetId: id,
          metadata: { via: "account settings", otherSessionsEnded: 2 },
        },
      ]);
    },
  );

  it("someone in two organizations: the change is recorded in both", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "admin2");
    expect(await change()).toMatchObject({ ok: true });
    const events = await t.db.auditEvent.findMany({
      where: { action: "account.password_changed" },
      select: { organizationId: true },
    });
    expect(events.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
    expect(JSON.stringify(await snapshotDatabase(t.db))).not.toContain(NEW_PASSWORD);
  });

  it("leaves used reset links and other people's links alone", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    const theirs = await outstandingResetLink(w.users.admin.id);
    const used = await outstandingResetLink(w.users.member.id);
    await t.db.passwordResetToken.update({
      where: { tokenHash: used },
      data: { usedAt: new Date() },
    });
    expect(await change()).toMatchObject({ ok: true });
    expect(
      (await t.db.passwordResetToken.findMany({ select: { tokenHash: true } })).map(
        (r) => r.tokenHash,
      ),
    ).toEqual(expect.arrayContaining([theirs, used]));
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => change(), error);
    expect(authCalls.signIn).toEqual([]);
  });

  it("a wrong current password is refused and changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await outstandingResetLink(w.users.member.id);
    await expectRefused(() => change(NEW_PASSWORD, "not my password"), WRONG, {
      currentPassword: [WRONG],
    });
    expect(authCalls.signIn).toEqual([]);
    expect(await getCaller()).not.toBeNull();
    expect(
      await verifyPassword(TEST_PASSWORD, (await account(w.users.member.id)).passwordHash!),
    ).toBe(true);
  });

  it.each([
    [
      "a common password",
      "password123456",
      `${GUESSABLE} This is similar to a commonly used password. Add more words that are less common.`,
    ],
    [
      "a repetitive one",
      "abcabcabcabcabc",
      `${GUESSABLE} Repeated character patterns like "abcabcabc" are easy to guess. Add more words that are less common. Avoid repeated words and characters.`,
    ],
    ["one's own name and digits", "MoMember123456", PERSONAL],
    ["one's own email", "mo.member@acme.test", expect.stringMatching(/^This password is too easy/)],
    ["the organization's name", "Acme2024Acme2024", PERSONAL],
  ])("%s as the new password is refused on its field", async (_name, weak, message) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    const before = await snapshotDatabase(t.db);
    expect(await change(weak)).toEqual({
      ok: false,
      error: FIX,
      fieldErrors: { newPassword: [message] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    expect(authCalls.signIn).toEqual([]);
  });

  it("another person's name is not held against this one", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    expect(await change("MoMember123456")).toMatchObject({ ok: true });
  });

  it("a wrong current password and a weak new one: both fields say so", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(() => change("password123456", "not my password"), WRONG, {
      currentPassword: [WRONG],
      newPassword: [
        `${GUESSABLE} This is similar to a commonly used password. Add more words that are less common.`,
      ],
    });
  });

  it("a mismatched confirmation, a short password or the current one again are refused by field", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(
      () =>
        changePasswordAction({
          currentPassword: TEST_PASSWORD,
          newPassword: NEW_PASSWORD,
          confirmPassword: `${NEW_PASSWORD}!`,
        }),
      FIX,
      { confirmPassword: ["The two passwords don't match"] },
    );
    await expectRefused(() => change("too short"), FIX, {
      newPassword: ["Use at least 12 characters"],
    });
    await expectRefused(() => change(TEST_PASSWORD), FIX, {
      newPassword: ["Choose a password other than your current one"],
    });
    await expectRefused(() => change(NEW_PASSWORD, ""), FIX, {
      currentPassword: ["Enter your current password"],
    });
  });

  it("ten wrong current passwords lock it for a while, even for the right one; others are not affected", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    for (let i = 0; i < 10; i++) {
      expect(await change(NEW_PASSWORD, `wrong guess ${i}`)).toMatchObject({
        ok: false,
        error: WRONG,
      });
    }
    await expectRefused(() => change(), TOO_MANY);
    expect(
      await verifyPassword(TEST_PASSWORD, (await account(w.users.member.id)).passwordHash!),
    ).toBe(true);
    // The limit is per account.
    await signInAs(t.db, w, "admin");
    expect(await change()).toMatchObject({ ok: true });
  });

  it("the right password clears the count of wrong ones", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    for (let i = 0; i < 9; i++) await change(NEW_PASSWORD, `wrong guess ${i}`);
    // Right, but the new password is refused: the wrong guesses are forgotten all the same.
    expect(await change("password123456")).toMatchObject({ ok: false, error: FIX });
    for (let i = 0; i < 9; i++) await change(NEW_PASSWORD, `wrong guess ${i}`);
    expect(await change()).toMatchObject({ ok: true });
  });

  it("two changes at once from the same session: one wins, the other changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    const before = await account(w.users.member.id);
    const other = "tangerine kayak thunder 81";
    const results = await Promise.all([change(), change(other)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const [first] = results;
    const winner = first.ok ? NEW_PASSWORD : other;
    const after = await account(w.users.member.id);
    expect(await verifyPassword(winner, after.passwordHash!)).toBe(true);
    expect(after.passwordHash).not.toBe(before.passwordHash);
    expect(await t.db.auditEvent.count({ where: { action: "account.password_changed" } })).toBe(1);
  });
});
