import { describe, expect, it } from "vitest";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { grantWorkspaceRole, snapshotDatabase } from "@/lib/testing/fixtures";
import {
  createWorkspaceAction,
  deleteWorkspaceAction,
  moveWorkspaceAction,
  renameWorkspaceAction,
} from "@/lib/workspaces/actions";
import {
  ACTORS,
  FORBIDDEN,
  INACTIVE,
  NOT_FOUND,
  OUT_OF_SCOPE,
  SESSION,
  expectRefused,
  scopedToBackend,
  signInAs,
  workspaceWorld,
  type ActorKey,
  type World,
} from "@/lib/workspaces/integration-world";

const t = setUpTestDatabase();

const CHANGED = "This workspace was changed by someone else — reload to see the latest version.";

function actorId(w: World, actor: ActorKey): string {
  if (actor === "signedOut") throw new Error("signed out has no id");
  return w.users[actor].id;
}

async function auditOf(action: string) {
  return t.db.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });
}

async function workspace(id: string) {
  return t.db.workspace.findUniqueOrThrow({ where: { id } });
}

describe("create a top-level workspace", () => {
  // Owners and admins only. Another organization's owner creates in their own.
  function expected(actor: ActorKey): string {
    if (actor === "owner" || actor === "admin") return "ok";
    if (actor === "otherOrganization") return "in their own organization";
    if (actor === "disabled") return INACTIVE;
    if (actor === "signedOut") return SESSION;
    return FORBIDDEN;
  }

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () => createWorkspaceAction({ name: "Research", parentId: null });
    if (want !== "ok" && want !== "in their own organization") {
      await expectRefused(t.db, run, want);
      return;
    }
    const acmeBefore = await t.db.workspace.count({ where: { organizationId: w.org } });
    const result = await run();
    expect(result).toEqual({ ok: true, workspaceId: expect.any(String) });
    if (!result.ok) return;
    const organizationId = want === "ok" ? w.org : w.globexOrg;
    expect(await workspace(result.workspaceId)).toMatchObject({
      organizationId,
      parentId: null,
      name: "Research",
      siblingKey: "root/research",
      version: 1,
    });
    if (want !== "ok") {
      expect(await t.db.workspace.count({ where: { organizationId: w.org } })).toBe(acmeBefore);
    }
    const events = await auditOf("workspace.created");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId,
      actorId: actorId(w, actor),
      targetType: "workspace",
      targetId: result.workspaceId,
      targetLabel: "Research",
    });
  });
});

