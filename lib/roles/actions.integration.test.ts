import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import {
  createCustomRoleAction,
  deleteCustomRoleAction,
  updateCustomRoleAction,
} from "@/lib/roles/actions";
import { ROLE_GONE } from "@/lib/roles/catalog";
import { rolesPageFor } from "@/lib/roles/queries";
import { createWorkspaceAction } from "@/lib/workspaces/actions";
import { actAs, sessionOf } from "@/lib/testing/actors";
import { expectRefused, FORBIDDEN, NOT_FOUND, signInAs } from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { snapshotDatabase } from "@/lib/testing/fixtures";
import { createCustomRole, EDITOR_USAGE, rolesWorld, type RolesWorld } from "./integration-world";

const t = setUpTestDatabase();

/** Owners and admins manage custom roles; another organization's owner, in their own only. */
const ACTORS = ["owner", "admin", "manager", "member", "otherOwner"] as const;
type ActorKey = (typeof ACTORS)[number];

const INVALID = "Please correct the highlighted fields.";
const CHANGED =
  "This role was changed by someone else since you opened it. Reload the page to see the latest version, then make your change again.";

async function auditOf(action: string) {
  return t.db.auditEvent.findMany({ where: { action }, orderBy: { createdAt: "asc" } });
}

async function role(id: string) {
  return t.db.customRole.findUnique({ where: { id } });
}

const EDITOR_INPUT = (w: RolesWorld) => ({
  roleId: w.roles.editor.id,
  version: 1,
  name: "Editor",
  description: "",
  baseRole: "member" as const,
  permissions: ["createSubWorkspaces" as const],
});

