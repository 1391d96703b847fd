import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  cancelEmailChangeAction as cancelOwnEmailChangeAction,
  confirmEmailChangeAction,
} from "@/lib/account/email-change-actions";
import { readEmailChangeLink } from "@/lib/account";
import { createSession } from "@/lib/auth/sessions";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { actAs, signedOut } from "@/lib/testing/actors";
import {
  acmeWorld,
  EMAIL_TAKEN,
  expectRefused as refused,
  FORBIDDEN,
  INACTIVE,
  NOT_FOUND,
  OWNER,
  rowsOf,
  SESSION,
  signInAs as signIn,
  type AcmeWorld as World,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, snapshotDatabase } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { newToken } from "@/lib/tokens";
import { cancelMemberEmailChangeAction, editUserAction, resetPasswordAction } from "./actions";
import { editUserPageFor } from "./edit-user-page";

// An admin changing someone's email from Edit user: a pending change the new address confirms
// (the security finding: a direct change, then "Reset password", took the account over).

const t = setUpTestDatabase();
const world = () => acmeWorld(t.db);
const signInAs = (w: World, actor: Parameters<typeof signIn>[2]) => signIn(t.db, w, actor);
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => mailbox.restore());

const MO = "mo.member@acme.test";
const NEW_EMAIL = "mo.new@acme.test";
const SHARED =
  "Alan Second also belongs to another organization, so only they can change their name and email (in their account settings).";
const SHARED_CANCEL =
  "Alan Second also belongs to another organization, so only they can change their email (in their account settings).";
const OWN_EMAIL =
  "Change your own email address in your account settings (it asks for your password).";
const NOTHING_PENDING =
  "There is no email change waiting to be confirmed — it was confirmed, cancelled or has expired.";

/** What the Edit user form is loaded with: the person as stored, with both versions. */
async function formFor(userId: string, organizationId: string) {
  const m = await t.db.membership.findUniqueOrThrow({
    where: { userId_organizationId: { userId, organizationId } },
    include: { user: true },
  });
  return {
    userId,
    userVersion: m.user.version,
    membershipVersion: m.version,
    firstName: m.user.firstName,
    lastName: m.user.lastName,
    email: m.user.email,
  };
}

function tokenOf(link: string): string {
  const token = /^\/confirm-email\/([A-Za-z0-9_-]+)$/.exec(new URL(link).pathname)?.[1];
  if (!token) throw new Error(`Not a confirmation link: ${link}`);
  return token;
}

const emailOf = async (userId: string) =>
  (await t.db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })).email;

/** As `who`, asks from Edit user for Mo's email to become `newEmail`; returns the emailed token. */
async function adminAsks(w: World, who: "owner" | "admin" = "admin", newEmail = NEW_EMAIL) {
  const form = await formFor(w.users.member.id, w.org);
  await signInAs(w, who);
  expect(await editUserAction({ ...form, email: newEmail })).toEqual({
    ok: true,
    emailChangePending: newEmail,
    emailFailed: false,
  });
  return tokenOf(mailbox.lastLink(newEmail));
}

