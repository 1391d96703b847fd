// The workspace page's member controls (add, change role, remove, keyed by person + workspace),
// checked from the workspace's side, actor by actor, along with what the pages read.
import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import {
  joinableWorkspacesFor,
  pendingJoinRequestCount,
  pendingJoinRequestsFor,
  workspaceDetailFor,
  workspaceTreeFor,
  type WorkspaceTreeNode,
} from "@/lib/workspaces";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { grantWorkspaceRole } from "@/lib/testing/fixtures";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "./member-actions";
import {
  ACTORS,
  expectRefused,
  scopedToBackend,
  signInAs,
  workspaceWorld,
  type ActorKey,
  type World,
} from "@/lib/workspaces/integration-world";

const t = setUpTestDatabase();

function actorId(w: World, actor: ActorKey): string {
  if (actor === "signedOut") throw new Error("signed out has no id");
  return w.users[actor].id;
}

async function roleOf(membershipId: string, workspaceId: string) {
  const row = await t.db.workspaceMembership.findFirst({
    where: { membershipId, workspaceId },
    select: { role: true },
  });
  return row?.role ?? null;
}

async function actorAs(userId: string) {
  await actAs(t.db, userId);
  const actor = await getActor();
  if (!actor) throw new Error("no actor");
  return actor;
}

describe("add Sam (a viewer of Payments) to Backend as member", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      setWorkspaceRoleAction({
        userId: w.users.sam.id,
        workspaceId: w.ws.backend.id,
        role: "member",
      });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true });
    expect(await roleOf(w.memberships.sam.id, w.ws.backend.id)).toBe("member");
    expect(
      await t.db.auditEvent.findFirst({
        where: { action: "workspace.member_added" },
        select: { actorId: true, targetId: true },
      }),
    ).toEqual({ actorId: actorId(w, actor), targetId: w.users.sam.id });
  });
});

describe("change Mo's role in Backend to viewer", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      setWorkspaceRoleAction({
        userId: w.users.member.id,
        workspaceId: w.ws.backend.id,
        role: "viewer",
      });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true });
    expect(await roleOf(w.memberships.member.id, w.ws.backend.id)).toBe("viewer");
    expect(
      await t.db.auditEvent.findFirst({
        where: { action: "workspace.member_role_changed" },
        select: { actorId: true, metadata: true },
      }),
    ).toMatchObject({
      actorId: actorId(w, actor),
      metadata: { before: { role: "member" }, after: { role: "viewer" } },
    });
  });

  it("an inherited role is upgraded, never downgraded: the message names the parent", async () => {
    const w = await workspaceWorld(t.db);
    await actAs(t.db, w.users.managerOfWorkspace.id);
    const message =
      'This person is member of "Backend", which includes this workspace. Change their role in "Backend" instead.';
    await expectRefused(
      t.db,
      () =>
        setWorkspaceRoleAction({
          userId: w.users.member.id,
          workspaceId: w.ws.payments.id,
          role: "viewer",
        }),
      message,
    );
    expect(
      await setWorkspaceRoleAction({
        userId: w.users.member.id,
        workspaceId: w.ws.payments.id,
        role: "manager",
      }),
    ).toEqual({ ok: true });
    expect(await roleOf(w.memberships.member.id, w.ws.payments.id)).toBe("manager");
  });
});

describe("remove Mo from Backend", () => {
  it.each(ACTORS.map((a) => [a, scopedToBackend(a)] as const))("%s → %s", async (actor, want) => {
    const w = await workspaceWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      removeFromWorkspaceAction({ userId: w.users.member.id, workspaceId: w.ws.backend.id });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true });
    expect(await roleOf(w.memberships.member.id, w.ws.backend.id)).toBeNull();
    // Mo stays in the organization.
    expect(await t.db.membership.count({ where: { id: w.memberships.member.id } })).toBe(1);
    expect(
      await t.db.auditEvent.count({
        where: { action: "workspace.member_removed", actorId: actorId(w, actor) },
      }),
    ).toBe(1);
  });
});

