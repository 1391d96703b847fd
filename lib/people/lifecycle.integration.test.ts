import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCaller } from "@/lib/auth/caller";
import { hashToken } from "@/lib/tokens";
import { actAs, signedOut } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
  expectUnchangedButRefusal,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import {
  changeRoleAction,
  removeMemberAction,
  resetPasswordAction,
  setStatusAction,
} from "@/lib/people/actions";

const t = setUpTestDatabase();
// Emails (the reset links) are recorded, not printed to the log.
let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => mailbox.restore());

const SESSION = "Your session has ended. Sign in again to continue.";
const INACTIVE = "You no longer have access to this organization.";
const FORBIDDEN = "You don't have permission to do that.";
const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";
const OWNER =
  "The organization's owner can't be changed this way. Ownership moves only by transfer.";
const SELF = "You can't do that to your own account.";

/**
 * Acme: owner, two admins, a manager of Engineering, a member of Backend (under Engineering), a
 * disabled admin. Globex: its owner, and Acme's second admin is a member there too.
 */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  const admin = await addMember(t.db, org, { role: "admin" });
  const admin2 = await addMember(t.db, org, { role: "admin" });
  const manager = await addMember(t.db, org);
  const member = await addMember(t.db, org);
  const disabledAdmin = await addMember(t.db, org, { role: "admin", status: "disabled" });
  const eng = await createWorkspace(t.db, org, "Engineering");
  const backend = await createWorkspace(t.db, org, "Backend", eng.id);
  await grantWorkspaceRole(t.db, manager.membership, eng.id, "manager");
  await grantWorkspaceRole(t.db, member.membership, backend.id, "member");
  const globex = await createOrganization(t.db, "Globex");
  await addMember(t.db, globex.organization.id, { user: admin2.user });
  return {
    org,
    users: {
      owner: acme.owner,
      admin: admin.user,
      admin2: admin2.user,
      manager: manager.user,
      member: member.user,
      disabledAdmin: disabledAdmin.user,
      otherOwner: globex.owner,
    },
  };
}

type World = Awaited<ReturnType<typeof world>>;
type ActorKey = keyof World["users"] | "signedOut";
type TargetKey = "self" | "owner" | "admin2" | "member";

const ACTORS: ActorKey[] = [
  "owner",
  "admin",
  "manager",
  "member",
  "disabledAdmin",
  "otherOwner",
  "signedOut",
];
const TARGETS: TargetKey[] = ["self", "owner", "admin2", "member"];

/** docs/permissions.md for role change, disable, remove and reset password: the same answer for all four. */
function expected(actor: ActorKey, target: TargetKey): string {
  if (actor === "signedOut") return SESSION;
  if (actor === "disabledAdmin") return INACTIVE;
  // Globex's owner, on Acme's people: not found (on themselves: they are an owner).
  if (actor === "otherOwner") return target === "self" ? OWNER : NOT_FOUND;
  if (actor === "manager" || actor === "member") return FORBIDDEN;
  if (target === "owner" || (actor === "owner" && target === "self")) return OWNER;
  if (target === "self") return SELF;
  return "ok";
}

function targetUser(w: World, actor: ActorKey, target: TargetKey) {
  if (target === "self") return actor === "signedOut" ? w.users.member : w.users[actor];
  return w.users[target];
}

async function as(w: World, actor: ActorKey) {
  if (actor === "signedOut") signedOut();
  else await actAs(t.db, w.users[actor].id);
}

// admin2 also belongs to Globex, where its owner may legitimately act on them: not a cross-tenant case.
const cases = ACTORS.flatMap((actor) =>
  TARGETS.filter((target) => !(actor === "otherOwner" && target === "admin2")).map(
    (target) => [actor, target, expected(actor, target)] as const,
  ),
);

