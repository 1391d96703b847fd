import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import { actAs, signedOut } from "@/lib/testing/actors";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { createUser, snapshotDatabase, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { hashToken, newToken } from "@/lib/tokens";
import {
  cancelEmailChangeAction,
  confirmEmailChangeAction,
  requestEmailChangeAction,
} from "./email-change-actions";
import { EMAIL_CHANGE_TTL_MS, readEmailChangeLink } from "./email-change";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => {
  mailbox.restore();
});

const NEW_EMAIL = "renee.nouveau@elsewhere.example";
const WRONG = "That isn't your current password.";
const TOO_MANY = "Too many wrong passwords. Try again in 15 minutes.";
const TAKEN = "That email address is already used by another account";
const UNCHANGED = "That is already the email address of this account";
const LINK_INVALID =
  "This confirmation link is no longer valid. Ask for the change again from your account settings.";
const TAKEN_NOW =
  "That email address now belongs to another account, so this account keeps its current address.";
const NOTHING_PENDING =
  "There is no email change waiting to be confirmed — it was confirmed, cancelled or has expired.";

type Who = keyof AcmeWorld["users"];

const request = (newEmail = NEW_EMAIL, currentPassword = TEST_PASSWORD) =>
  requestEmailChangeAction({ newEmail, currentPassword });

/** The raw token of a confirmation link (`…/confirm-email/<token>`). */
function tokenOf(link: string): string {
  const token = /^\/confirm-email\/([A-Za-z0-9_-]+)$/.exec(new URL(link).pathname)?.[1];
  if (!token) throw new Error(`Not a confirmation link: ${link}`);
  return token;
}

