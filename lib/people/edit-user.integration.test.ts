import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  acmeWorld,
  CHANGED_ELSEWHERE,
  EMAIL_TAKEN,
  FORBIDDEN,
  INACTIVE,
  NOT_FOUND,
  NOTHING,
  OWNER,
  SELF,
  SESSION,
  auditActions as auditEvents,
  expectRefused as refused,
  rowsOf,
  signInAs as signIn,
  type AcmeWorld as World,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { snapshotDatabase } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { editUserAction } from "./actions";

const t = setUpTestDatabase();
const world = () => acmeWorld(t.db);
const signInAs = (w: World, actor: Parameters<typeof signIn>[2]) => signIn(t.db, w, actor);
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);
const auditActions = () => auditEvents(t.db);

// A new email sends a confirmation link and a notice: recorded, not printed to the log.
let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => mailbox.restore());

type EditInput = Exclude<Parameters<typeof editUserAction>[0], FormData>;
type EditForm = EditInput & { userVersion: number; membershipVersion: number };

/** What the Edit user form is loaded with: the person as stored, with both versions. */
async function formFor(userId: string, organizationId: string): Promise<EditForm> {
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
    ...(m.role === "owner" ? {} : { role: m.role }),
    status: m.status,
  };
}

const SHARED_ACCOUNT =
  "Alan Second also belongs to another organization, so only they can change their name and email (in their account settings).";

describe("editUserAction: who may edit whom", () => {
  type ActorKey = "owner" | "admin" | "manager" | "member" | "disabledAdmin" | "otherOwner";
  type TargetKey = "member" | "admin2" | "owner" | "self";
  const ACTORS: (ActorKey | "signedOut")[] = [
    "owner",
    "admin",
    "manager",
    "member",
    "disabledAdmin",
    "otherOwner",
    "signedOut",
  ];
  const TARGETS: TargetKey[] = ["member", "admin2", "owner", "self"];

  /** docs/permissions.md: edit someone's name/email is owner/admin only, never on the owner. */
  function expected(actor: ActorKey | "signedOut", target: TargetKey): string {
    if (actor === "signedOut") return SESSION;
    if (actor === "disabledAdmin") return INACTIVE;
    // Globex's owner: themselves are an owner; Alan is in Globex too, but also in Acme.
    if (actor === "otherOwner") {
      return target === "self" ? OWNER : target === "admin2" ? SHARED_ACCOUNT : NOT_FOUND;
    }
    // Mia manages Mo's workspace, but names and emails are not a manager's to edit.
    if (actor === "manager" || actor === "member") return FORBIDDEN;
    if (target === "owner" || (actor === "owner" && target === "self")) return OWNER;
    // Alan's account is Globex's too: only he renames it.
    if (target === "admin2") return SHARED_ACCOUNT;
    return "ok";
  }

  const cases = ACTORS.flatMap((actor) =>
    TARGETS.filter((target) => actor !== "signedOut" || target === "member").map(
      (target) => [actor, target, expected(actor, target)] as const,
    ),
  );

  it.each(cases)("%s renaming %s → %s", async (actor, target, want) => {
    const w = await world();
    const targetUser =
      target === "self"
        ? actor === "signedOut"
          ? w.users.member
          : w.users[actor]
        : w.users[target];
    const targetOrg =
      actor === "otherOwner" && (target === "self" || target === "admin2") ? w.globexOrg : w.org;
    const form = await formFor(targetUser.id, targetOrg);
    await signInAs(w, actor);
    const input = { ...form, firstName: "Renamed" };

    if (want === SHARED_ACCOUNT) {
      await expectRefused(() => editUserAction(input), want, { firstName: [want] });
      return;
    }
    if (want !== "ok") {
      await expectRefused(() => editUserAction(input), want);
      return;
    }
    const before = await snapshotDatabase(t.db);
    expect(await editUserAction(input)).toEqual({ ok: true });
    const after = await snapshotDatabase(t.db);

    // Exactly the first name changed, and the user's version moved on; nothing else did.
    const userBefore = rowsOf(before, "User").find((u) => u.id === targetUser.id)!;
    const userAfter = rowsOf(after, "User").find((u) => u.id === targetUser.id)!;
    expect(userAfter).toEqual({
      ...userBefore,
      firstName: "Renamed",
      version: (userBefore.version as number) + 1,
      updatedAt: expect.any(Date),
    });
    // Their memberships' copies of the name, the Users list's sort keys, follow (a trigger).
    const membershipsBefore = rowsOf(before, "Membership").filter(
      (m) => m.userId === targetUser.id,
    );
    const membershipsAfter = rowsOf(after, "Membership").filter((m) => m.userId === targetUser.id);
    expect(membershipsAfter).toEqual(
      membershipsBefore.map((m) => ({
        ...m,
        sortFirstName: "renamed",
        sortName: `renamed ${m.sortLastName as string}`,
      })),
    );
    // So do their workspace roles' copies of the memberships' keys (another trigger).
    const renamed = new Set(membershipsBefore.map((m) => m.id));
    const rolesOf = (s: Record<string, unknown[]>) =>
      rowsOf(s, "WorkspaceMembership").filter((g) => renamed.has(g.membershipId));
    expect(rolesOf(after)).toEqual(
      rolesOf(before).map((g) => ({ ...g, sortFirstName: "renamed" })),
    );
    const rest = (s: Record<string, unknown[]>) => ({
      ...s,
      User: rowsOf(s, "User").filter((u) => u.id !== targetUser.id),
      Membership: rowsOf(s, "Membership").filter((m) => m.userId !== targetUser.id),
      WorkspaceMembership: rowsOf(s, "WorkspaceMembership").filter(
        (g) => !renamed.has(g.membershipId),
      ),
      AuditEvent: [],
    });
    expect(rest(after)).toEqual(rest(before));

    const events = await auditActions();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: targetOrg,
      actorId: actor === "signedOut" ? null : w.users[actor].id,
      action: "member.updated",
      targetType: "user",
      targetId: targetUser.id,
    });
    expect(events[0]!.metadata).toEqual({
      before: { firstName: form.firstName, lastName: form.lastName, email: form.email },
      after: { firstName: "Renamed", lastName: form.lastName, email: form.email },
    });
  });

  it("refuses someone from another organization as not found", async () => {
    const w = await world();
    const form = await formFor(w.users.outsider.id, w.globexOrg);
    await signInAs(w, "admin");
    await expectRefused(() => editUserAction({ ...form, firstName: "Hacked" }), NOT_FOUND);
    await expectRefused(
      () => editUserAction({ ...form, userId: "no-such-user", firstName: "Hacked" }),
      NOT_FOUND,
    );
  });

  it("refuses a manager changing the org role of someone in their workspace", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "manager");
    await expectRefused(() => editUserAction({ ...form, role: "admin" }), FORBIDDEN);
    await expectRefused(() => editUserAction({ ...form, status: "disabled" }), FORBIDDEN);
  });
});