describe("change role", () => {
  it.each(cases)("%s → %s: %s", async (actor, target, want) => {
    const w = await world();
    const person = targetUser(w, actor, target);
    const before = await t.db.membership.findUnique({
      where: { userId_organizationId: { userId: person.id, organizationId: w.org } },
    });
    const newRole = before?.role === "admin" ? "member" : "admin";
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await changeRoleAction({ userId: person.id, role: newRole });
    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      return;
    }
    expect(result).toEqual({ ok: true, role: newRole });
    const after = await t.db.membership.findUniqueOrThrow({ where: { id: before!.id } });
    expect(after).toMatchObject({ role: newRole, version: before!.version + 1 });
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "member.role_changed" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: w.users[actor as keyof World["users"]].id,
      targetId: person.id,
    });
    expect(event.metadata).toEqual({ before: { role: before!.role }, after: { role: newRole } });
  });

  it("never grants owner, whatever the input says", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const result = await changeRoleAction({ userId: w.users.member.id, role: "owner" as "admin" });
    expect(result.ok).toBe(false);
    expect(await t.db.membership.count({ where: { organizationId: w.org, role: "owner" } })).toBe(
      1,
    );
  });
});

describe("disable and enable", () => {
  it.each(cases)("%s disables %s: %s", async (actor, target, want) => {
    const w = await world();
    const person = targetUser(w, actor, target);
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await setStatusAction({ userId: person.id, status: "disabled" });
    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      return;
    }
    expect(result).toEqual({ ok: true, status: "disabled" });
    const membership = await t.db.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: person.id, organizationId: w.org } },
    });
    expect(membership.status).toBe("disabled");
    expect(membership.disabledAt).toBeInstanceOf(Date);
    expect(
      await t.db.auditEvent.count({ where: { action: "member.disabled", targetId: person.id } }),
    ).toBe(1);
  });

  it("a disabled member loses access on their very next request, and regains it when enabled", async () => {
    const w = await world();
    await actAs(t.db, w.users.admin.id);
    expect((await setStatusAction({ userId: w.users.admin2.id, status: "disabled" })).ok).toBe(
      true,
    );
    await actAs(t.db, w.users.admin2.id, w.org);
    expect((await getCaller())?.membership.status).toBe("disabled");
    expect(await changeRoleAction({ userId: w.users.member.id, role: "admin" })).toEqual({
      ok: false,
      error: INACTIVE,
    });
    await actAs(t.db, w.users.admin.id);
    expect(await setStatusAction({ userId: w.users.admin2.id, status: "active" })).toEqual({
      ok: true,
      status: "active",
    });
    expect(await t.db.auditEvent.count({ where: { action: "member.enabled" } })).toBe(1);
    await actAs(t.db, w.users.admin2.id, w.org);
    expect((await getCaller())?.membership.status).toBe("active");
  });

  it("says so when there is nothing to change", async () => {
    const w = await world();
    await actAs(t.db, w.users.admin.id);
    const result = await setStatusAction({ userId: w.users.member.id, status: "active" });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("is already enabled"),
    });
  });
});