function flatten(nodes: WorkspaceTreeNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [
    `${"  ".repeat(depth)}${n.name} (${n.memberCount}) ${n.myRole ?? "-"}${n.pendingJoinRequests ? ` +${n.pendingJoinRequests}` : ""}`,
    ...flatten(n.children, depth + 1),
  ]);
}

describe("what the workspace pages show", () => {
  it("owners see the whole tree with effective member counts and pending requests", async () => {
    const w = await workspaceWorld(t.db);
    await t.db.joinRequest.create({
      data: {
        organizationId: w.org,
        workspaceId: w.ws.backend.id,
        membershipId: w.memberships.nora.id,
        pendingMembershipId: w.memberships.nora.id,
      },
    });
    const tree = await workspaceTreeFor(await actorAs(w.users.owner.id));
    // Backend: Mia, Mo, Vi, Gwen, Dee; Payments adds Sam; Engineering: Pat; Frontend: Sid + Pat.
    expect(flatten(tree)).toEqual([
      "Engineering (1) manager",
      "  Backend (6) manager +1",
      "    Identity (6) manager",
      "    Payments (7) manager",
      "  Frontend (2) manager",
      "Sales (0) manager",
    ]);
  });

  it("others see their workspaces (with the ancestors to place them) and may ask to join the rest", async () => {
    const w = await workspaceWorld(t.db);
    const sam = await actorAs(w.users.sam.id);
    expect(flatten(await workspaceTreeFor(sam))).toEqual([
      "Engineering (1) -",
      "  Backend (6) -",
      "    Payments (7) viewer",
    ]);
    await t.db.joinRequest.create({
      data: {
        organizationId: w.org,
        workspaceId: w.ws.sales.id,
        membershipId: w.memberships.sam.id,
        pendingMembershipId: w.memberships.sam.id,
      },
    });
    expect(await joinableWorkspacesFor(sam)).toEqual([
      { id: w.ws.eng.id, path: "Engineering", requested: false },
      { id: w.ws.backend.id, path: "Engineering / Backend", requested: false },
      { id: w.ws.identity.id, path: "Engineering / Backend / Identity", requested: false },
      { id: w.ws.frontend.id, path: "Engineering / Frontend", requested: false },
      { id: w.ws.sales.id, path: "Sales", requested: true },
    ]);
    expect(await joinableWorkspacesFor(await actorAs(w.users.admin.id))).toEqual([]);
  });

  it("only those who may decide see pending join requests, within their scope", async () => {
    const w = await workspaceWorld(t.db);
    for (const workspaceId of [w.ws.payments.id, w.ws.frontend.id, w.ws.sales.id]) {
      await t.db.joinRequest.create({
        data: {
          organizationId: w.org,
          workspaceId,
          membershipId: w.memberships.nora.id,
          pendingMembershipId: w.memberships.nora.id,
        },
      });
    }
    const counts: Partial<Record<ActorKey, number>> = {};
    for (const actor of [
      "owner",
      "admin",
      "managerOfWorkspace",
      "managerOfParent",
      "managerOfSibling",
      "member",
      "viewer",
      "guest",
    ] as const) {
      counts[actor] = await pendingJoinRequestCount(await actorAs(w.users[actor].id));
    }
    expect(counts).toEqual({
      owner: 3,
      admin: 3,
      managerOfWorkspace: 1,
      managerOfParent: 2,
      managerOfSibling: 1,
      member: 0,
      viewer: 0,
      guest: 0,
    });
    const mine = await pendingJoinRequestsFor(await actorAs(w.users.managerOfParent.id));
    expect(mine.map((r) => [r.workspacePath, r.email])).toEqual([
      ["Engineering / Backend / Payments", "nora@acme.test"],
      ["Engineering / Frontend", "nora@acme.test"],
    ]);
    // Another organization's owner sees none of Acme's.
    expect(await pendingJoinRequestCount(await actorAs(w.users.otherOrganization.id))).toBe(0);
  });

  it("a workspace's members: effective role, where it is inherited from, who may change it", async () => {
    const w = await workspaceWorld(t.db);
    await grantWorkspaceRole(t.db, w.memberships.member, w.ws.payments.id, "guest");
    const detail = await workspaceDetailFor(
      await actorAs(w.users.managerOfWorkspace.id),
      w.ws.payments.id,
    );
    if (!detail) throw new Error("not found");
    expect(detail.workspace.path).toBe("Engineering / Backend / Payments");
    expect(detail.access).toBe("full");
    expect(
      detail.members.map((m) => [
        m.name,
        m.effectiveRole.label,
        m.explicitRole?.label ?? null,
        m.inheritedFrom?.name ?? null,
        m.canChange,
        m.canRemove,
      ]),
    ).toEqual([
      ["Dee Test", "Manager", null, "Backend", true, false],
      ["Gwen Test", "Guest", null, "Backend", true, false],
      ["Mia Test", "Manager", null, "Backend", true, false],
      ["Mo Test", "Member", "Guest", "Backend", true, true],
      ["Pat Test", "Manager", null, "Engineering", true, false],
      ["Sam Test", "Viewer", "Viewer", null, true, true],
      ["Vi Test", "Viewer", null, "Backend", true, false],
    ]);
    expect(detail.members.find((m) => m.name === "Mo Test")).toMatchObject({
      effectiveRole: { role: "member", key: "member", recipe: null },
      explicitRole: { role: "guest", key: "guest", recipe: null },
    });
    // Mia, a manager, may give any built-in role here (there are no custom roles yet).
    expect(detail.roleOptions.map((o) => o.key)).toEqual(["manager", "member", "viewer", "guest"]);
    expect(detail.members.find((m) => m.name === "Dee Test")?.status).toBe("disabled");
    expect(detail.organizationManagers.map((m) => [m.name, m.orgRole])).toEqual([
      ["Olive Owner", "owner"],
      ["Ada Test", "admin"],
    ]);
    // Mia may add people from her workspaces only (Nora has none; Sid is elsewhere).
    expect(detail.addable).toEqual({ find: "", people: [], more: false });
    expect(detail.can).toEqual({
      createSub: true,
      rename: true,
      move: true,
      delete: false,
      decideJoinRequests: true,
      addMembers: true,
      manageMembers: true,
    });
    expect(detail.moveDestinations.map((d) => d.label)).toEqual([
      "Engineering / Backend / Identity",
    ]);
    expect(detail.deletion).toBeNull();
  });

  it("owners may add anyone, delete with a count of what goes, and move anywhere valid", async () => {
    const w = await workspaceWorld(t.db);
    const detail = await workspaceDetailFor(await actorAs(w.users.owner.id), w.ws.backend.id);
    if (!detail) throw new Error("not found");
    expect(detail.addable.people.map((p) => p.name)).toEqual(["Nora Test", "Sam Test", "Sid Test"]);
    expect(detail.deletion).toEqual({
      subWorkspaces: 2,
      subWorkspaceNames: ["Identity", "Payments"],
      memberships: 6,
      joinRequests: 0,
      invitations: 0,
    });
    expect(detail.moveDestinations.map((d) => d.label)).toEqual([
      "Top level",
      "Engineering / Frontend",
      "Sales",
    ]);
    expect(detail.children.map((c) => [c.name, c.memberCount])).toEqual([
      ["Identity", 6],
      ["Payments", 7],
    ]);
  });

  it("a guest sees no member list; someone without a role sees only how to ask to join", async () => {
    const w = await workspaceWorld(t.db);
    const guest = await workspaceDetailFor(await actorAs(w.users.guest.id), w.ws.backend.id);
    expect(guest).toMatchObject({ access: "guest", members: [], organizationManagers: [] });
    const nora = await actorAs(w.users.nora.id);
    const none = await workspaceDetailFor(nora, w.ws.backend.id);
    expect(none).toMatchObject({
      access: "none",
      members: [],
      children: [],
      myPendingRequest: null,
    });
    // Another organization's workspace: nothing at all.
    expect(await workspaceDetailFor(nora, w.ws.marketing.id)).toBeNull();
  });
});