describe("create a sub-workspace under Backend", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () => createWorkspaceAction({ name: "Ledger", parentId: w.ws.backend.id });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    const result = await run();
    expect(result).toEqual({ ok: true, workspaceId: expect.any(String) });
    if (!result.ok) return;
    expect(await workspace(result.workspaceId)).toMatchObject({
      organizationId: w.org,
      parentId: w.ws.backend.id,
      name: "Ledger",
      siblingKey: `${w.ws.backend.id}/ledger`,
    });
    const [event] = await auditOf("workspace.created");
    expect(event).toMatchObject({
      actorId: actorId(w, actor),
      targetId: result.workspaceId,
      targetLabel: "Engineering / Backend / Ledger",
    });
    expect(event?.metadata).toEqual({
      name: "Ledger",
      parent: { id: w.ws.backend.id, name: "Engineering / Backend" },
    });
  });

  it("names are unique among siblings, whatever their case, and only among siblings", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfParent.id);
    await expectRefused(
      t.db,
      () => createWorkspaceAction({ name: "  PAYMENTS ", parentId: w.ws.backend.id }),
      'There is already a workspace named "PAYMENTS" in "Engineering / Backend".',
    );
    const result = await createWorkspaceAction({ name: "payments", parentId: w.ws.frontend.id });
    expect(result).toMatchObject({ ok: true });
    await actAs(t.db, w.users.admin.id);
    const refused = await createWorkspaceAction({ name: "sales", parentId: null });
    expect(refused).toEqual({
      ok: false,
      error: 'There is already a workspace named "sales" at the top level.',
      fieldErrors: { name: ['There is already a workspace named "sales" at the top level.'] },
    });
    // Globex's Marketing is another organization's: the name is free here.
    expect(await createWorkspaceAction({ name: "Marketing", parentId: null })).toMatchObject({
      ok: true,
    });
  });

  it("refuses bad names field by field, changing nothing", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const before = await snapshotDatabase(t.db);
    expect(await createWorkspaceAction({ name: "   ", parentId: null })).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { name: ["Enter a name"] },
    });
    expect(await createWorkspaceAction({ name: "A / B", parentId: null })).toMatchObject({
      fieldErrors: { name: ["A name can't contain a slash (/)"] },
    });
    expect(await createWorkspaceAction({ name: "x".repeat(81), parentId: null })).toMatchObject({
      fieldErrors: { name: ["Keep the name under 80 characters"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("another organization's parent reads as not found, even for an owner", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => createWorkspaceAction({ name: "Inside", parentId: w.ws.marketing.id }),
      NOT_FOUND,
    );
    await expectRefused(
      t.db,
      () => createWorkspaceAction({ name: "Inside", parentId: "no-such-workspace" }),
      NOT_FOUND,
    );
  });

  it("a manager can create deeper down, in what they created", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfWorkspace.id);
    const ledger = await createWorkspaceAction({ name: "Ledger", parentId: w.ws.backend.id });
    if (!ledger.ok) throw new Error(ledger.error);
    const deeper = await createWorkspaceAction({ name: "Audit", parentId: ledger.workspaceId });
    expect(deeper).toMatchObject({ ok: true });
    await expectRefused(
      t.db,
      () => createWorkspaceAction({ name: "Elsewhere", parentId: w.ws.eng.id }),
      OUT_OF_SCOPE,
    );
  });
});

describe("rename Backend", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      renameWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, name: "Platform" });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true, name: "Platform" });
    expect(await workspace(w.ws.backend.id)).toMatchObject({
      name: "Platform",
      siblingKey: `${w.ws.eng.id}/platform`,
      version: 2,
      parentId: w.ws.eng.id,
    });
    const [event] = await auditOf("workspace.renamed");
    expect(event).toMatchObject({
      actorId: actorId(w, actor),
      targetId: w.ws.backend.id,
      targetLabel: "Engineering / Platform",
    });
    expect(event?.metadata).toEqual({
      before: { name: "Backend", path: "Engineering / Backend" },
      after: { name: "Platform", path: "Engineering / Platform" },
    });
  });

  it("refuses a sibling's name, a stale version and no change; allows a change of case", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfParent.id);
    await expectRefused(
      t.db,
      () => renameWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, name: "frontend" }),
      'There is already a workspace named "frontend" in "Engineering".',
    );
    await expectRefused(
      t.db,
      () => renameWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, name: "Backend" }),
      'It is already called "Backend".',
    );
    expect(
      await renameWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, name: "backend" }),
    ).toEqual({ ok: true, name: "backend" });
    await expectRefused(
      t.db,
      () => renameWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, name: "Core" }),
      CHANGED,
    );
    // The same name is fine under another parent.
    expect(
      await renameWorkspaceAction({ workspaceId: w.ws.payments.id, version: 1, name: "Frontend" }),
    ).toMatchObject({ ok: true });
  });

  it("another organization's workspace reads as not found", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => renameWorkspaceAction({ workspaceId: w.ws.marketing.id, version: 1, name: "Mine" }),
      NOT_FOUND,
    );
  });
});