const emailOf = async (userId: string) =>
  (await t.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;

/** The person asks for NEW_EMAIL; returns the token from the email sent there. */
async function requested(w: AcmeWorld, who: Who, newEmail = NEW_EMAIL) {
  await signInAs(t.db, w, who);
  const stored = newEmail.trim().toLowerCase();
  expect(await request(newEmail)).toEqual({ ok: true, newEmail: stored, emailFailed: false });
  return tokenOf(mailbox.lastLink(stored));
}

/** An unused reset link for the account, as forgot-password would have left it. */
async function outstandingResetLink(userId: string) {
  const { hash } = newToken();
  await t.db.passwordResetToken.create({
    data: { userId, tokenHash: hash, expiresAt: new Date(Date.now() + 60 * 60 * 1000) },
  });
  return hash;
}

const otherSession = (userId: string) =>
  createSession(t.db, userId, { ip: "198.51.100.9", userAgent: "another browser" });

const sessionIdsOf = async (userId: string) =>
  (await t.db.session.findMany({ where: { userId }, select: { id: true } })).map((s) => s.id);

describe("request an email change (account settings)", () => {
  it.each(["owner", "admin", "manager", "member", "otherOwner"] as const)(
    "%s asks: a link to the new address, a notice to the old one, and nothing changes yet",
    async (who) => {
      const w = await acmeWorld(t.db);
      const { id } = w.users[who];
      const oldEmail = await emailOf(id);
      const before = await t.db.user.findUniqueOrThrow({ where: { id } });

      const token = await requested(w, who, " Renee.Nouveau@Elsewhere.EXAMPLE ");

      // The account is exactly as it was.
      expect(await t.db.user.findUniqueOrThrow({ where: { id } })).toEqual(before);
      // One pending change, with only the token's hash stored, for 24 hours.
      const rows = await t.db.emailChangeToken.findMany({
        select: {
          userId: true,
          newEmail: true,
          requestedById: true,
          usedAt: true,
          expiresAt: true,
          tokenHash: true,
        },
      });
      expect(rows).toEqual([
        {
          userId: id,
          newEmail: NEW_EMAIL,
          requestedById: id,
          usedAt: null,
          expiresAt: expect.any(Date),
          tokenHash: hashToken(token),
        },
      ]);
      const ttl = rows[0]!.expiresAt.getTime() - Date.now();
      expect(ttl).toBeGreaterThan(EMAIL_CHANGE_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(EMAIL_CHANGE_TTL_MS);
      expect(EMAIL_CHANGE_TTL_MS).toBe(24 * 60 * 60 * 1000);
      expect(JSON.stringify(await snapshotDatabase(t.db))).not.toContain(token);

      // Two emails: the link to the new address, a notice without it to the old one.
      expect(mailbox.messages.map((m) => m.to).sort()).toEqual([oldEmail, NEW_EMAIL].sort());
      const confirmation = mailbox.last(NEW_EMAIL);
      expect(confirmation.subject).toBe("Confirm your new email address for Roster");
      expect(confirmation.text).toContain(`from ${oldEmail} to this one, ${NEW_EMAIL}`);
      const notice = mailbox.last(oldEmail);
      expect(notice.subject).toBe("A change of your Roster email address was requested");
      expect(notice.text).toContain("to r…@elsewhere.example");
      expect(notice.text).not.toContain(NEW_EMAIL);
      expect(notice.text).not.toContain(token);
      const outbox = await t.db.emailMessage.findMany({
        select: { recipient: true, template: true, status: true, organizationId: true },
        orderBy: { template: "asc" },
      });
      expect(outbox).toEqual([
        {
          recipient: NEW_EMAIL,
          template: "email-change-confirmation",
          status: "sent",
          organizationId: null,
        },
        {
          recipient: oldEmail,
          template: "email-change-notice",
          status: "sent",
          organizationId: null,
        },
      ]);

      // Recorded in each of the person's organizations, by them.
      const events = await t.db.auditEvent.findMany({
        where: { action: "account.email_change_requested" },
        select: { organizationId: true, actorId: true, targetId: true, metadata: true },
      });
      const orgs = (
        await t.db.membership.findMany({ where: { userId: id }, select: { organizationId: true } })
      ).map((m) => m.organizationId);
      expect(events.map((e) => e.organizationId).sort()).toEqual(orgs.sort());
      for (const event of events) {
        expect(event).toEqual({
          organizationId: expect.any(String),
          actorId: id,
          targetId: id,
          metadata: {
            before: { email: oldEmail },
            after: { email: NEW_EMAIL },
            requestedBy: { id, email: oldEmail },
            expiresAt: rows[0]!.expiresAt.toISOString(),
          },
        });
      }
    },
  );

  it("someone in two organizations: the request is recorded in both", async () => {
    const w = await acmeWorld(t.db);
    await requested(w, "admin2");
    const events = await t.db.auditEvent.findMany({
      where: { action: "account.email_change_requested" },
      select: { organizationId: true },
    });
    expect(events.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
  });

  it("asking again replaces the earlier request: only the newest link works", async () => {
    const w = await acmeWorld(t.db);
    const first = await requested(w, "member", "first@elsewhere.example");
    const second = await requested(w, "member", "second@elsewhere.example");
    expect(
      await t.db.emailChangeToken.findMany({ select: { newEmail: true, tokenHash: true } }),
    ).toEqual([{ newEmail: "second@elsewhere.example", tokenHash: hashToken(second) }]);
    expect(await readEmailChangeLink(first)).toEqual({ ok: false, problem: "unknown" });
    await expectRefused(() => confirmEmailChangeAction({ token: first }), LINK_INVALID);
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing is sent", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => request(), error);
    expect(mailbox.messages).toEqual([]);
  });

  it("the current address, another account's address and bad input are refused on their field", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(() => request("MO.member@acme.test"), `${UNCHANGED}.`, {
      newEmail: [UNCHANGED],
    });
    for (const taken of ["ada.admin@acme.test", "Gus.Globex@acme.test"]) {
      await expectRefused(() => request(taken), `${TAKEN}.`, { newEmail: [TAKEN] });
    }
    await expectRefused(() => request("not-an-email"), "Please correct the highlighted fields.", {
      newEmail: ["Enter a valid email address"],
    });
    await expectRefused(() => request(NEW_EMAIL, ""), "Please correct the highlighted fields.", {
      currentPassword: ["Enter your current password"],
    });
    expect(mailbox.messages).toEqual([]);
  });

  it("a wrong current password is refused on its field and changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(() => request(NEW_EMAIL, "not my password"), WRONG, {
      currentPassword: [WRONG],
    });
    expect(mailbox.messages).toEqual([]);
  });

  it("wrong current passwords count towards the limit: ten lock it, even for the right one", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    for (let i = 0; i < 10; i++) {
      expect(await request(NEW_EMAIL, `wrong guess ${i}`)).toMatchObject({
        ok: false,
        error: WRONG,
      });
    }
    await expectRefused(() => request(), TOO_MANY);
    expect(mailbox.messages).toEqual([]);
    // The limit is per account.
    await signInAs(t.db, w, "admin");
    expect((await request("ada@elsewhere.example")).ok).toBe(true);
  });

  it("the right password clears the count of wrong ones", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    for (let i = 0; i < 9; i++) await request(NEW_EMAIL, `wrong guess ${i}`);
    expect((await request()).ok).toBe(true);
    for (let i = 0; i < 9; i++) await request(NEW_EMAIL, `wrong guess ${i}`);
    expect((await request()).ok).toBe(true);
  });

  it("a failed confirmation email is reported; the request stands and can be asked again", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    mailbox.failWith(new Error("provider down"));
    expect(await request()).toEqual({ ok: true, newEmail: NEW_EMAIL, emailFailed: true });
    expect(await t.db.emailChangeToken.count()).toBe(1);
  });
});

