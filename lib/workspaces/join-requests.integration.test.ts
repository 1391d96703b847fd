import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { grantWorkspaceRole } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import {
  approveJoinRequestAction,
  rejectJoinRequestAction,
  requestToJoinAction,
  withdrawJoinRequestAction,
} from "./join-request-actions";
import { setWorkspaceRoleAction } from "./member-actions";
import {
  ACTORS,
  INACTIVE,
  NOT_FOUND,
  SESSION,
  expectRefused,
  scopedToBackend,
  signInAs,
  workspaceWorld,
  type ActorKey,
  type World,
} from "@/lib/workspaces/integration-world";

const t = setUpTestDatabase();
// The decision emails are recorded, not printed to the log (the outbox keeps them as well).
let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => mailbox.restore());

function actorId(w: World, actor: ActorKey): string {
  if (actor === "signedOut") throw new Error("signed out has no id");
  return w.users[actor].id;
}

/** Nora (no workspace) asks to join Backend. */
async function noraAsks(w: World, message: string | null = "I'd like to help") {
  return t.db.joinRequest.create({
    data: {
      organizationId: w.org,
      workspaceId: w.ws.backend.id,
      membershipId: w.memberships.nora.id,
      pendingMembershipId: w.memberships.nora.id,
      message,
    },
  });
}

describe("ask to join Backend", () => {
  // Anyone in the organization with no role in Backend may ask; the others already have one.
  function expected(actor: ActorKey): string {
    switch (actor) {
      case "owner":
        return "As an organization owner, you are already a manager of every workspace.";
      case "admin":
        return "As an organization admin, you are already a manager of every workspace.";
      case "managerOfWorkspace":
        return "You are already manager of Backend.";
      case "managerOfParent":
        return "You are already manager of Backend, through Engineering.";
      case "managerOfSibling":
        return "ok";
      case "member":
        return "You are already member of Backend.";
      case "viewer":
        return "You are already viewer of Backend.";
      case "guest":
        return "You are already guest of Backend.";
      case "otherOrganization":
        return NOT_FOUND;
      case "disabled":
        return INACTIVE;
      case "signedOut":
        return SESSION;
    }
  }

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      requestToJoinAction({ workspaceId: w.ws.backend.id, message: "  Can I help?  " });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    const result = await run();
    expect(result).toEqual({ ok: true, requestId: expect.any(String) });
    const request = await t.db.joinRequest.findFirstOrThrow({
      include: { membership: true },
    });
    expect(request).toMatchObject({
      organizationId: w.org,
      workspaceId: w.ws.backend.id,
      status: "pending",
      message: "Can I help?",
      pendingMembershipId: request.membershipId,
      membership: { userId: actorId(w, actor) },
    });
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "join_request.created" },
    });
    expect(event).toMatchObject({
      actorId: actorId(w, actor),
      targetType: "join_request",
      targetId: request.id,
      targetLabel: "sid@acme.test → Engineering / Backend",
    });
  });

  it("refuses an owner, an admin or another organization's owner at once", async () => {
    // Their workspace roles are not loaded with the caller (they don't count): read through
    // getDb() inside the action's transaction, they waited for the embedded database's only
    // connection until the transaction timed out, 5 s later.
    const w = await workspaceWorld(t.db);
    for (const actor of ["owner", "admin", "otherOrganization"] as const) {
      await signInAs(t.db, w, actor);
      const started = performance.now();
      const result = await requestToJoinAction({ workspaceId: w.ws.backend.id });
      expect(result).toEqual({ ok: false, error: expected(actor) });
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it("never twice while one is pending; again once it was decided", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.nora.id);
    expect(await requestToJoinAction({ workspaceId: w.ws.backend.id })).toMatchObject({
      ok: true,
    });
    await expectRefused(
      t.db,
      () => requestToJoinAction({ workspaceId: w.ws.backend.id, message: "Please!" }),
      "You have already asked to join Backend. A manager of it will decide.",
    );
    const first = await t.db.joinRequest.findFirstOrThrow();
    expect(first.message).toBeNull();

    await actAs(t.db, w.users.managerOfWorkspace.id);
    expect(await rejectJoinRequestAction({ requestId: first.id })).toEqual({ ok: true });
    await actAs(t.db, w.users.nora.id);
    expect(await requestToJoinAction({ workspaceId: w.ws.backend.id })).toMatchObject({
      ok: true,
    });
    expect(await t.db.joinRequest.count()).toBe(2);
    expect(await t.db.joinRequest.count({ where: { status: "pending" } })).toBe(1);
  });

  it("two requests sent at once make one", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.nora.id);
    const results = await Promise.all([
      requestToJoinAction({ workspaceId: w.ws.backend.id }),
      requestToJoinAction({ workspaceId: w.ws.backend.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      error: "You have already asked to join Backend. A manager of it will decide.",
    });
    expect(await t.db.joinRequest.count()).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: "join_request.created" } })).toBe(1);
  });

  it("the database itself refuses a second pending request", async () => {
    const w = await workspaceWorld(t.db);
    await noraAsks(w);
    await expect(noraAsks(w)).rejects.toThrow();
  });

  it("a sub-workspace of one's own is not requestable; a sibling's is", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.member.id);
    await expectRefused(
      t.db,
      () => requestToJoinAction({ workspaceId: w.ws.payments.id }),
      "You are already member of Payments, through Backend.",
    );
    expect(await requestToJoinAction({ workspaceId: w.ws.frontend.id })).toMatchObject({
      ok: true,
    });
  });

  it("refuses a message that is too long, changing nothing", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.nora.id);
    await expectRefused(
      t.db,
      () => requestToJoinAction({ workspaceId: w.ws.backend.id, message: "x".repeat(501) }),
      "Please correct the highlighted fields.",
    );
  });

  it("another organization's workspace reads as not found", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.nora.id);
    await expectRefused(
      t.db,
      () => requestToJoinAction({ workspaceId: w.ws.marketing.id }),
      NOT_FOUND,
    );
  });
});