describe("move Backend under Frontend", () => {
  // Moving takes a workspace out of its parent and into another: both must be the caller's.
  function expected(actor: ActorKey): string {
    if (actor === "managerOfWorkspace") return OUT_OF_SCOPE;
    return scopedToBackend(actor);
  }

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      moveWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, parentId: w.ws.frontend.id });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true, parentId: w.ws.frontend.id });
    expect(await workspace(w.ws.backend.id)).toMatchObject({
      parentId: w.ws.frontend.id,
      siblingKey: `${w.ws.frontend.id}/backend`,
      version: 2,
    });
    // Its sub-workspaces come along.
    expect(await workspace(w.ws.payments.id)).toMatchObject({ parentId: w.ws.backend.id });
    const [event] = await auditOf("workspace.moved");
    expect(event).toMatchObject({
      actorId: actorId(w, actor),
      targetId: w.ws.backend.id,
      targetLabel: "Engineering / Frontend / Backend",
    });
    expect(event?.metadata).toEqual({
      before: {
        parentId: w.ws.eng.id,
        parent: "Engineering",
        path: "Engineering / Backend",
      },
      after: {
        parentId: w.ws.frontend.id,
        parent: "Engineering / Frontend",
        path: "Engineering / Frontend / Backend",
      },
    });
  });

  it("never into itself or its own subtree", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => moveWorkspaceAction({ workspaceId: w.ws.eng.id, version: 1, parentId: w.ws.eng.id }),
      "A workspace can't be moved into itself.",
    );
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({ workspaceId: w.ws.eng.id, version: 1, parentId: w.ws.payments.id }),
      '"Engineering" can\'t be moved into "Engineering / Backend / Payments": that workspace is inside it.',
    );
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, parentId: w.ws.eng.id }),
      '"Backend" is already in "Engineering".',
    );
  });

  it("keeps names unique among the new siblings", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    const dup = await createWorkspaceAction({ name: "PAYMENTS", parentId: w.ws.sales.id });
    expect(dup.ok).toBe(true);
    const before = await snapshotDatabase(t.db);
    const result = await moveWorkspaceAction({
      workspaceId: w.ws.payments.id,
      version: 1,
      parentId: w.ws.sales.id,
    });
    const message = 'There is already a workspace named "Payments" in "Sales".';
    expect(result).toEqual({ ok: false, error: message, fieldErrors: { parentId: [message] } });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("to the top level: owners and admins only; a stale version is refused", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfParent.id);
    await expectRefused(
      t.db,
      () => moveWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, parentId: null }),
      OUT_OF_SCOPE,
    );
    await actAs(t.db, w.users.admin.id);
    expect(
      await moveWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, parentId: "" }),
    ).toEqual({ ok: true, parentId: null });
    expect(await workspace(w.ws.backend.id)).toMatchObject({
      parentId: null,
      siblingKey: "root/backend",
    });
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({ workspaceId: w.ws.backend.id, version: 1, parentId: w.ws.eng.id }),
      CHANGED,
    );
  });

  it("a manager moves within their workspaces, and keeps managing what moved", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfWorkspace.id);
    expect(
      await moveWorkspaceAction({
        workspaceId: w.ws.payments.id,
        version: 1,
        parentId: w.ws.identity.id,
      }),
    ).toEqual({ ok: true, parentId: w.ws.identity.id });
    // Out of Backend into Frontend: Frontend isn't theirs.
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({
          workspaceId: w.ws.identity.id,
          version: 1,
          parentId: w.ws.frontend.id,
        }),
      OUT_OF_SCOPE,
    );
    expect(
      await renameWorkspaceAction({ workspaceId: w.ws.payments.id, version: 2, name: "Billing" }),
    ).toMatchObject({ ok: true });
  });

  it("two moves at once can't make a cycle: the second sees the first", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const results = await Promise.all([
      moveWorkspaceAction({ workspaceId: w.ws.frontend.id, version: 1, parentId: w.ws.sales.id }),
      moveWorkspaceAction({ workspaceId: w.ws.sales.id, version: 1, parentId: w.ws.frontend.id }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      error: expect.stringContaining("that workspace is inside it"),
    });
    const [frontend, sales] = await Promise.all([
      workspace(w.ws.frontend.id),
      workspace(w.ws.sales.id),
    ]);
    expect(frontend.parentId === w.ws.sales.id && sales.parentId === w.ws.frontend.id).toBe(false);
  });

  it("a manager of a workspace, but not of its parent, can't take it out of that parent", async () => {
    const w = await workspaceWorld(t.db);
    // Sid manages Frontend, and now Payments too (but not Backend, Payments' parent).
    await grantWorkspaceRole(t.db, w.memberships.managerOfSibling, w.ws.payments.id, "manager");
    await actAs(t.db, w.users.managerOfSibling.id);
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({
          workspaceId: w.ws.payments.id,
          version: 1,
          parentId: w.ws.frontend.id,
        }),
      OUT_OF_SCOPE,
    );
    // Renaming is theirs, though: Payments is one of their workspaces.
    expect(
      await renameWorkspaceAction({ workspaceId: w.ws.payments.id, version: 1, name: "Billing" }),
    ).toMatchObject({ ok: true });
  });

  it("another organization's workspace or destination reads as not found", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({
          workspaceId: w.ws.backend.id,
          version: 1,
          parentId: w.ws.marketing.id,
        }),
      NOT_FOUND,
    );
    await expectRefused(
      t.db,
      () =>
        moveWorkspaceAction({ workspaceId: w.ws.marketing.id, version: 1, parentId: w.ws.eng.id }),
      NOT_FOUND,
    );
  });
});