describe("Edit user: a new email is a pending change, per actor", () => {
  type ActorKey = "owner" | "admin" | "manager" | "member" | "disabledAdmin" | "otherOwner";
  const cases: [ActorKey | "signedOut", string][] = [
    ["owner", "ok"],
    ["admin", "ok"],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["otherOwner", NOT_FOUND],
    ["signedOut", SESSION],
  ];

  it.each(cases)("%s changing Mo's email → %s", async (actor, want) => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, actor);
    const input = { ...form, email: NEW_EMAIL };
    if (want !== "ok") {
      await expectRefused(() => editUserAction(input), want);
      expect(mailbox.messages).toEqual([]);
      return;
    }
    const before = await snapshotDatabase(t.db);
    expect(await editUserAction(input)).toEqual({
      ok: true,
      emailChangePending: NEW_EMAIL,
      emailFailed: false,
    });
    const after = await snapshotDatabase(t.db);
    // Nothing about the account changed: not its email, not its version.
    expect(after.User).toEqual(before.User);
    expect(await emailOf(w.users.member.id)).toBe(MO);
    const requester = w.users[actor as "owner" | "admin"];
    expect(rowsOf(after, "EmailChangeToken")).toEqual([
      expect.objectContaining({
        userId: w.users.member.id,
        newEmail: NEW_EMAIL,
        requestedById: requester.id,
        usedAt: null,
      }),
    ]);
    // The link to the new address, a notice to the old one; both sent for Acme.
    expect(mailbox.messages.map((m) => m.to).sort()).toEqual([MO, NEW_EMAIL].sort());
    expect(mailbox.last(NEW_EMAIL).text).toContain("An admin of Acme asked to change");
    expect(mailbox.last(MO).text).toContain("An admin of Acme asked to change");
    expect(mailbox.last(MO).text).toContain("m…@acme.test");
    expect(mailbox.last(MO).text).not.toContain(NEW_EMAIL);
    expect(
      await t.db.emailMessage.findMany({
        select: { recipient: true, template: true, organizationId: true },
        orderBy: { template: "asc" },
      }),
    ).toEqual([
      { recipient: NEW_EMAIL, template: "email-change-confirmation", organizationId: w.org },
      { recipient: MO, template: "email-change-notice", organizationId: w.org },
    ]);
    const events = await t.db.auditEvent.findMany({
      select: { organizationId: true, action: true, actorId: true, targetId: true, metadata: true },
    });
    expect(events).toEqual([
      {
        organizationId: w.org,
        action: "account.email_change_requested",
        actorId: requester.id,
        targetId: w.users.member.id,
        metadata: {
          before: { email: MO },
          after: { email: NEW_EMAIL },
          requestedBy: { id: requester.id, email: await emailOf(requester.id) },
          expiresAt: expect.any(String),
        },
      },
    ]);
  });

  it("the owner's email is not an admin's to change; the owner uses account settings", async () => {
    const w = await world();
    const form = await formFor(w.users.owner.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(() => editUserAction({ ...form, email: NEW_EMAIL }), OWNER);
  });

  it("an admin's own email only changes from account settings, with their password", async () => {
    const w = await world();
    const form = await formFor(w.users.admin.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(() => editUserAction({ ...form, email: "ada@acme.test" }), OWN_EMAIL, {
      email: [OWN_EMAIL],
    });
  });

  it("an account that also belongs to another organization: refused, from either organization", async () => {
    const w = await world();
    await signInAs(w, "admin");
    const acmeForm = await formFor(w.users.admin2.id, w.org);
    await expectRefused(() => editUserAction({ ...acmeForm, email: NEW_EMAIL }), SHARED, {
      email: [SHARED],
    });
    await signInAs(w, "otherOwner");
    const globexForm = await formFor(w.users.admin2.id, w.globexOrg);
    await expectRefused(() => editUserAction({ ...globexForm, email: NEW_EMAIL }), SHARED, {
      email: [SHARED],
    });
    expect(mailbox.messages).toEqual([]);
  });

  it("another account's address is refused on the field", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(
      () => editUserAction({ ...form, email: "Gus.Globex@acme.test" }),
      EMAIL_TAKEN,
      { email: ["That email address is already used by another account"] },
    );
  });

  it("the organization's allowed email domains apply, as for invitations", async () => {
    const w = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { allowedEmailDomains: ["@Acme.test", "acme.example"] },
    });
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    const message =
      "mo@gmail.example isn't allowed: this organization only allows @Acme.test, acme.example addresses.";
    await expectRefused(() => editUserAction({ ...form, email: "mo@gmail.example" }), message, {
      email: [message],
    });
    expect((await editUserAction({ ...form, email: "mo@acme.example" })).ok).toBe(true);
  });

  it("a name change saves at once while the email waits", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    expect(await editUserAction({ ...form, firstName: "Maurice", email: NEW_EMAIL })).toMatchObject(
      { ok: true, emailChangePending: NEW_EMAIL },
    );
    expect(
      await t.db.user.findUniqueOrThrow({
        where: { id: w.users.member.id },
        select: { firstName: true, email: true, version: true },
      }),
    ).toEqual({ firstName: "Maurice", email: MO, version: form.userVersion + 1 });
  });

  it("asking again replaces the earlier request", async () => {
    const w = await world();
    const first = await adminAsks(w, "admin", "first@acme.test");
    await adminAsks(w, "owner", "second@acme.test");
    expect(
      await t.db.emailChangeToken.findMany({ select: { newEmail: true, requestedById: true } }),
    ).toEqual([{ newEmail: "second@acme.test", requestedById: w.users.owner.id }]);
    expect(await readEmailChangeLink(first)).toEqual({ ok: false, problem: "unknown" });
  });
});