describe("approve Nora's request to join Backend", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await signInAs(t.db, w, actor);
    const run = () => approveJoinRequestAction({ requestId: request.id, role: "viewer" });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      expect(mailbox.messages).toEqual([]);
      return;
    }
    expect(await run()).toEqual({ ok: true, role: "viewer" });
    expect(await t.db.joinRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "approved",
      pendingMembershipId: null,
      decidedById: actorId(w, actor),
      decidedRole: "viewer",
      decidedAt: expect.any(Date),
    });
    expect(
      await t.db.workspaceMembership.findFirst({
        where: { membershipId: w.memberships.nora.id },
        select: { workspaceId: true, role: true },
      }),
    ).toEqual({ workspaceId: w.ws.backend.id, role: "viewer" });
    const events = await t.db.auditEvent.findMany({
      where: { actorId: actorId(w, actor) },
      orderBy: { action: "asc" },
    });
    expect(events.map((e) => [e.action, e.targetId])).toEqual([
      ["join_request.approved", request.id],
      ["workspace.member_added", w.users.nora.id],
    ]);
    expect(
      await t.db.emailMessage.findFirst({
        where: { recipient: w.users.nora.email },
        select: { template: true, subject: true, status: true, organizationId: true },
      }),
    ).toEqual({
      template: "join-request-decision",
      subject: "Your request to join Backend was approved",
      status: "sent",
      organizationId: w.org,
    });
    // Nora is told, with a link to the workspace.
    expect(mailbox.messages.map((m) => [m.to, m.subject])).toEqual([
      [w.users.nora.email, "Your request to join Backend was approved"],
    ]);
    expect(mailbox.lastLink(w.users.nora.email)).toMatch(
      new RegExp(`/workspaces/${w.ws.backend.id}$`),
    );
  });

  it("is decided once: a second decision is refused", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await actAs(t.db, w.users.admin.id);
    expect(await approveJoinRequestAction({ requestId: request.id, role: "member" })).toMatchObject(
      { ok: true },
    );
    await expectRefused(
      t.db,
      () => rejectJoinRequestAction({ requestId: request.id }),
      "This request was already approved.",
    );
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: "manager" }),
      "This request was already approved.",
    );
    // Only the first decision was emailed.
    expect(mailbox.messages).toHaveLength(1);
  });

  it("never grants less than a role inherited meanwhile, naming where it comes from", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await grantWorkspaceRole(t.db, w.memberships.nora, w.ws.eng.id, "member");
    await actAs(t.db, w.users.managerOfParent.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: "guest" }),
      'This person is member of "Engineering", which includes this workspace. Change their role in "Engineering" instead.',
    );
    expect(await approveJoinRequestAction({ requestId: request.id, role: "manager" })).toEqual({
      ok: true,
      role: "manager",
    });
  });

  it("refuses a role that doesn't exist, and another organization's request", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: "owner" as "manager" }),
      "Please correct the highlighted fields.",
    );
    await actAs(t.db, w.users.otherOrganization.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: "no-such-request", role: "member" }),
      NOT_FOUND,
    );
  });
});

