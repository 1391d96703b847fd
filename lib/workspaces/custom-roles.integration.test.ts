// Custom workspace roles given, changed, taken away and approved with, from a workspace's side and
// from Edit user's, actor by actor: owners and admins give any role; anyone else acts only where
// they hold the permission the change needs, on nobody who outranks them, and gives no role above
// their own or with a permission they lack. The custom roles are written straight to the database
// (their management is another page's).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import type { Db } from "@/lib/db";
import { findTargetMember } from "@/lib/people";
import type { WorkspacePermission, WorkspaceRole } from "@/lib/permissions";
import { ROLE_GONE } from "@/lib/roles";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createUser, snapshotDatabase } from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import {
  pendingJoinRequestCount,
  personWorkspaceRoles,
  workspaceDetailFor,
  workspaceTreeFor,
} from "@/lib/workspaces";
import { approveJoinRequestAction } from "./join-request-actions";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "./member-actions";
import {
  FORBIDDEN,
  NOT_FOUND,
  OUT_OF_SCOPE,
  expectRefused,
  workspaceWorld,
} from "./integration-world";

const t = setUpTestDatabase();
let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => mailbox.restore());

const INVALID_ROLE = "That role can't be given here.";

async function customRole(
  db: Db,
  organizationId: string,
  name: string,
  baseRole: WorkspaceRole,
  permissions: WorkspacePermission[],
) {
  return db.customRole.create({
    data: { organizationId, name, nameKey: name.toLowerCase(), baseRole, permissions },
  });
}

/**
 * The workspace world (Engineering > Backend > Payments, Identity; Frontend; Sales), with Acme's
 * custom roles — Adder (member + add people), Gatekeeper (member + approve join requests), Editor
 * (member + set workspace roles), Remover (viewer + remove people) — each held in Backend by one
 * person: Ann, Gail, Ed and Rita. Globex has a custom role of its own, Spy.
 */
async function world() {
  const w = await workspaceWorld(t.db);
  const roles = {
    adder: await customRole(t.db, w.org, "Adder", "member", ["addMembers"]),
    gatekeeper: await customRole(t.db, w.org, "Gatekeeper", "member", ["decideJoinRequests"]),
    editor: await customRole(t.db, w.org, "Editor", "member", ["setMemberRoles"]),
    remover: await customRole(t.db, w.org, "Remover", "viewer", ["removeMembers"]),
    spy: await customRole(t.db, w.globexOrg, "Spy", "viewer", []),
  };
  async function holder(firstName: string, role: { id: string; baseRole: WorkspaceRole }) {
    const user = await createUser(t.db, {
      firstName,
      lastName: "Custom",
      email: `${firstName.toLowerCase()}@acme.test`,
    });
    const { membership } = await addMember(t.db, w.org, { user });
    await t.db.workspaceMembership.create({
      data: {
        organizationId: w.org,
        membershipId: membership.id,
        workspaceId: w.ws.backend.id,
        role: role.baseRole,
        customRoleId: role.id,
      },
    });
    return { user, membership };
  }
  const holders = {
    adder: await holder("Ann", roles.adder),
    gatekeeper: await holder("Gail", roles.gatekeeper),
    editor: await holder("Ed", roles.editor),
    remover: await holder("Rita", roles.remover),
  };
  return { ...w, roles, holders };
}
type World = Awaited<ReturnType<typeof world>>;

const key = (role: { id: string }) => `custom:${role.id}` as const;

/** A person's own role in a workspace, as stored. */
async function grantOf(userId: string, workspaceId: string) {
  return t.db.workspaceMembership.findFirst({
    where: { workspaceId, membership: { userId } },
    select: { role: true, customRoleId: true },
  });
}

async function actorAs(userId: string) {
  await actAs(t.db, userId);
  const actor = await getActor();
  if (!actor) throw new Error("no actor");
  return actor;
}

const setRole = (userId: string, workspaceId: string, role: string) =>
  setWorkspaceRoleAction({ userId, workspaceId, role: role as "member" });

