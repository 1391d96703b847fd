// Resending and revoking an invitation: who may, what changes, and an email provider that is down.
import { describe, expect, it, vi } from "vitest";
import {
  inviteUsersAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/invitations/actions";
import { deliverEmails } from "@/lib/email";
import { log } from "@/lib/log";
import { readInvitation } from "@/lib/invitations/acceptance";
import { actAs } from "@/lib/testing/actors";
import { expectUnchangedButRefusal, snapshotDatabase } from "@/lib/testing/fixtures";
import { hashToken } from "@/lib/tokens";
import {
  DAY_MS,
  expectExpiry,
  FORBIDDEN,
  INACTIVE,
  INVALID_ROLE,
  invitationWorld,
  invite,
  lastTokenTo,
  NOT_FOUND,
  OUT_OF_SCOPE,
  row,
  SESSION,
  setUpInvitationTests,
  signInAs,
  type ActorKey,
  type UserKey,
  type WsKey,
} from "./integration-world";

const t = setUpInvitationTests();

/** Who may resend or revoke which invitation: a manager only "invitations whose workspaces are all theirs". */
interface ManageCase {
  name: string;
  actor: ActorKey;
  role?: "admin" | "member";
  workspaces: WsKey[];
  want: string;
}
const manageCases: ManageCase[] = [
  { name: "owner", actor: "owner", workspaces: ["design"], want: "ok" },
  { name: "admin (no workspace)", actor: "admin", workspaces: [], want: "ok" },
  { name: "admin (admin invitation)", actor: "admin", role: "admin", workspaces: [], want: "ok" },
  { name: "manager, all theirs", actor: "manager", workspaces: ["eng"], want: "ok" },
  {
    name: "manager, all theirs via a sub-workspace",
    actor: "manager",
    workspaces: ["eng", "backend"],
    want: "ok",
  },
  {
    name: "manager, one workspace not theirs",
    actor: "manager",
    workspaces: ["eng", "design"],
    want: OUT_OF_SCOPE,
  },
  { name: "manager, no workspace", actor: "manager", workspaces: [], want: OUT_OF_SCOPE },
  {
    name: "manager, an admin invitation in their workspace",
    actor: "manager",
    role: "admin",
    workspaces: ["eng"],
    want: INVALID_ROLE,
  },
  { name: "member", actor: "member", workspaces: ["backend"], want: FORBIDDEN },
  { name: "disabled admin", actor: "disabledAdmin", workspaces: ["eng"], want: INACTIVE },
  { name: "other organization's owner", actor: "otherOwner", workspaces: [], want: NOT_FOUND },
  { name: "signed out", actor: "signedOut", workspaces: ["eng"], want: SESSION },
];

describe("resend", () => {
  it.each(manageCases)("$name → $want", async ({ actor, role, workspaces, want }) => {
    const w = await invitationWorld(t.db);
    const { id, raw } = await invite(t, w, "ren@example.test", { role, workspaces });
    // Nearly expired: resending renews the expiry.
    await t.db.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() + 60_000) },
    });
    const before = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    t.mailbox.clear();
    await signInAs(t.db, w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const from = Date.now();
    const result = await resendInvitationAction({ invitationId: id });
    const to = Date.now();

    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      expect(t.mailbox.messages).toEqual([]);
      expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "valid" });
      return;
    }
    const caller = w.users[actor as UserKey];
    expect(result).toEqual({ ok: true, emailStatus: "sent" });
    expect(t.mailbox.messages.map((m) => m.to)).toEqual(["ren@example.test"]);
    const fresh = lastTokenTo(t.mailbox, "ren@example.test");
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(after.tokenHash).not.toBe(before.tokenHash);
    expect(after.tokenHash).toBe(hashToken(fresh));
    expect(after).toMatchObject({
      status: "pending",
      pendingEmail: "ren@example.test",
      lastEmailStatus: "sent",
      version: before.version + 1,
    });
    expectExpiry(after.expiresAt, 7, from, to);
    expect(await readInvitation(t.db, raw)).toBeNull();
    expect(await readInvitation(t.db, fresh)).toMatchObject({ id, state: "valid" });

    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.resent" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: caller.id,
      actorEmail: caller.email,
      targetType: "invitation",
      targetId: id,
    });
    expect(event.metadata).toEqual({
      before: { expiresAt: before.expiresAt.toISOString() },
      after: { expiresAt: after.expiresAt.toISOString() },
    });
    const outbox = await t.db.emailMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(outbox).toHaveLength(2);
    expect(outbox[1]).toMatchObject({
      recipient: "ren@example.test",
      template: "invitation",
      status: "sent",
    });
  });

  it("renews an expired invitation: its new link works again", async () => {
    const w = await invitationWorld(t.db);
    const { id, raw } = await invite(t, w, "late@example.test");
    await t.db.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - DAY_MS) },
    });
    expect(await readInvitation(t.db, raw)).toMatchObject({ state: "expired" });
    await actAs(t.db, w.users.admin.id);
    expect(await resendInvitationAction({ invitationId: id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    expect(await readInvitation(t.db, raw)).toBeNull();
    expect(await readInvitation(t.db, lastTokenTo(t.mailbox, "late@example.test"))).toMatchObject({
      id,
      state: "valid",
    });
  });

  it.each(["revoked", "accepted"] as const)(
    "a %s invitation can't be resent, changing nothing",
    async (status) => {
      const w = await invitationWorld(t.db);
      const { id } = await invite(t, w, "done@example.test");
      await t.db.invitation.update({
        where: { id },
        data: {
          status,
          pendingEmail: null,
          ...(status === "accepted" ? { acceptedAt: new Date() } : { revokedAt: new Date() }),
        },
      });
      t.mailbox.clear();
      await actAs(t.db, w.users.owner.id);
      const snapshot = await snapshotDatabase(t.db);
      expect(await resendInvitationAction({ invitationId: id })).toEqual({
        ok: false,
        error: `This invitation was already ${status}; it can't be resent.`,
      });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
      expect(t.mailbox.messages).toEqual([]);
    },
  );

  it("an unknown invitation reads as not found", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    expect(await resendInvitationAction({ invitationId: "nope" })).toEqual({
      ok: false,
      error: NOT_FOUND,
    });
  });
});