describe("create a custom role", () => {
  const expected = (actor: ActorKey) =>
    actor === "owner" || actor === "admin"
      ? "ok"
      : actor === "otherOwner"
        ? "in their own organization"
        : FORBIDDEN;

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await rolesWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      createCustomRoleAction({
        name: "  Publisher ",
        description: "Publishes what the team writes.",
        baseRole: "member",
        permissions: ["renameWorkspace", "createSubWorkspaces"],
      });
    if (want === FORBIDDEN) {
      await expectRefused(t.db, run, want);
      return;
    }
    const result = await run();
    expect(result).toEqual({ ok: true, roleId: expect.any(String) });
    if (!result.ok) return;
    const organizationId = want === "ok" ? w.org : w.globexOrg;
    expect(await role(result.roleId)).toMatchObject({
      organizationId,
      name: "Publisher",
      nameKey: "publisher",
      description: "Publishes what the team writes.",
      baseRole: "member",
      permissions: ["createSubWorkspaces", "renameWorkspace"],
      version: 1,
    });
    const events = await auditOf("role.created");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId,
      actorId: w.users[actor].id,
      targetType: "role",
      targetId: result.roleId,
      targetLabel: "Publisher",
      metadata: {
        name: "Publisher",
        description: "Publishes what the team writes.",
        baseRole: "member",
        permissions: ["createSubWorkspaces", "renameWorkspace"],
      },
    });
  });

  it("names are unique in the organization whatever their case, and only there", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    const taken = 'There is already a role named "EDITOR". Choose another name.';
    await expectRefused(
      t.db,
      () => createCustomRoleAction({ name: " EDITOR ", baseRole: "viewer", permissions: [] }),
      taken,
      { name: [taken] },
    );
    // Globex's Designer is another organization's: the name is free here.
    expect(
      await createCustomRoleAction({ name: "Designer", baseRole: "guest", permissions: [] }),
    ).toMatchObject({ ok: true });
  });

  it("two creations of one name at once: one is created, the other gets the field error", async () => {
    const w = await rolesWorld(t.db);
    const [asOwner, asAdmin] = await Promise.all([
      sessionOf(t.db, w.users.owner.id),
      sessionOf(t.db, w.users.admin.id),
    ]);
    const input = { name: "Writer", baseRole: "member" as const, permissions: [] };
    const results = await Promise.all([
      asOwner(() => createCustomRoleAction(input)),
      asAdmin(() => createCustomRoleAction({ ...input, name: "WRITER" })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused).toMatchObject({ ok: false, fieldErrors: { name: [expect.any(String)] } });
    expect(
      await t.db.customRole.count({ where: { organizationId: w.org, nameKey: "writer" } }),
    ).toBe(1);
  });

  it("refuses bad input field by field, changing nothing", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const before = await snapshotDatabase(t.db);
    expect(
      await createCustomRoleAction({ name: "  ", baseRole: "member", permissions: [] }),
    ).toEqual({ ok: false, error: INVALID, fieldErrors: { name: ["Enter a name"] } });
    expect(
      await createCustomRoleAction({ name: "manager", baseRole: "member", permissions: [] }),
    ).toMatchObject({
      fieldErrors: { name: ["That is the name of a built-in role: choose another"] },
    });
    expect(
      await createCustomRoleAction({ name: "x".repeat(41), baseRole: "member", permissions: [] }),
    ).toMatchObject({ fieldErrors: { name: ["Keep the name under 40 characters"] } });
    expect(
      await createCustomRoleAction({
        name: "Odd",
        baseRole: "owner" as unknown as "member",
        permissions: ["users.remove" as unknown as "renameWorkspace"],
      }),
    ).toMatchObject({
      fieldErrors: {
        baseRole: ["Choose a base role"],
        "permissions.0": ["Not a workspace permission"],
      },
    });
    expect(
      await createCustomRoleAction({
        name: "Twice",
        baseRole: "member",
        permissions: ["renameWorkspace", "renameWorkspace"],
      }),
    ).toMatchObject({ fieldErrors: { permissions: ["Choose each permission once"] } });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  it("drops the permissions its base role already holds", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const result = await createCustomRoleAction({
      name: "Lead",
      baseRole: "manager",
      permissions: ["renameWorkspace"],
    });
    if (!result.ok) throw new Error(result.error);
    expect(await role(result.roleId)).toMatchObject({ baseRole: "manager", permissions: [] });
  });

  it("an organization has at most 50 custom roles", async () => {
    const w = await rolesWorld(t.db);
    await t.db.customRole.createMany({
      data: Array.from({ length: 48 }, (_, i) => ({
        organizationId: w.org,
        name: `Role ${i}`,
        nameKey: `role ${i}`,
        baseRole: "viewer" as const,
        permissions: [],
      })),
    });
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => createCustomRoleAction({ name: "One more", baseRole: "viewer", permissions: [] }),
      "An organization can have at most 50 custom roles. Delete one it no longer needs first.",
    );
    // Globex has one: it may still create.
    await actAs(t.db, w.users.otherOwner.id);
    expect(
      await createCustomRoleAction({ name: "One more", baseRole: "viewer", permissions: [] }),
    ).toMatchObject({ ok: true });
  });
});