describe("giving a custom role", () => {
  it("the owner gives one: its id is stored with its base role, and the audit log names it", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    expect(await setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.editor))).toEqual({
      ok: true,
    });
    expect(await grantOf(w.users.sam.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: w.roles.editor.id,
    });
    // Member is another role than Editor, though Editor is based on it.
    expect(await setRole(w.users.sam.id, w.ws.backend.id, "member")).toEqual({ ok: true });
    expect(await grantOf(w.users.sam.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: null,
    });
    expect(await setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.editor))).toEqual({
      ok: true,
    });
    const again = await setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.editor));
    expect(again).toEqual({ ok: false, error: "Sam Test is already Editor of Backend." });

    const events = await t.db.auditEvent.findMany({
      where: { targetId: w.users.sam.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    expect(events.map((e) => [e.action, e.metadata])).toEqual([
      [
        "workspace.member_added",
        {
          workspace: { id: w.ws.backend.id, name: "Engineering / Backend" },
          before: { role: null },
          after: { role: "member", customRole: { id: w.roles.editor.id, name: "Editor" } },
        },
      ],
      [
        "workspace.member_role_changed",
        {
          workspace: { id: w.ws.backend.id, name: "Engineering / Backend" },
          before: { role: "member", customRole: { id: w.roles.editor.id, name: "Editor" } },
          after: { role: "member" },
        },
      ],
      [
        "workspace.member_role_changed",
        {
          workspace: { id: w.ws.backend.id, name: "Engineering / Backend" },
          before: { role: "member" },
          after: { role: "member", customRole: { id: w.roles.editor.id, name: "Editor" } },
        },
      ],
    ]);
  });

  it("an admin and a workspace manager give any custom role there", async () => {
    const w = await world();
    await actAs(t.db, w.users.admin.id);
    expect(await setRole(w.users.nora.id, w.ws.sales.id, key(w.roles.remover))).toEqual({
      ok: true,
    });
    await actAs(t.db, w.users.managerOfWorkspace.id);
    expect(await setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.adder))).toEqual({
      ok: true,
    });
    expect(await grantOf(w.users.sam.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: w.roles.adder.id,
    });
  });

  it("an inherited custom role is upgraded, never downgraded: the message names it", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const message =
      'This person is Editor of "Backend", which includes this workspace. Change their role in "Backend" instead.';
    const before = await snapshotDatabase(t.db);
    expect(await setRole(w.holders.editor.user.id, w.ws.payments.id, "guest")).toEqual({
      ok: false,
      error: message,
      fieldErrors: { role: [message] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
    // Another role of the same rank, or a higher one, is fine.
    expect(await setRole(w.holders.editor.user.id, w.ws.payments.id, key(w.roles.adder))).toEqual({
      ok: true,
    });
  });

  it("another organization's custom role, or a deleted one, is refused on the role field", async () => {
    const w = await world();
    const gone = await customRole(t.db, w.org, "Gone", "guest", []);
    await t.db.customRole.delete({ where: { id: gone.id } });
    for (const actor of [w.users.owner, w.users.managerOfWorkspace]) {
      await actAs(t.db, actor.id);
      for (const role of [key(w.roles.spy), key(gone), "custom:no-such-role"]) {
        const before = await snapshotDatabase(t.db);
        expect(await setRole(w.users.sam.id, w.ws.backend.id, role)).toEqual({
          ok: false,
          error: ROLE_GONE,
          fieldErrors: { role: [ROLE_GONE] },
        });
        expect(await snapshotDatabase(t.db)).toEqual(before);
      }
    }
  });

  it("a plain member and another organization's owner are refused, whatever the role", async () => {
    const w = await world();
    await actAs(t.db, w.users.member.id);
    await expectRefused(
      t.db,
      () => setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.adder)),
      FORBIDDEN,
    );
    await actAs(t.db, w.users.otherOrganization.id);
    await expectRefused(
      t.db,
      () => setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.spy)),
      NOT_FOUND,
    );
    await expectRefused(
      t.db,
      () => setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.adder)),
      NOT_FOUND,
    );
  });
});