describe("the person confirms an admin's change", () => {
  it("before confirmation, a reset goes to the current address; after it, the new one is theirs", async () => {
    const w = await world();
    const id = w.users.member.id;
    const token = await adminAsks(w);

    // The attack the finding describes: change the email, then "Reset password". The reset link
    // still goes to Mo's own address.
    mailbox.clear();
    expect(await resetPasswordAction({ userId: id })).toEqual({ ok: true, email: MO });
    expect(mailbox.messages.map((m) => m.to)).toEqual([MO]);
    const resetLinks = await t.db.passwordResetToken.count({ where: { userId: id, usedAt: null } });
    expect(resetLinks).toBe(1);

    // Mo is signed in in two browsers; they confirm from the link in a third, signed out.
    await createSession(t.db, id, { ip: null, userAgent: "laptop" });
    await createSession(t.db, id, { ip: null, userAgent: "phone" });
    signedOut();
    expect(await readEmailChangeLink(token)).toEqual({
      ok: true,
      currentEmail: MO,
      newEmail: NEW_EMAIL,
    });
    expect(await confirmEmailChangeAction({ token })).toEqual({
      ok: true,
      email: NEW_EMAIL,
      signedIn: false,
    });
    expect(await emailOf(id)).toBe(NEW_EMAIL);
    // Outstanding reset links die, every session ends, the link is used up.
    expect(await t.db.passwordResetToken.count({ where: { userId: id, usedAt: null } })).toBe(0);
    expect(await t.db.session.count({ where: { userId: id } })).toBe(0);
    await expectRefused(
      () => confirmEmailChangeAction({ token }),
      "This confirmation link is no longer valid. Ask for the change again from your account settings.",
    );

    const [event] = await t.db.auditEvent.findMany({
      where: { action: "account.email_changed" },
      select: { organizationId: true, actorId: true, targetId: true, metadata: true },
    });
    expect(event).toEqual({
      organizationId: w.org,
      actorId: id,
      targetId: id,
      metadata: {
        before: { email: MO },
        after: { email: NEW_EMAIL },
        requestedBy: { id: w.users.admin.id, email: "ada.admin@acme.test" },
        otherSessionsSignedOut: 2,
      },
    });
  });

  it("confirmed while signed in as themselves: that browser stays signed in", async () => {
    const w = await world();
    const id = w.users.member.id;
    const token = await adminAsks(w);
    await createSession(t.db, id, { ip: null, userAgent: "phone" });
    const current = await actAs(t.db, id);
    expect(await confirmEmailChangeAction({ token })).toMatchObject({ ok: true, signedIn: true });
    expect(
      (await t.db.session.findMany({ where: { userId: id }, select: { id: true } })).map(
        (s) => s.id,
      ),
    ).toEqual([current]);
    expect((await getCaller())?.user.email).toBe(NEW_EMAIL);
  });

  it("an account that joined another organization since can't be redirected by the admin's link", async () => {
    const w = await world();
    const token = await adminAsks(w);
    await addMember(t.db, w.globexOrg, { user: w.users.member });
    signedOut();
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "shared" });
    await expectRefused(
      () => confirmEmailChangeAction({ token }),
      "An admin asked for this change, and the account now belongs to more than one organization: only its owner can change its email now, from their account settings.",
    );
    expect(await emailOf(w.users.member.id)).toBe(MO);
  });

  it("the person can cancel an admin's request from their account settings", async () => {
    const w = await world();
    const token = await adminAsks(w);
    await signInAs(w, "member");
    expect(await cancelOwnEmailChangeAction({})).toEqual({ ok: true });
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "unknown" });
    signedOut();
    await expectRefused(
      () => confirmEmailChangeAction({ token }),
      "This confirmation link is no longer valid. Ask for the change again from your account settings.",
    );
    expect(await emailOf(w.users.member.id)).toBe(MO);
  });
});