describe("delete Backend", () => {
  function expected(actor: ActorKey): string {
    const scoped = scopedToBackend(actor);
    // Deleting is for owners and admins only: no manager, whatever their scope.
    return actor.startsWith("managerOf") ? FORBIDDEN : scoped;
  }

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await t.db.joinRequest.create({
      data: {
        organizationId: w.org,
        workspaceId: w.ws.payments.id,
        membershipId: w.memberships.nora.id,
        pendingMembershipId: w.memberships.nora.id,
      },
    });
    await signInAs(t.db, w, actor);
    const run = () =>
      deleteWorkspaceAction({
        workspaceId: w.ws.backend.id,
        expected: { subWorkspaces: 2, memberships: 6, joinRequests: 1, invitations: 0 },
      });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true });
    const gone = [w.ws.backend.id, w.ws.payments.id, w.ws.identity.id];
    expect(await t.db.workspace.count({ where: { id: { in: gone } } })).toBe(0);
    expect(await t.db.workspaceMembership.count({ where: { workspaceId: { in: gone } } })).toBe(0);
    expect(await t.db.joinRequest.count()).toBe(0);
    // Everyone stays in the organization, and everything else stays put.
    expect(await t.db.membership.count({ where: { organizationId: w.org } })).toBe(11);
    expect(await t.db.workspace.count({ where: { organizationId: w.org } })).toBe(3);
    const [event] = await auditOf("workspace.deleted");
    expect(event).toMatchObject({
      actorId: actorId(w, actor),
      targetId: w.ws.backend.id,
      targetLabel: "Engineering / Backend",
    });
    // Mia, Mo, Vi, Gwen, Dee in Backend; Sam in Payments.
    expect(event?.metadata).toEqual({
      path: "Engineering / Backend",
      subWorkspaces: ["Engineering / Backend / Identity", "Engineering / Backend / Payments"],
      memberships: 6,
      pendingJoinRequests: 1,
      pendingInvitationsAffected: 0,
    });
  });

  it("another organization's workspace reads as not found", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    await expectRefused(
      t.db,
      () =>
        deleteWorkspaceAction({
          workspaceId: w.ws.marketing.id,
          expected: { subWorkspaces: 0, memberships: 0, joinRequests: 0, invitations: 0 },
        }),
      NOT_FOUND,
    );
  });

  it("refuses to take more than the confirmation said: a subtree moved in meanwhile", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    // The admin saw Backend with Payments and Identity; then someone moved Frontend under it.
    await t.db.workspace.update({
      where: { id: w.ws.frontend.id },
      data: { parentId: w.ws.backend.id, siblingKey: `${w.ws.backend.id}/frontend` },
    });
    await expectRefused(
      t.db,
      () =>
        deleteWorkspaceAction({
          workspaceId: w.ws.backend.id,
          expected: { subWorkspaces: 2, memberships: 6, joinRequests: 0, invitations: 0 },
        }),
      "What deleting Backend takes with it changed since you looked (now 3 sub-workspaces and 7 roles). Reload the page, check, and confirm again.",
    );
  });
});