describe("reject Nora's request to join Backend", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await signInAs(t.db, w, actor);
    const run = () => rejectJoinRequestAction({ requestId: request.id });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      expect(mailbox.messages).toEqual([]);
      return;
    }
    expect(await run()).toEqual({ ok: true });
    expect(await t.db.joinRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "rejected",
      pendingMembershipId: null,
      decidedById: actorId(w, actor),
      decidedRole: null,
    });
    expect(
      await t.db.workspaceMembership.count({ where: { membershipId: w.memberships.nora.id } }),
    ).toBe(0);
    expect(
      await t.db.auditEvent.findFirst({
        where: { action: "join_request.rejected" },
        select: { actorId: true, targetId: true, targetLabel: true },
      }),
    ).toEqual({
      actorId: actorId(w, actor),
      targetId: request.id,
      targetLabel: "nora@acme.test → Engineering / Backend",
    });
    expect(
      await t.db.emailMessage.findFirst({
        where: { recipient: w.users.nora.email },
        select: { template: true, subject: true, status: true },
      }),
    ).toEqual({
      template: "join-request-decision",
      subject: "Your request to join Backend was declined",
      status: "sent",
    });
    // Nora is told, with a link to the list of workspaces.
    expect(mailbox.messages.map((m) => [m.to, m.subject])).toEqual([
      [w.users.nora.email, "Your request to join Backend was declined"],
    ]);
    expect(mailbox.lastLink(w.users.nora.email)).toMatch(/\/workspaces$/);
  });
});

describe("withdraw a request to join Backend", () => {
  const NONE = "There is no pending request to withdraw: it may have been approved or rejected.";

  // Nora asked; nobody else has a request to withdraw, managers included: it is hers alone.
  it.each(
    ACTORS.map(
      (a) => [a, a === "disabled" ? INACTIVE : a === "signedOut" ? SESSION : NONE] as const,
    ),
  )("%s (not the requester) → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await noraAsks(w);
    await signInAs(t.db, w, actor);
    await expectRefused(
      t.db,
      () => withdrawJoinRequestAction({ workspaceId: w.ws.backend.id }),
      want,
    );
  });

  it("the requester withdraws it: gone from the managers' list, audited, and may ask again", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w, "Let me in");
    await actAs(t.db, w.users.nora.id);
    expect(await withdrawJoinRequestAction({ workspaceId: w.ws.backend.id })).toEqual({
      ok: true,
    });
    expect(await t.db.joinRequest.count()).toBe(0);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "join_request.withdrawn" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: w.users.nora.id,
      targetType: "join_request",
      targetId: request.id,
      targetLabel: "nora@acme.test → Engineering / Backend",
      metadata: {
        workspace: { id: w.ws.backend.id, name: "Engineering / Backend" },
        message: "Let me in",
      },
    });
    // Twice: nothing left to withdraw.
    await expectRefused(
      t.db,
      () => withdrawJoinRequestAction({ workspaceId: w.ws.backend.id }),
      NONE,
    );
    expect(await requestToJoinAction({ workspaceId: w.ws.backend.id })).toMatchObject({
      ok: true,
    });
  });

  it("a decided request can't be withdrawn, and another organization's workspace has none", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    await actAs(t.db, w.users.managerOfWorkspace.id);
    expect(await rejectJoinRequestAction({ requestId: request.id })).toMatchObject({ ok: true });
    await actAs(t.db, w.users.nora.id);
    await expectRefused(
      t.db,
      () => withdrawJoinRequestAction({ workspaceId: w.ws.backend.id }),
      NONE,
    );
    await expectRefused(
      t.db,
      () => withdrawJoinRequestAction({ workspaceId: w.ws.marketing.id }),
      NONE,
    );
    await expectRefused(
      t.db,
      () => withdrawJoinRequestAction({ workspaceId: "" }),
      "Please correct the highlighted fields.",
    );
  });
});

describe("a request answered some other way", () => {
  it("giving someone a role closes their requests for that workspace and the ones below it", async () => {
    const w = await workspaceWorld(t.db);
    await noraAsks(w);
    await t.db.joinRequest.create({
      data: {
        organizationId: w.org,
        workspaceId: w.ws.payments.id,
        membershipId: w.memberships.nora.id,
        pendingMembershipId: w.memberships.nora.id,
      },
    });
    await actAs(t.db, w.users.admin.id);
    expect(
      await setWorkspaceRoleAction({
        userId: w.users.nora.id,
        workspaceId: w.ws.eng.id,
        role: "viewer",
      }),
    ).toEqual({ ok: true });
    const requests = await t.db.joinRequest.findMany();
    expect(requests).toHaveLength(2);
    for (const request of requests) {
      expect(request).toMatchObject({
        status: "approved",
        pendingMembershipId: null,
        decidedById: w.users.admin.id,
        decidedRole: "viewer",
      });
    }
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "workspace.member_added" },
    });
    expect(event.metadata).toMatchObject({ joinRequestsClosed: 2 });
  });

  it("approving never lowers a role given meanwhile", async () => {
    const w = await workspaceWorld(t.db);
    const request = await noraAsks(w);
    // A race: she became manager of Backend while the request was still pending.
    await grantWorkspaceRole(t.db, w.memberships.nora, w.ws.backend.id, "manager");
    await actAs(t.db, w.users.managerOfParent.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: "member" }),
      "Nora Test is already manager of Backend. Approve with that role or a higher one, or reject the request.",
    );
    expect(await approveJoinRequestAction({ requestId: request.id, role: "manager" })).toEqual({
      ok: true,
      role: "manager",
    });
  });
});