describe("edit a custom role", () => {
  const expected = (actor: ActorKey) =>
    actor === "owner" || actor === "admin" ? "ok" : actor === "otherOwner" ? NOT_FOUND : FORBIDDEN;

  it.each(ACTORS.map((a) => [a, expected(a)] as const))("%s → %s", async (actor, want) => {
    const w = await rolesWorld(t.db);
    await signInAs(t.db, w, actor);
    const run = () =>
      updateCustomRoleAction({
        ...EDITOR_INPUT(w),
        name: "Writer",
        description: "Writes.",
        permissions: ["createSubWorkspaces", "renameWorkspace"],
      });
    if (want !== "ok") {
      await expectRefused(t.db, run, want);
      return;
    }
    expect(await run()).toEqual({ ok: true, version: 2 });
    expect(await role(w.roles.editor.id)).toMatchObject({
      name: "Writer",
      nameKey: "writer",
      description: "Writes.",
      baseRole: "member",
      permissions: ["createSubWorkspaces", "renameWorkspace"],
      version: 2,
    });
    const [event] = await auditOf("role.updated");
    expect(event).toMatchObject({
      actorId: w.users[actor].id,
      targetType: "role",
      targetId: w.roles.editor.id,
      targetLabel: "Writer",
    });
    expect(event?.metadata).toEqual({
      before: {
        name: "Editor",
        description: "",
        baseRole: "member",
        permissions: ["createSubWorkspaces"],
      },
      after: {
        name: "Writer",
        description: "Writes.",
        baseRole: "member",
        permissions: ["createSubWorkspaces", "renameWorkspace"],
      },
    });
  });

  it("a new base role is written to every holder and every invitation that gives it", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    expect(await updateCustomRoleAction({ ...EDITOR_INPUT(w), baseRole: "viewer" })).toEqual({
      ok: true,
      version: 2,
    });
    const holders = await t.db.workspaceMembership.findMany({
      where: { customRoleId: w.roles.editor.id },
    });
    expect(holders.map((h) => h.role)).toEqual(["viewer", "viewer", "viewer"]);
    const invited = await t.db.invitationWorkspace.findMany({
      where: { customRoleId: w.roles.editor.id },
    });
    expect(invited.map((i) => i.role)).toEqual(["viewer", "viewer"]);
    // Reviewer's and the built-in roles' holders are untouched.
    expect(await t.db.workspaceMembership.count({ where: { role: "viewer" } })).toBe(4);
    const [event] = await auditOf("role.updated");
    expect(event?.metadata).toMatchObject({
      before: { baseRole: "member" },
      after: { baseRole: "viewer" },
      baseRoleWrittenTo: { memberships: 3, invitationWorkspaces: 2 },
    });
  });

  it("takes effect on its holders' next request", async () => {
    const w = await rolesWorld(t.db);
    const eve = await sessionOf(t.db, w.holders.eve.id);
    const sub = (name: string) =>
      eve(() => createWorkspaceAction({ name, parentId: w.ws.payments.id }));
    expect(await sub("Ledger")).toMatchObject({ ok: true });
    await actAs(t.db, w.users.owner.id);
    expect(await updateCustomRoleAction({ ...EDITOR_INPUT(w), permissions: [] })).toMatchObject({
      ok: true,
    });
    expect(await sub("Audit")).toEqual({ ok: false, error: FORBIDDEN });
  });

  it("a stale form is refused with a message, and nothing is lost", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    expect(await updateCustomRoleAction({ ...EDITOR_INPUT(w), name: "Author" })).toMatchObject({
      ok: true,
    });
    await expectRefused(
      t.db,
      () => updateCustomRoleAction({ ...EDITOR_INPUT(w), description: "Mine" }),
      CHANGED,
    );
    expect(await role(w.roles.editor.id)).toMatchObject({ name: "Author", description: "" });
  });

  it("a name clash (whatever its case) is a field error; its own name in another case is fine", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const taken = 'There is already a role named "reviewer". Choose another name.';
    await expectRefused(
      t.db,
      () => updateCustomRoleAction({ ...EDITOR_INPUT(w), name: "reviewer" }),
      taken,
      { name: [taken] },
    );
    expect(await updateCustomRoleAction({ ...EDITOR_INPUT(w), name: "EDITOR" })).toMatchObject({
      ok: true,
    });
    expect(await role(w.roles.editor.id)).toMatchObject({ name: "EDITOR", nameKey: "editor" });
  });

  it("a rename racing a creation onto one name: one wins, the other gets the field error", async () => {
    const w = await rolesWorld(t.db);
    const [asOwner, asAdmin] = await Promise.all([
      sessionOf(t.db, w.users.owner.id),
      sessionOf(t.db, w.users.admin.id),
    ]);
    const results = await Promise.all([
      asOwner(() => updateCustomRoleAction({ ...EDITOR_INPUT(w), name: "Author" })),
      asAdmin(() =>
        createCustomRoleAction({ name: "AUTHOR", baseRole: "viewer", permissions: [] }),
      ),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({
      ok: false,
      fieldErrors: { name: [expect.stringMatching(/^There is already a role named/)] },
    });
    expect(
      await t.db.customRole.count({ where: { organizationId: w.org, nameKey: "author" } }),
    ).toBe(1);
  });

  it("refuses a save that changes nothing, and another organization's role", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () => updateCustomRoleAction(EDITOR_INPUT(w)),
      "Nothing to save: the role is as it was.",
    );
    await expectRefused(
      t.db,
      () =>
        updateCustomRoleAction({
          ...EDITOR_INPUT(w),
          roleId: w.roles.designer.id,
          name: "Mine now",
        }),
      NOT_FOUND,
    );
  });
});