describe("a custom role that may add people, and no more", () => {
  it("adds people from its workspaces, with roles no higher than its own and no other permission", async () => {
    const w = await world();
    await actAs(t.db, w.holders.adder.user.id);
    // Sam (viewer of Payments, below Backend) has no role in Backend yet: adding him.
    for (const role of ["manager", key(w.roles.editor), key(w.roles.gatekeeper)]) {
      await expectRefused(t.db, () => setRole(w.users.sam.id, w.ws.backend.id, role), INVALID_ROLE);
    }
    expect(await setRole(w.users.sam.id, w.ws.backend.id, key(w.roles.adder))).toEqual({
      ok: true,
    });
    expect(await grantOf(w.users.sam.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: w.roles.adder.id,
    });
    // Nora is in none of Ann's workspaces; Sales is not Ann's.
    await expectRefused(
      t.db,
      () => setRole(w.users.nora.id, w.ws.backend.id, "member"),
      OUT_OF_SCOPE,
    );
    await expectRefused(t.db, () => setRole(w.users.sam.id, w.ws.sales.id, "member"), OUT_OF_SCOPE);
  });

  it("changes no one's role and removes no one", async () => {
    const w = await world();
    await actAs(t.db, w.holders.adder.user.id);
    // Vi is a viewer of Backend: a change. Sam's role in Payments comes from his own.
    await expectRefused(
      t.db,
      () => setRole(w.users.viewer.id, w.ws.backend.id, "guest"),
      OUT_OF_SCOPE,
    );
    await expectRefused(
      t.db,
      () => removeFromWorkspaceAction({ userId: w.users.viewer.id, workspaceId: w.ws.backend.id }),
      OUT_OF_SCOPE,
    );
    await expectRefused(
      t.db,
      () => removeFromWorkspaceAction({ userId: w.users.sam.id, workspaceId: w.ws.payments.id }),
      OUT_OF_SCOPE,
    );
  });

  it("its workspace page offers Add people with the roles it may give, and no row actions", async () => {
    const w = await world();
    const detail = await workspaceDetailFor(
      await actorAs(w.holders.adder.user.id),
      w.ws.backend.id,
    );
    if (!detail) throw new Error("not found");
    expect(detail.can).toMatchObject({ addMembers: true, decideJoinRequests: false });
    expect(detail.roleOptions).toEqual([
      { key: "member", label: "Member", recipe: null },
      { key: "viewer", label: "Viewer", recipe: null },
      { key: "guest", label: "Guest", recipe: null },
      { key: key(w.roles.adder), label: "Adder", recipe: "member + add people" },
    ]);
    expect(detail.members.filter((m) => m.canChange || m.canRemove)).toEqual([]);
    // People from its workspaces (Sam, through Payments) may be added; Nora and Sid may not.
    expect(detail.addable.people.map((p) => p.name)).toEqual(["Sam Test"]);
    // Her own role is shown by its name, on the page and in the tree.
    expect(detail.myRole).toMatchObject({ role: "member", customRole: { name: "Adder" } });
    const [eng] = await workspaceTreeFor(await actorAs(w.holders.adder.user.id));
    expect(eng?.children.map((c) => [c.name, c.myRole, c.myRoleLabel])).toEqual([
      ["Backend", "member", "Adder"],
    ]);
    const ann = detail.members.find((m) => m.name === "Ann Custom");
    expect(ann?.effectiveRole).toEqual({
      role: "member",
      key: key(w.roles.adder),
      label: "Adder",
      recipe: "member + add people",
    });
  });
});