describe("remove from organization", () => {
  it.each(cases)("%s removes %s: %s", async (actor, target, want) => {
    const w = await world();
    const person = targetUser(w, actor, target);
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await removeMemberAction({ userId: person.id });
    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      return;
    }
    // admin2 also belongs to Globex: their account stays; the member's goes with its last membership.
    const accountDeleted = target === "member";
    expect(result).toEqual({ ok: true, accountDeleted });
    expect(
      await t.db.membership.findUnique({
        where: { userId_organizationId: { userId: person.id, organizationId: w.org } },
      }),
    ).toBeNull();
    expect(await t.db.user.findUnique({ where: { id: person.id } })).toEqual(
      accountDeleted ? null : expect.anything(),
    );
    expect(
      await t.db.workspaceMembership.count({
        where: { organizationId: w.org, membership: { userId: person.id } },
      }),
    ).toBe(0);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "member.removed" } });
    expect(event.targetLabel).toContain(person.email);
  });

  it("revokes their pending invitations here and keeps the audit trail's snapshots", async () => {
    const w = await world();
    await t.db.invitation.create({
      data: {
        organizationId: w.org,
        email: w.users.member.email,
        firstName: "M",
        lastName: "M",
        inviterEmail: "x@example.test",
        tokenHash: hashToken("anything"),
        expiresAt: new Date(Date.now() + 86_400_000),
        pendingEmail: w.users.member.email,
      },
    });
    await actAs(t.db, w.users.member.id);
    // An event the member wrote themselves, to check it survives their account.
    await t.db.auditEvent.create({
      data: {
        organizationId: w.org,
        actorId: w.users.member.id,
        actorEmail: w.users.member.email,
        action: "account.updated",
        targetType: "user",
        targetId: w.users.member.id,
        targetLabel: w.users.member.email,
      },
    });
    await actAs(t.db, w.users.owner.id);
    expect(await removeMemberAction({ userId: w.users.member.id })).toEqual({
      ok: true,
      accountDeleted: true,
    });
    const invitation = await t.db.invitation.findFirstOrThrow({
      where: { email: w.users.member.email },
    });
    expect(invitation).toMatchObject({ status: "revoked", pendingEmail: null });
    const trail = await t.db.auditEvent.findMany({
      where: { OR: [{ actorId: w.users.member.id }, { targetId: w.users.member.id }] },
    });
    expect(trail.map((e) => e.action).sort()).toEqual(["account.updated", "member.removed"]);
    expect(trail.every((e) => e.actorEmail !== null)).toBe(true);
  });
});

// Security finding: a reset signs the account out everywhere, so admin2 (also in Globex) would
// be signed out of Globex by Acme's admins. Their password is theirs to reset.
const SHARED = (name: string) =>
  `${name} also belongs to another organization, so only they can reset their password ("Forgot password?" on the sign-in page).`;

describe("reset password", () => {
  it.each(cases)("%s resets %s: %s", async (actor, target, expectedHere) => {
    const w = await world();
    const person = targetUser(w, actor, target);
    const want =
      target === "admin2" && expectedHere === "ok"
        ? SHARED(`${person.firstName} ${person.lastName}`)
        : expectedHere;
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await resetPasswordAction({ userId: person.id });
    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      expect(mailbox.messages).toEqual([]);
      return;
    }
    expect(result).toEqual({ ok: true, email: person.email });
    // Signed out everywhere: no session of theirs is left.
    expect(await t.db.session.count({ where: { userId: person.id } })).toBe(0);
    const token = await t.db.passwordResetToken.findFirstOrThrow({
      where: { userId: person.id },
      omit: { tokenHash: false },
    });
    const ttl = token.expiresAt.getTime() - token.createdAt.getTime();
    expect(ttl).toBeGreaterThan(59 * 60_000);
    expect(ttl).toBeLessThanOrEqual(60 * 60_000 + 1000);
    expect(
      await t.db.emailMessage.findFirst({
        where: { recipient: person.email, template: "password-reset" },
      }),
    ).toMatchObject({ status: "sent" });
    // One email, to the person, whose link carries the token whose hash is stored.
    expect(mailbox.messages.map((m) => m.to)).toEqual([person.email]);
    const link = mailbox.lastLink(person.email);
    const raw = /\/reset-password\/([A-Za-z0-9_-]+)$/.exec(link)?.[1] ?? "";
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashToken(raw)).toBe(token.tokenHash);
    expect(
      await t.db.auditEvent.count({
        where: { action: "member.password_reset_sent", targetId: person.id },
      }),
    ).toBe(1);
  });

  it("signs the person out everywhere at once", async () => {
    const w = await world();
    await actAs(t.db, w.users.member.id);
    expect(await getCaller()).not.toBeNull();
    const { testSession } = await import("@/lib/testing/session");
    const memberSession = testSession.current;
    await actAs(t.db, w.users.admin.id);
    await resetPasswordAction({ userId: w.users.member.id });
    expect(mailbox.to(w.users.member.email)).toHaveLength(1);
    // The member's session from before (its cookie) no longer counts.
    testSession.current = memberSession;
    expect(await getCaller()).toBeNull();
  });
});