describe("editUserAction: what a save changes", () => {
  it("saves names, role and status at once and asks the new email to confirm, bumping both versions, with one event each", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "owner");
    expect(
      await editUserAction({
        ...form,
        firstName: "  Maurice ",
        lastName: "Membre",
        email: "  Maurice@New.Example ",
        role: "admin",
        status: "disabled",
      }),
    ).toEqual({ ok: true, emailChangePending: "maurice@new.example", emailFailed: false });

    const user = await t.db.user.findUniqueOrThrow({ where: { id: w.users.member.id } });
    expect(user).toMatchObject({
      firstName: "Maurice",
      lastName: "Membre",
      // Unchanged until the new address confirms.
      email: "mo.member@acme.test",
      version: form.userVersion + 1,
    });
    expect(
      await t.db.emailChangeToken.findMany({
        select: { userId: true, newEmail: true, requestedById: true },
      }),
    ).toEqual([
      {
        userId: w.users.member.id,
        newEmail: "maurice@new.example",
        requestedById: w.users.owner.id,
      },
    ]);
    const membership = await t.db.membership.findUniqueOrThrow({
      where: { id: w.memberships.member.id },
    });
    expect(membership).toMatchObject({
      role: "admin",
      status: "disabled",
      version: form.membershipVersion + 1,
      disabledAt: expect.any(Date),
    });

    const events = await auditActions();
    expect(events.map((e) => e.action)).toEqual([
      "member.updated",
      "account.email_change_requested",
      "member.role_changed",
      "member.disabled",
    ]);
    for (const e of events) {
      expect(e).toMatchObject({
        organizationId: w.org,
        actorId: w.users.owner.id,
        actorEmail: "olive.owner@acme.test",
        targetId: w.users.member.id,
        ip: "203.0.113.7",
      });
    }
    expect(events[0]!.metadata).toEqual({
      before: { firstName: "Mo", lastName: "Member", email: "mo.member@acme.test" },
      after: { firstName: "Maurice", lastName: "Membre", email: "mo.member@acme.test" },
    });
    expect(events[1]!.metadata).toEqual({
      before: { email: "mo.member@acme.test" },
      after: { email: "maurice@new.example" },
      requestedBy: { id: w.users.owner.id, email: "olive.owner@acme.test" },
      expiresAt: expect.any(String),
    });
    expect(events[2]!.metadata).toEqual({
      before: { role: "member" },
      after: { role: "admin" },
    });
    expect(events[3]!.metadata).toEqual({
      before: { status: "active" },
      after: { status: "disabled" },
    });
  });

  it("changes only the membership (and its version) for a role change", async () => {
    const w = await world();
    const form = await formFor(w.users.admin2.id, w.org);
    await signInAs(w, "admin");
    expect(await editUserAction({ ...form, role: "member" })).toEqual({ ok: true });
    const user = await t.db.user.findUniqueOrThrow({ where: { id: w.users.admin2.id } });
    expect(user.version).toBe(form.userVersion);
    const membership = await t.db.membership.findUniqueOrThrow({
      where: {
        userId_organizationId: { userId: w.users.admin2.id, organizationId: w.org },
      },
    });
    expect(membership).toMatchObject({ role: "member", version: form.membershipVersion + 1 });
    // Alan's membership in Globex is Globex's business.
    const elsewhere = await t.db.membership.findUniqueOrThrow({
      where: {
        userId_organizationId: { userId: w.users.admin2.id, organizationId: w.globexOrg },
      },
    });
    expect(elsewhere).toMatchObject({ role: "member", version: 1 });
    expect((await auditActions()).map((e) => e.action)).toEqual(["member.role_changed"]);
  });

  it("enables a disabled person again", async () => {
    const w = await world();
    const form = await formFor(w.users.disabledAdmin.id, w.org);
    await signInAs(w, "owner");
    expect(await editUserAction({ ...form, status: "active" })).toEqual({ ok: true });
    expect(
      await t.db.membership.findFirstOrThrow({ where: { userId: w.users.disabledAdmin.id } }),
    ).toMatchObject({ status: "active", disabledAt: null });
    const events = await auditActions();
    expect(events.map((e) => e.action)).toEqual(["member.enabled"]);
    expect(events[0]!.metadata).toEqual({
      before: { status: "disabled" },
      after: { status: "active" },
    });
  });

  it("answers 'Nothing to save' when nothing changed, and changes nothing", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(() => editUserAction(form), NOTHING);
    // The same values typed differently (spaces, upper-case email) are no change either.
    await expectRefused(
      () =>
        editUserAction({
          ...form,
          firstName: ` ${form.firstName} `,
          email: form.email.toUpperCase(),
        }),
      NOTHING,
    );
    // Role and status left out of the form are no change.
    const { role: _role, status: _status, ...namesOnly } = form;
    await expectRefused(() => editUserAction(namesOnly), NOTHING);
  });

  it("lets an admin rename themselves but not change their own role or status", async () => {
    const w = await world();
    const form = await formFor(w.users.admin.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(() => editUserAction({ ...form, role: "member" }), SELF);
    await expectRefused(() => editUserAction({ ...form, status: "disabled" }), SELF);
    // Also when a name change rides along: the whole save is refused, the name included.
    await expectRefused(
      () => editUserAction({ ...form, firstName: "Adele", role: "member" }),
      SELF,
    );
    expect(await editUserAction({ ...form, firstName: "Adele" })).toEqual({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.users.admin.id } })).firstName).toBe(
      "Adele",
    );
  });

  it("refuses making someone owner, as bad input", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "owner");
    const before = await snapshotDatabase(t.db);
    const result = await editUserAction({ ...form, role: "owner" as "admin" });
    expect(result).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("refuses bad input field by field", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "owner");
    const before = await snapshotDatabase(t.db);
    const result = await editUserAction({ ...form, firstName: "  ", email: "not-an-email" });
    expect(result).toMatchObject({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { firstName: ["Enter a first name"], email: ["Enter a valid email address"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });
});