describe("revoke", () => {
  it.each(manageCases)("$name → $want", async ({ actor, role, workspaces, want }) => {
    const w = await invitationWorld(t.db);
    const { id, raw } = await invite(t, w, "rev@example.test", { role, workspaces });
    const before = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    await signInAs(t.db, w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await revokeInvitationAction({ invitationId: id });

    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "valid" });
      return;
    }
    const caller = w.users[actor as UserKey];
    expect(result).toEqual({ ok: true });
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(after).toMatchObject({
      status: "revoked",
      pendingEmail: null,
      email: "rev@example.test",
      tokenHash: before.tokenHash,
      version: before.version + 1,
      acceptedAt: null,
    });
    expect(after.revokedAt).toBeInstanceOf(Date);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.revoked" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: caller.id,
      actorEmail: caller.email,
      targetType: "invitation",
      targetId: id,
    });
    expect(event.metadata).toEqual({ email: "rev@example.test", role: role ?? "member" });
    expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "revoked" });

    // The email is free again: a new invitation, with its own link.
    const again = await invite(t, w, "REV@example.test");
    expect(again.id).not.toBe(id);
    expect(await readInvitation(t.db, again.raw)).toMatchObject({ id: again.id, state: "valid" });
    expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "revoked" });
    expect(await t.db.invitation.count({ where: { email: "rev@example.test" } })).toBe(2);
  });

  it.each(["revoked", "accepted"] as const)(
    "an already %s invitation can't be revoked, changing nothing",
    async (status) => {
      const w = await invitationWorld(t.db);
      const { id } = await invite(t, w, "done@example.test");
      await t.db.invitation.update({
        where: { id },
        data: {
          status,
          pendingEmail: null,
          ...(status === "accepted" ? { acceptedAt: new Date() } : { revokedAt: new Date() }),
        },
      });
      await actAs(t.db, w.users.owner.id);
      const snapshot = await snapshotDatabase(t.db);
      expect(await revokeInvitationAction({ invitationId: id })).toEqual({
        ok: false,
        error: `This invitation was already ${status}.`,
      });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    },
  );
});