describe("confirm an email change (the link's page)", () => {
  it("the person confirms in a browser signed in to the account: the email changes, other sessions end, reset links die", async () => {
    const w = await acmeWorld(t.db);
    const id = w.users.member.id;
    const token = await requested(w, "member");
    const elsewhere = await otherSession(id);
    const resetLink = await outstandingResetLink(id);
    const adminSession = await otherSession(w.users.admin.id);
    const { version } = await t.db.user.findUniqueOrThrow({ where: { id } });

    // This browser, signed in as them.
    const current = await actAs(t.db, id);
    expect(await readEmailChangeLink(token)).toEqual({
      ok: true,
      currentEmail: "mo.member@acme.test",
      newEmail: NEW_EMAIL,
    });
    expect(await confirmEmailChangeAction({ token })).toEqual({
      ok: true,
      email: NEW_EMAIL,
      signedIn: true,
    });

    expect(await t.db.user.findUniqueOrThrow({ where: { id } })).toMatchObject({
      email: NEW_EMAIL,
      version: version + 1,
    });
    expect(await sessionIdsOf(id)).toEqual([current]);
    expect(await sessionIdsOf(w.users.admin.id)).toContain(adminSession.id);
    expect(await t.db.session.count({ where: { id: elsewhere.id } })).toBe(0);
    expect(await t.db.passwordResetToken.count({ where: { tokenHash: resetLink } })).toBe(0);
    // The link is used up: it works once.
    expect(await t.db.emailChangeToken.findMany({ select: { usedAt: true } })).toEqual([
      { usedAt: expect.any(Date) },
    ]);
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "used" });
    await expectRefused(() => confirmEmailChangeAction({ token }), LINK_INVALID);

    const events = await t.db.auditEvent.findMany({
      where: { action: "account.email_changed" },
      select: {
        organizationId: true,
        actorId: true,
        actorEmail: true,
        targetId: true,
        metadata: true,
      },
    });
    expect(events).toEqual([
      {
        organizationId: w.org,
        actorId: id,
        actorEmail: NEW_EMAIL,
        targetId: id,
        metadata: {
          before: { email: "mo.member@acme.test" },
          after: { email: NEW_EMAIL },
          requestedBy: { id, email: "mo.member@acme.test" },
          otherSessionsSignedOut: 2,
        },
      },
    ]);
  });

  it("confirmed signed out (e.g. on the phone that got the email): every session of the account ends", async () => {
    const w = await acmeWorld(t.db);
    const id = w.users.member.id;
    const token = await requested(w, "member");
    await otherSession(id);
    signedOut();
    expect(await confirmEmailChangeAction({ token })).toEqual({
      ok: true,
      email: NEW_EMAIL,
      signedIn: false,
    });
    expect(await emailOf(id)).toBe(NEW_EMAIL);
    expect(await sessionIdsOf(id)).toEqual([]);
  });

  it("confirmed in a browser signed in to another account: that session is not theirs to keep", async () => {
    const w = await acmeWorld(t.db);
    const id = w.users.member.id;
    const token = await requested(w, "member");
    const adminSession = await actAs(t.db, w.users.admin.id);
    expect(await confirmEmailChangeAction({ token })).toEqual({
      ok: true,
      email: NEW_EMAIL,
      signedIn: false,
    });
    expect(await sessionIdsOf(id)).toEqual([]);
    expect(await sessionIdsOf(w.users.admin.id)).toEqual([adminSession]);
  });

  it("someone in two organizations: the change is recorded in both", async () => {
    const w = await acmeWorld(t.db);
    const token = await requested(w, "admin2");
    signedOut();
    expect((await confirmEmailChangeAction({ token })).ok).toBe(true);
    const events = await t.db.auditEvent.findMany({
      where: { action: "account.email_changed" },
      select: { organizationId: true },
    });
    expect(events.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
  });

  it("an expired link changes nothing", async () => {
    const w = await acmeWorld(t.db);
    const token = await requested(w, "member");
    await t.db.emailChangeToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "expired" });
    await expectRefused(() => confirmEmailChangeAction({ token }), LINK_INVALID);
    expect(await emailOf(w.users.member.id)).toBe("mo.member@acme.test");
  });

  it("an unknown or malformed link changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await requested(w, "member");
    signedOut();
    for (const token of [newToken().raw, "not-a-token", "x".repeat(100)]) {
      expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "unknown" });
      await expectRefused(() => confirmEmailChangeAction({ token }), LINK_INVALID);
    }
  });

  it("the new address taken by another account meanwhile: a clear refusal, and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    const token = await requested(w, "member");
    await createUser(t.db, { email: NEW_EMAIL, firstName: "Quick", lastName: "Grab" });
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "taken" });
    await expectRefused(() => confirmEmailChangeAction({ token }), TAKEN_NOW);
    expect(await emailOf(w.users.member.id)).toBe("mo.member@acme.test");
    expect(await t.db.emailChangeToken.findMany({ select: { usedAt: true } })).toEqual([
      { usedAt: null },
    ]);
  });

  it("two confirmations at once: one changes the email, the other changes nothing", async () => {
    const w = await acmeWorld(t.db);
    const token = await requested(w, "member");
    signedOut();
    const results = await Promise.all([
      confirmEmailChangeAction({ token }),
      confirmEmailChangeAction({ token }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, error: LINK_INVALID });
    expect(await t.db.auditEvent.count({ where: { action: "account.email_changed" } })).toBe(1);
  });

  it("an account deleted meanwhile leaves no link to confirm", async () => {
    const w = await acmeWorld(t.db);
    const token = await requested(w, "member");
    await t.db.user.delete({ where: { id: w.users.member.id } });
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "unknown" });
  });
});