describe("a custom role that may set workspace roles", () => {
  it("changes roles to ones no higher than its own and with no permission it lacks", async () => {
    const w = await world();
    await actAs(t.db, w.holders.editor.user.id);
    for (const role of ["manager", key(w.roles.adder), key(w.roles.remover)]) {
      await expectRefused(
        t.db,
        () => setRole(w.users.viewer.id, w.ws.backend.id, role),
        INVALID_ROLE,
      );
    }
    expect(await grantOf(w.users.viewer.id, w.ws.backend.id)).toEqual({
      role: "viewer",
      customRoleId: null,
    });
    expect(await setRole(w.users.viewer.id, w.ws.backend.id, key(w.roles.editor))).toEqual({
      ok: true,
    });
    expect(await setRole(w.users.member.id, w.ws.backend.id, "guest")).toEqual({ ok: true });
  });

  it("never changes someone who outranks it, and adds or removes no one", async () => {
    const w = await world();
    await actAs(t.db, w.holders.editor.user.id);
    // Mia manages Backend; Pat manages Engineering, so Backend too (inherited).
    await expectRefused(
      t.db,
      () => setRole(w.users.managerOfWorkspace.id, w.ws.backend.id, "member"),
      OUT_OF_SCOPE,
    );
    await expectRefused(
      t.db,
      () => setRole(w.users.managerOfParent.id, w.ws.payments.id, "member"),
      OUT_OF_SCOPE,
    );
    await expectRefused(
      t.db,
      () => setRole(w.users.sam.id, w.ws.backend.id, "viewer"),
      OUT_OF_SCOPE,
    );
    await expectRefused(
      t.db,
      () => removeFromWorkspaceAction({ userId: w.users.viewer.id, workspaceId: w.ws.backend.id }),
      OUT_OF_SCOPE,
    );
  });

  it("the page lets it change the roles of those it doesn't rank below, nothing else", async () => {
    const w = await world();
    const detail = await workspaceDetailFor(
      await actorAs(w.holders.editor.user.id),
      w.ws.backend.id,
    );
    if (!detail) throw new Error("not found");
    expect(detail.can.addMembers).toBe(false);
    expect(detail.addable.people).toEqual([]);
    expect(detail.roleOptions.map((o) => o.label)).toEqual(["Member", "Viewer", "Guest", "Editor"]);
    expect(
      Object.fromEntries(detail.members.map((m) => [m.name, [m.canChange, m.canRemove]])),
    ).toEqual({
      "Ann Custom": [true, false],
      "Dee Test": [false, false],
      "Ed Custom": [true, false],
      "Gail Custom": [true, false],
      "Gwen Test": [true, false],
      "Mia Test": [false, false],
      "Mo Test": [true, false],
      "Pat Test": [false, false],
      "Rita Custom": [true, false],
      "Vi Test": [true, false],
    });
  });

  it("a custom role changed meanwhile to allow more than the giver holds is refused", async () => {
    const w = await world();
    const wider = await customRole(t.db, w.org, "Wider", "viewer", []);
    await actAs(t.db, w.holders.editor.user.id);
    expect(await setRole(w.users.viewer.id, w.ws.backend.id, key(wider))).toEqual({ ok: true });
    await t.db.customRole.update({
      where: { id: wider.id },
      data: { permissions: ["inviteMembers"], version: { increment: 1 } },
    });
    await expectRefused(
      t.db,
      () => setRole(w.users.member.id, w.ws.backend.id, key(wider)),
      INVALID_ROLE,
    );
  });
});

describe("a custom role that may remove people", () => {
  it("removes those it doesn't rank below, not those above it", async () => {
    const w = await world();
    await actAs(t.db, w.holders.remover.user.id);
    // Rita's role is based on viewer: Vi and Gwen rank no higher; Mo (member) does.
    await expectRefused(
      t.db,
      () => removeFromWorkspaceAction({ userId: w.users.member.id, workspaceId: w.ws.backend.id }),
      OUT_OF_SCOPE,
    );
    expect(
      await removeFromWorkspaceAction({ userId: w.users.viewer.id, workspaceId: w.ws.backend.id }),
    ).toEqual({ ok: true });
    await expectRefused(
      t.db,
      () => setRole(w.users.guest.id, w.ws.backend.id, "viewer"),
      OUT_OF_SCOPE,
    );
    const detail = await workspaceDetailFor(
      await actorAs(w.holders.remover.user.id),
      w.ws.backend.id,
    );
    expect(
      detail?.members.filter((m) => m.canRemove || m.canChange).map((m) => [m.name, m.canRemove]),
    ).toEqual([
      ["Gwen Test", true],
      ["Rita Custom", true],
    ]);
  });
});