describe("editUserAction: conflicts", () => {
  it("refuses a save over someone else's change to the person's account", async () => {
    const w = await world();
    const stale = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin2");
    expect(await editUserAction({ ...stale, lastName: "Changed-first" })).toEqual({ ok: true });

    await signInAs(w, "admin");
    await expectRefused(
      () => editUserAction({ ...stale, firstName: "Overwrite" }),
      CHANGED_ELSEWHERE,
    );
    // The same field the other person changed is not silently overwritten either.
    await expectRefused(
      () => editUserAction({ ...stale, lastName: "Changed-second" }),
      CHANGED_ELSEWHERE,
    );
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.users.member.id } })).lastName).toBe(
      "Changed-first",
    );

    // Reloading gets the latest versions, and the save goes through.
    const fresh = await formFor(w.users.member.id, w.org);
    expect(await editUserAction({ ...fresh, firstName: "Overwrite" })).toEqual({ ok: true });
  });

  it("refuses a save over someone else's change to the membership", async () => {
    const w = await world();
    const stale = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin2");
    expect(await editUserAction({ ...stale, role: "admin" })).toEqual({ ok: true });

    await signInAs(w, "admin");
    // A name-only save still carries the old membership version: refused.
    await expectRefused(() => editUserAction({ ...stale, firstName: "Nope" }), CHANGED_ELSEWHERE);
    await expectRefused(() => editUserAction({ ...stale, status: "disabled" }), CHANGED_ELSEWHERE);
  });

  it("refuses a version from the future too", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    await expectRefused(
      () => editUserAction({ ...form, userVersion: form.userVersion + 1, firstName: "X" }),
      CHANGED_ELSEWHERE,
    );
    await expectRefused(
      () =>
        editUserAction({ ...form, membershipVersion: form.membershipVersion + 1, firstName: "X" }),
      CHANGED_ELSEWHERE,
    );
  });
});