describe("email outage", () => {
  const DOWN = "Resend error 503 (application_error): Service unavailable";

  it("keeps the invitation, marks the email failed, and a later resend delivers it", async () => {
    const w = await invitationWorld(t.db);
    const errors = vi.spyOn(log, "error").mockImplementation(() => undefined);
    // The provider refuses every send.
    t.mailbox.failWith(new Error(DOWN));
    await actAs(t.db, w.users.admin.id);
    const result = await inviteUsersAction({
      rows: [row("down@example.test")],
      workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
    });
    expect(result).toEqual({
      ok: true,
      outcomes: [
        {
          status: "invited",
          email: "down@example.test",
          invitationId: expect.any(String),
          emailFailed: true,
        },
      ],
    });
    const invitation = await t.db.invitation.findFirstOrThrow({
      where: { email: "down@example.test" },
    });
    expect(invitation).toMatchObject({ status: "pending", lastEmailStatus: "failed" });
    expect(invitation.lastEmailError).toBe(DOWN);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(1);
    // Still in the queue, to be tried again in a minute.
    const [queued, ...others] = await t.db.emailMessage.findMany();
    expect(others).toEqual([]);
    expect(queued).toMatchObject({
      recipient: "down@example.test",
      invitationId: invitation.id,
      status: "queued",
      attempts: 1,
      lastError: DOWN,
      claimedUntil: null,
    });
    expect(queued!.payload).not.toBeNull();
    expect(queued!.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(t.mailbox.messages).toEqual([]);
    expect(errors).toHaveBeenCalledWith(
      expect.objectContaining({ template: "invitation", error: DOWN }),
      "email send failed; it will be retried",
    );

    // Still down: resending reports the failure (and the invitation is still kept).
    expect(await resendInvitationAction({ invitationId: invitation.id })).toEqual({
      ok: true,
      emailStatus: "failed",
    });
    expect(t.mailbox.messages).toEqual([]);

    // The provider is back.
    t.mailbox.failWith(null);
    expect(await resendInvitationAction({ invitationId: invitation.id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id: invitation.id },
      omit: { tokenHash: false },
    });
    expect(after).toMatchObject({
      status: "pending",
      lastEmailStatus: "sent",
      lastEmailError: null,
    });
    expect(t.mailbox.messages.map((m) => m.to)).toEqual(["down@example.test"]);
    expect(after.tokenHash).toBe(hashToken(lastTokenTo(t.mailbox, "down@example.test")));
    // The first email (with a link that no longer works) will not be retried.
    expect(await t.db.emailMessage.findUniqueOrThrow({ where: { id: queued!.id } })).toMatchObject({
      status: "failed",
      payload: null,
      lastError: "Not sent: the invitation was renewed since.",
    });
    expect(
      (await t.db.emailMessage.findMany({ orderBy: { createdAt: "asc" } })).map((m) => m.status),
    ).toEqual(["failed", "failed", "sent"]);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.resent" } })).toBe(2);
  });

  it("a retry waiting in the outbox is dropped when the invitation is revoked, or sent when not", async () => {
    const w = await invitationWorld(t.db);
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    t.mailbox.failWith(new Error(DOWN));
    await actAs(t.db, w.users.admin.id);
    await inviteUsersAction({
      rows: [row("kept@example.test"), row("gone@example.test")],
      workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
    });
    t.mailbox.failWith(null);
    const gone = await t.db.invitation.findFirstOrThrow({ where: { email: "gone@example.test" } });
    expect(await revokeInvitationAction({ invitationId: gone.id })).toEqual({ ok: true });
    expect(
      await t.db.emailMessage.findFirstOrThrow({ where: { invitationId: gone.id } }),
    ).toMatchObject({
      status: "failed",
      payload: null,
      lastError: "Not sent: the invitation was revoked.",
    });

    // The worker's next look, once the retry is due: only the kept invitation's email goes.
    const due = () => new Date(Date.now() + 2 * 60_000);
    expect(await deliverEmails(t.db, { now: due })).toEqual([
      { id: expect.any(String), status: "sent" },
    ]);
    expect(t.mailbox.messages.map((m) => m.to)).toEqual(["kept@example.test"]);
    expect(
      await t.db.invitation.findFirstOrThrow({ where: { email: "kept@example.test" } }),
    ).toMatchObject({ lastEmailStatus: "sent", lastEmailError: null });
  });
});