describe("Edit user shows the pending change", () => {
  it("to those who may change the email, with when it was sent", async () => {
    const w = await world();
    await adminAsks(w);
    await actAs(t.db, w.users.owner.id);
    const owner = await actorFor((await getCaller())!);
    const page = await editUserPageFor(owner, w.users.member.id);
    expect(page?.emailChange).toEqual({
      id: expect.any(String),
      newEmail: NEW_EMAIL,
      requestedAt: expect.any(Date),
      expiresAt: expect.any(Date),
      byAdmin: true,
    });
    // Mia manages Mo's workspace: she sees Mo, not their pending email.
    await actAs(t.db, w.users.manager.id);
    const manager = await actorFor((await getCaller())!);
    expect((await editUserPageFor(manager, w.users.member.id))?.emailChange).toBeNull();
  });

  it("not once it has expired", async () => {
    const w = await world();
    await adminAsks(w);
    await t.db.emailChangeToken.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    await actAs(t.db, w.users.admin.id);
    const admin = await actorFor((await getCaller())!);
    expect((await editUserPageFor(admin, w.users.member.id))?.emailChange).toBeNull();
  });
});

describe("cancelMemberEmailChangeAction", () => {
  type ActorKey = "owner" | "admin" | "manager" | "member" | "disabledAdmin" | "otherOwner";
  const cases: [ActorKey | "signedOut", string][] = [
    ["owner", "ok"],
    ["admin", "ok"],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["otherOwner", NOT_FOUND],
    ["signedOut", SESSION],
  ];

  it.each(cases)("%s cancelling Mo's pending change → %s", async (actor, want) => {
    const w = await world();
    const token = await adminAsks(w);
    await signInAs(w, actor);
    const cancel = () => cancelMemberEmailChangeAction({ userId: w.users.member.id });
    if (want !== "ok") {
      await expectRefused(cancel, want);
      return;
    }
    expect(await cancel()).toEqual({ ok: true });
    expect(await t.db.emailChangeToken.count()).toBe(0);
    expect(await readEmailChangeLink(token)).toEqual({ ok: false, problem: "unknown" });
    const events = await t.db.auditEvent.findMany({
      where: { action: "account.email_change_cancelled" },
      select: { organizationId: true, actorId: true, targetId: true, metadata: true },
    });
    expect(events).toEqual([
      {
        organizationId: w.org,
        actorId: w.users[actor as "owner" | "admin"].id,
        targetId: w.users.member.id,
        metadata: { email: MO, cancelledEmail: NEW_EMAIL },
      },
    ]);
  });

  it("nothing pending: refused, nothing changes", async () => {
    const w = await world();
    await signInAs(w, "admin");
    await expectRefused(
      () => cancelMemberEmailChangeAction({ userId: w.users.member.id }),
      NOTHING_PENDING,
    );
  });

  it("the owner's, and an account shared with another organization, are not an admin's to cancel", async () => {
    const w = await world();
    for (const userId of [w.users.owner.id, w.users.admin2.id]) {
      await t.db.emailChangeToken.create({
        data: {
          userId,
          newEmail: `${userId}@elsewhere.example`,
          tokenHash: newToken().hash,
          requestedById: userId,
          expiresAt: new Date(Date.now() + 60_000),
        },
      });
    }
    await signInAs(w, "admin");
    await expectRefused(() => cancelMemberEmailChangeAction({ userId: w.users.owner.id }), OWNER);
    await expectRefused(
      () => cancelMemberEmailChangeAction({ userId: w.users.admin2.id }),
      SHARED_CANCEL,
    );
  });
});