describe("editUserAction: email", () => {
  // Security finding: an admin changing a member's email took the account over (then "Reset
  // password" went to the new address). The email must not change directly any more: the new
  // address confirms first (lib/people/email-change.integration.test.ts follows it through).
  it("does not change the email: it asks the new address, lower-cased, to confirm", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    const before = await snapshotDatabase(t.db);
    expect(await editUserAction({ ...form, email: "Mo.Renamed@Acme.TEST" })).toEqual({
      ok: true,
      emailChangePending: "mo.renamed@acme.test",
      emailFailed: false,
    });
    const after = await snapshotDatabase(t.db);
    // The account is untouched (its email, and its version too): only the pending change is new.
    expect(after.User).toEqual(before.User);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.users.member.id } })).email).toBe(
      "mo.member@acme.test",
    );
    expect(rowsOf(after, "EmailChangeToken")).toEqual([
      expect.objectContaining({
        userId: w.users.member.id,
        newEmail: "mo.renamed@acme.test",
        requestedById: w.users.admin.id,
        usedAt: null,
      }),
    ]);
  });

  it("refuses an email another account uses, whatever its case", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    for (const email of ["ada.admin@acme.test", "ADA.Admin@Acme.Test", "gus.globex@acme.test"]) {
      await expectRefused(() => editUserAction({ ...form, email }), EMAIL_TAKEN, {
        email: ["That email address is already used by another account"],
      });
    }
  });

  // Security finding: a User account is global, shared by every organization it belongs to. Alan
  // is an admin of Acme and a member of Globex; Acme's admin can rewrite his sign-in email and
  // then take the account over with "forgot password" — reaching Globex (or any organization,
  // including one Alan owns) from Acme. Expected: the email (the sign-in identity) of an account
  // that also belongs to another organization is not editable from this one.
  it("refuses to change the sign-in email of an account that also belongs to another organization", async () => {
    const w = await world();
    const form = await formFor(w.users.admin2.id, w.org);
    await signInAs(w, "admin");
    const before = await snapshotDatabase(t.db);
    const result = await editUserAction({ ...form, email: "attacker@evil.example" });
    expect(result.ok).toBe(false);
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  // Security finding: renaming such an account renames it in the other organization too.
  it("refuses to rename an account that also belongs to another organization", async () => {
    const w = await world();
    const form = await formFor(w.users.admin2.id, w.org);
    await signInAs(w, "admin");
    const before = await snapshotDatabase(t.db);
    const message =
      "Alan Second also belongs to another organization, so only they can change their name and email (in their account settings).";
    expect(await editUserAction({ ...form, firstName: "Renamed" })).toEqual({
      ok: false,
      error: message,
      fieldErrors: { firstName: [message] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    // Their role here is still Acme's to change.
    expect((await editUserAction({ ...form, role: "member" })).ok).toBe(true);
  });
});