describe("approving a join request with a custom role", () => {
  async function noraAsks(w: World) {
    return t.db.joinRequest.create({
      data: {
        organizationId: w.org,
        workspaceId: w.ws.backend.id,
        membershipId: w.memberships.nora.id,
        pendingMembershipId: w.memberships.nora.id,
      },
    });
  }

  it("the owner approves with one: stored, audited and emailed by its name", async () => {
    const w = await world();
    const request = await noraAsks(w);
    await actAs(t.db, w.users.owner.id);
    expect(
      await approveJoinRequestAction({ requestId: request.id, role: key(w.roles.editor) }),
    ).toEqual({ ok: true, role: key(w.roles.editor) });
    expect(await grantOf(w.users.nora.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: w.roles.editor.id,
    });
    expect(await t.db.joinRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "approved",
      decidedRole: "member",
    });
    const approved = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "join_request.approved" },
    });
    expect(approved.metadata).toEqual({
      workspace: { id: w.ws.backend.id, name: "Engineering / Backend" },
      role: "member",
      customRole: { id: w.roles.editor.id, name: "Editor" },
    });
    expect(mailbox.messages).toHaveLength(1);
    expect(mailbox.messages[0]!.text).toContain("Your role there: Editor.");
  });

  it("one who may only approve requests approves with roles within their own", async () => {
    const w = await world();
    const request = await noraAsks(w);
    const gail = await actorAs(w.holders.gatekeeper.user.id);
    expect(await pendingJoinRequestCount(gail)).toBe(1);
    const detail = await workspaceDetailFor(gail, w.ws.backend.id);
    expect(detail?.can).toMatchObject({ decideJoinRequests: true, addMembers: false });
    expect(detail?.joinRequests.map((r) => r.name)).toEqual(["Nora Test"]);
    expect(detail?.roleOptions.map((o) => o.label)).toEqual([
      "Member",
      "Viewer",
      "Guest",
      "Gatekeeper",
    ]);
    expect(detail?.members.filter((m) => m.canChange || m.canRemove)).toEqual([]);
    for (const role of ["manager", key(w.roles.adder)] as const) {
      await expectRefused(
        t.db,
        () => approveJoinRequestAction({ requestId: request.id, role }),
        INVALID_ROLE,
      );
    }
    // Nor may she add or change anyone.
    await expectRefused(
      t.db,
      () => setRole(w.users.sam.id, w.ws.backend.id, "viewer"),
      OUT_OF_SCOPE,
    );
    expect(
      await approveJoinRequestAction({ requestId: request.id, role: key(w.roles.gatekeeper) }),
    ).toEqual({ ok: true, role: key(w.roles.gatekeeper) });
    expect(await grantOf(w.users.nora.id, w.ws.backend.id)).toEqual({
      role: "member",
      customRoleId: w.roles.gatekeeper.id,
    });
  });

  it("one who may not decide requests is refused; another organization's role is gone", async () => {
    const w = await world();
    const request = await noraAsks(w);
    await actAs(t.db, w.holders.adder.user.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: "member" }),
      OUT_OF_SCOPE,
    );
    expect(await pendingJoinRequestCount(await actorAs(w.holders.adder.user.id))).toBe(0);
    await actAs(t.db, w.users.member.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: key(w.roles.editor) }),
      FORBIDDEN,
    );
    for (const actor of [w.users.owner, w.users.managerOfWorkspace]) {
      await actAs(t.db, actor.id);
      const before = await snapshotDatabase(t.db);
      expect(
        await approveJoinRequestAction({ requestId: request.id, role: key(w.roles.spy) }),
      ).toEqual({ ok: false, error: ROLE_GONE, fieldErrors: { role: [ROLE_GONE] } });
      expect(await snapshotDatabase(t.db)).toEqual(before);
    }
    await actAs(t.db, w.users.otherOrganization.id);
    await expectRefused(
      t.db,
      () => approveJoinRequestAction({ requestId: request.id, role: key(w.roles.spy) }),
      NOT_FOUND,
    );
    expect(mailbox.messages).toEqual([]);
  });
});