describe("delete a custom role", () => {
  const expected = (actor: ActorKey) =>
    actor === "owner" || actor === "admin" ? "ok" : actor === "otherOwner" ? NOT_FOUND : FORBIDDEN;

  it.each(ACTORS.map((a) => [a, expected(a)] as const))(
    "%s → %s (an unused role)",
    async (actor, want) => {
      const w = await rolesWorld(t.db);
      await signInAs(t.db, w, actor);
      const run = () =>
        deleteCustomRoleAction({
          roleId: w.roles.reviewer.id,
          expected: { people: 0, workspaces: 0, invitations: 0 },
        });
      if (want !== "ok") {
        await expectRefused(t.db, run, want);
        return;
      }
      expect(await run()).toEqual({ ok: true });
      expect(await role(w.roles.reviewer.id)).toBeNull();
      const [event] = await auditOf("role.deleted");
      expect(event).toMatchObject({
        actorId: w.users[actor].id,
        targetType: "role",
        targetId: w.roles.reviewer.id,
        targetLabel: "Reviewer",
      });
      expect(event?.metadata).toMatchObject({
        name: "Reviewer",
        baseRole: "viewer",
        permissions: ["viewMembers"],
        replacement: null,
        moved: { people: 0, workspaces: 0, invitations: 0, memberships: 0 },
      });
    },
  );

  it("a role in use needs a replacement, never itself", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const choose = "Choose the role its holders get instead of Editor.";
    await expectRefused(
      t.db,
      () => deleteCustomRoleAction({ roleId: w.roles.editor.id, expected: EDITOR_USAGE }),
      choose,
      { replacement: [choose] },
    );
    await expectRefused(
      t.db,
      () =>
        deleteCustomRoleAction({
          roleId: w.roles.editor.id,
          replacement: `custom:${w.roles.editor.id}`,
          expected: EDITOR_USAGE,
        }),
      INVALID,
      { replacement: ["Choose another role: this one is being deleted"] },
    );
    // Another organization's role is no replacement.
    await expectRefused(
      t.db,
      () =>
        deleteCustomRoleAction({
          roleId: w.roles.editor.id,
          replacement: `custom:${w.roles.designer.id}`,
          expected: EDITOR_USAGE,
        }),
      ROLE_GONE,
      { replacement: [ROLE_GONE] },
    );
  });

  it("moves its holders and pending invitations to a built-in role, in one transaction", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    expect(
      await deleteCustomRoleAction({
        roleId: w.roles.editor.id,
        replacement: "viewer",
        expected: EDITOR_USAGE,
      }),
    ).toEqual({ ok: true });
    expect(await role(w.roles.editor.id)).toBeNull();
    const eve = await t.db.workspaceMembership.findMany({
      where: { membershipId: w.holderMemberships.eve.id },
      orderBy: { workspaceId: "asc" },
    });
    expect(eve.map((m) => [m.role, m.customRoleId])).toEqual([
      ["viewer", null],
      ["viewer", null],
    ]);
    const pending = await t.db.invitationWorkspace.findMany({
      where: { invitationId: w.invitations.pending.id },
    });
    expect(pending.map((i) => [i.role, i.customRoleId])).toEqual([["viewer", null]]);
    // An accepted invitation is history: it keeps the base role it gave.
    const accepted = await t.db.invitationWorkspace.findMany({
      where: { invitationId: w.invitations.accepted.id },
    });
    expect(accepted.map((i) => [i.role, i.customRoleId])).toEqual([["member", null]]);
    const [event] = await auditOf("role.deleted");
    expect(event?.metadata).toMatchObject({
      name: "Editor",
      baseRole: "member",
      permissions: ["createSubWorkspaces"],
      replacement: { key: "viewer", label: "Viewer" },
      moved: { ...EDITOR_USAGE, memberships: 3, invitationWorkspaces: 1 },
    });
  });

  it("moves them to another custom role", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    expect(
      await deleteCustomRoleAction({
        roleId: w.roles.editor.id,
        replacement: `custom:${w.roles.reviewer.id}`,
        expected: EDITOR_USAGE,
      }),
    ).toEqual({ ok: true });
    const held = await t.db.workspaceMembership.findMany({
      where: { membershipId: { in: [w.holderMemberships.eve.id, w.holderMemberships.ed.id] } },
    });
    expect(held).toHaveLength(3);
    for (const m of held) {
      expect([m.role, m.customRoleId]).toEqual(["viewer", w.roles.reviewer.id]);
    }
    const pending = await t.db.invitationWorkspace.findFirstOrThrow({
      where: { invitationId: w.invitations.pending.id },
    });
    expect([pending.role, pending.customRoleId]).toEqual(["viewer", w.roles.reviewer.id]);
    const [event] = await auditOf("role.deleted");
    expect(event?.metadata).toMatchObject({
      replacement: { key: `custom:${w.roles.reviewer.id}`, label: "Reviewer" },
    });
  });

  it("refuses when who holds it changed since the confirmation, changing nothing", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () =>
        deleteCustomRoleAction({
          roleId: w.roles.editor.id,
          replacement: "member",
          expected: { ...EDITOR_USAGE, people: 1 },
        }),
      "Who holds Editor changed since you looked (now 2 people in 2 workspaces, and 1 pending invitation). Reload the page, check, and confirm again.",
    );
    // An unused role that someone was given meanwhile.
    const fresh = await createCustomRole(t.db, w.org, "Fresh", "guest", []);
    await t.db.workspaceMembership.create({
      data: {
        organizationId: w.org,
        membershipId: w.memberships.member.id,
        workspaceId: w.ws.sales.id,
        role: "guest",
        customRoleId: fresh.id,
      },
    });
    const result = await deleteCustomRoleAction({
      roleId: fresh.id,
      expected: { people: 0, workspaces: 0, invitations: 0 },
    });
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/^Who holds Fresh/) });
    expect(await role(fresh.id)).not.toBeNull();
  });
});

describe("the roles page's data", () => {
  it("lists the custom roles with what uses them, for owners and admins", async () => {
    const w = await rolesWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    const page = await rolesPageFor((await getActor())!);
    expect(page?.canManage).toBe(true);
    expect(
      page?.customRoles.map((r) => ({ name: r.name, recipe: r.recipe, usage: r.usage })),
    ).toEqual([
      { name: "Editor", recipe: "member + create sub-workspaces", usage: EDITOR_USAGE },
      {
        name: "Reviewer",
        recipe: "viewer + see members",
        usage: { people: 0, workspaces: 0, invitations: 0 },
      },
    ]);
    expect(page?.reference.workspaceRoles.map((r) => r.label)).toEqual([
      "Manager",
      "Member",
      "Viewer",
      "Guest",
      "Editor",
      "Reviewer",
    ]);
    expect(page?.roles.map((r) => r.label)).toContain("Editor");
    await actAs(t.db, w.users.manager.id);
    expect(await rolesPageFor((await getActor())!)).toBeNull();
  });
});