describe("cancel one's own pending change", () => {
  it.each(["owner", "admin", "manager", "member", "otherOwner"] as const)(
    "%s cancels: the link stops working, and the cancellation is recorded",
    async (who) => {
      const w = await acmeWorld(t.db);
      const token = await requested(w, who);
      expect(await cancelEmailChangeAction({})).toEqual({ ok: true });
      expect(await t.db.emailChangeToken.count()).toBe(0);
      expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "unknown" });
      const { id } = w.users[who];
      const events = await t.db.auditEvent.findMany({
        where: { action: "account.email_change_cancelled" },
        select: { actorId: true, targetId: true, metadata: true },
      });
      expect(events).toEqual([
        {
          actorId: id,
          targetId: id,
          metadata: { email: await emailOf(id), cancelledEmail: NEW_EMAIL },
        },
      ]);
    },
  );

  it("nothing pending (or only an expired link): refused, nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(() => cancelEmailChangeAction({}), NOTHING_PENDING);
    await requested(w, "member");
    await t.db.emailChangeToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await expectRefused(() => cancelEmailChangeAction({}), NOTHING_PENDING);
  });

  it("cancels another person's pending change? No: only one's own", async () => {
    const w = await acmeWorld(t.db);
    await requested(w, "member");
    await signInAs(t.db, w, "admin");
    await expectRefused(() => cancelEmailChangeAction({}), NOTHING_PENDING);
    expect(await t.db.emailChangeToken.count()).toBe(1);
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused", async (who, error) => {
    const w = await acmeWorld(t.db);
    if (who === "disabledAdmin") {
      await t.db.emailChangeToken.create({
        data: {
          userId: w.users.disabledAdmin.id,
          newEmail: NEW_EMAIL,
          tokenHash: newToken().hash,
          requestedById: w.users.disabledAdmin.id,
          expiresAt: new Date(Date.now() + EMAIL_CHANGE_TTL_MS),
        },
      });
    }
    await signInAs(t.db, w, who);
    await expectRefused(() => cancelEmailChangeAction({}), error);
  });
});