describe("Edit user's workspace roles", () => {
  it("shows custom roles by name, inherited ones with where they come from", async () => {
    const w = await world();
    const owner = await actorAs(w.users.owner.id);
    const ed = await findTargetMember(t.db, w.org, w.holders.editor.user.id);
    if (!ed) throw new Error("no Ed");
    const page = await personWorkspaceRoles(owner, ed);
    expect(
      page.rows.map((r) => [
        r.path,
        r.explicitRole?.label ?? null,
        r.effectiveRole.label,
        r.inheritedFrom,
        r.choices,
      ]),
    ).toEqual([
      ["Engineering / Backend", "Editor", "Editor", null, "all"],
      ["Engineering / Backend / Identity", null, "Editor", "Backend", "all"],
      ["Engineering / Backend / Payments", null, "Editor", "Backend", "all"],
    ]);
    expect(page.roles.map((r) => [r.label, r.recipe])).toEqual([
      ["Manager", null],
      ["Member", null],
      ["Viewer", null],
      ["Guest", null],
      ["Adder", "member + add people"],
      ["Editor", "member + set workspace roles"],
      ["Gatekeeper", "member + approve join requests"],
      ["Remover", "viewer + remove people"],
    ]);
    expect(page.addable.map((a) => a.path)).toEqual([
      "Engineering",
      "Engineering / Frontend",
      "Sales",
    ]);
  });

  it("offers each viewer only what they may do, where, with the roles they may give", async () => {
    const w = await world();
    // Sam: viewer of Payments (below Backend).
    const sam = await findTargetMember(t.db, w.org, w.users.sam.id);
    if (!sam) throw new Error("no Sam");
    const row = (page: Awaited<ReturnType<typeof personWorkspaceRoles>>) =>
      page.rows.map((r) => [r.path, r.canChange, r.canRemove, r.choices]);

    const adder = await personWorkspaceRoles(await actorAs(w.holders.adder.user.id), sam);
    expect(row(adder)).toEqual([["Engineering / Backend / Payments", false, false, []]]);
    expect(adder.addable.map((a) => [a.path, a.choices])).toEqual([
      ["Engineering / Backend", ["member", "viewer", "guest", key(w.roles.adder)]],
      ["Engineering / Backend / Identity", ["member", "viewer", "guest", key(w.roles.adder)]],
    ]);

    const remover = await personWorkspaceRoles(await actorAs(w.holders.remover.user.id), sam);
    expect(row(remover)).toEqual([["Engineering / Backend / Payments", false, true, []]]);
    expect(remover.addable).toEqual([]);

    const editor = await personWorkspaceRoles(await actorAs(w.holders.editor.user.id), sam);
    expect(row(editor)).toEqual([
      [
        "Engineering / Backend / Payments",
        true,
        false,
        ["member", "viewer", "guest", key(w.roles.editor)],
      ],
    ]);

    const manager = await personWorkspaceRoles(await actorAs(w.users.managerOfWorkspace.id), sam);
    expect(row(manager)).toEqual([
      [
        "Engineering / Backend / Payments",
        true,
        true,
        [
          "manager",
          "member",
          "viewer",
          "guest",
          key(w.roles.adder),
          key(w.roles.editor),
          key(w.roles.gatekeeper),
          key(w.roles.remover),
        ],
      ],
    ]);
  });
});
