import { describe, expect, it } from "vitest";
import {
  acmeWorld,
  person as addPerson,
  FORBIDDEN,
  INACTIVE,
  NOT_FOUND,
  OUT_OF_SCOPE,
  OWNER,
  SESSION,
  auditActions as auditEvents,
  expectRefused as refused,
  signInAs as signIn,
  type AcmeWorld as World,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { grantWorkspaceRole, snapshotDatabase } from "@/lib/testing/fixtures";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "./member-actions";

const t = setUpTestDatabase();
const world = () => acmeWorld(t.db);
const signInAs = (w: World, actor: Parameters<typeof signIn>[2]) => signIn(t.db, w, actor);
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);
const auditActions = () => auditEvents(t.db);
const person = (...args: Parameters<typeof addPerson> extends [unknown, ...infer R] ? R : never) =>
  addPerson(t.db, ...args);

describe("setWorkspaceRoleAction", () => {
  async function setRole(
    userId: string,
    workspaceId: string,
    role: "manager" | "member" | "viewer" | "guest",
  ) {
    return setWorkspaceRoleAction({ userId, workspaceId, role });
  }
  async function rolesOf(membershipId: string) {
    const rows = await t.db.workspaceMembership.findMany({
      where: { membershipId },
      include: { workspace: { select: { name: true } } },
    });
    return Object.fromEntries(rows.map((r) => [r.workspace.name, r.role]));
  }

  it("lets the owner and admins add anyone anywhere and change the role, auditing both", async () => {
    const w = await world();
    await signInAs(w, "owner");
    expect(await setRole(w.users.member.id, w.ws.sales.id, "member")).toEqual({ ok: true });
    await signInAs(w, "admin");
    expect(await setRole(w.users.member.id, w.ws.payments.id, "member")).toEqual({ ok: true });
    expect(await setRole(w.users.member.id, w.ws.sales.id, "guest")).toEqual({ ok: true });
    expect(await rolesOf(w.memberships.member.id)).toEqual({
      Backend: "viewer",
      Payments: "member",
      Sales: "guest",
    });

    const events = await auditActions();
    expect(events.map((e) => [e.action, e.actorId])).toEqual([
      ["workspace.member_added", w.users.owner.id],
      ["workspace.member_added", w.users.admin.id],
      ["workspace.member_role_changed", w.users.admin.id],
    ]);
    for (const e of events) {
      expect(e).toMatchObject({
        organizationId: w.org,
        targetType: "user",
        targetId: w.users.member.id,
      });
    }
    expect(events[1]!.metadata).toEqual({
      workspace: { id: w.ws.payments.id, name: "Engineering / Backend / Payments" },
      before: { role: null },
      after: { role: "member" },
    });
    expect(events[2]!.metadata).toEqual({
      workspace: { id: w.ws.sales.id, name: "Sales" },
      before: { role: "member" },
      after: { role: "guest" },
    });
  });

  it("lets an admin give an admin (or themselves) a workspace role", async () => {
    const w = await world();
    await signInAs(w, "admin");
    expect(await setRole(w.users.admin2.id, w.ws.eng.id, "manager")).toEqual({ ok: true });
    expect(await setRole(w.users.admin.id, w.ws.sales.id, "viewer")).toEqual({ ok: true });
  });

  it("lets a manager of a parent workspace set roles in it and below it", async () => {
    const w = await world();
    await signInAs(w, "manager");
    // Mo is a viewer of Backend, which Mia manages; Payments is below it.
    expect(await setRole(w.users.member.id, w.ws.backend.id, "member")).toEqual({ ok: true });
    expect(await setRole(w.users.member.id, w.ws.payments.id, "manager")).toEqual({ ok: true });
    expect(await rolesOf(w.memberships.member.id)).toEqual({
      Backend: "member",
      Payments: "manager",
    });
    expect((await auditActions()).map((e) => [e.action, e.actorId])).toEqual([
      ["workspace.member_role_changed", w.users.manager.id],
      ["workspace.member_added", w.users.manager.id],
    ]);
  });

  it("refuses a manager outside their workspaces: a sibling, the parent, another tree", async () => {
    const w = await world();
    await signInAs(w, "manager");
    for (const ws of [w.ws.frontend, w.ws.eng, w.ws.sales]) {
      await expectRefused(() => setRole(w.users.member.id, ws.id, "member"), OUT_OF_SCOPE);
    }
    // Nor may Mia reach further for herself.
    await expectRefused(
      () => setRole(w.users.manager.id, w.ws.frontend.id, "manager"),
      OUT_OF_SCOPE,
    );
    await expectRefused(() => setRole(w.users.manager.id, w.ws.eng.id, "manager"), OUT_OF_SCOPE);
  });

  it("refuses a manager acting on an admin, the owner, or someone outside their workspaces", async () => {
    const w = await world();
    // Even an admin who holds a role inside Mia's workspace.
    await grantWorkspaceRole(
      t.db,
      await t.db.membership.findFirstOrThrow({
        where: { userId: w.users.admin2.id, organizationId: w.org },
      }),
      w.ws.backend.id,
      "member",
    );
    const outside = await person(w.org, "Otto", "Outside");
    await grantWorkspaceRole(t.db, outside.membership, w.ws.frontend.id, "member");
    await signInAs(w, "manager");
    await expectRefused(() => setRole(w.users.admin2.id, w.ws.payments.id, "member"), OUT_OF_SCOPE);
    await expectRefused(() => setRole(w.users.admin.id, w.ws.backend.id, "member"), OUT_OF_SCOPE);
    await expectRefused(() => setRole(w.users.owner.id, w.ws.backend.id, "member"), OWNER);
    await expectRefused(() => setRole(outside.user.id, w.ws.backend.id, "member"), OUT_OF_SCOPE);
  });

  it("refuses a plain member, a disabled admin and a signed-out caller", async () => {
    const w = await world();
    await signInAs(w, "member");
    await expectRefused(() => setRole(w.users.member.id, w.ws.backend.id, "manager"), FORBIDDEN);
    await signInAs(w, "disabledAdmin");
    await expectRefused(() => setRole(w.users.member.id, w.ws.sales.id, "member"), INACTIVE);
    await signInAs(w, "signedOut");
    await expectRefused(() => setRole(w.users.member.id, w.ws.sales.id, "member"), SESSION);
  });

  it("answers not found for another organization's workspace or person, or a missing one", async () => {
    const w = await world();
    await signInAs(w, "owner");
    await expectRefused(() => setRole(w.users.member.id, w.ws.marketing.id, "member"), NOT_FOUND);
    await expectRefused(() => setRole(w.users.member.id, "no-such-workspace", "member"), NOT_FOUND);
    await expectRefused(() => setRole(w.users.outsider.id, w.ws.backend.id, "member"), NOT_FOUND);
    await signInAs(w, "otherOwner");
    await expectRefused(() => setRole(w.users.member.id, w.ws.backend.id, "member"), NOT_FOUND);
    await expectRefused(() => setRole(w.users.outsider.id, w.ws.backend.id, "member"), NOT_FOUND);
  });

  it("upgrades an inherited role but never downgrades it, naming the parent to change", async () => {
    const w = await world();
    await signInAs(w, "owner");
    expect(await setRole(w.users.member.id, w.ws.eng.id, "member")).toEqual({ ok: true });
    // Mo is now member of Engineering, so member of Backend, Payments and Frontend by inheritance.
    for (const [ws, role] of [
      [w.ws.backend, "viewer"],
      [w.ws.payments, "guest"],
      [w.ws.frontend, "viewer"],
    ] as const) {
      const before = await snapshotDatabase(t.db);
      const result = await setRole(w.users.member.id, ws.id, role);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error).toContain('"Engineering"');
      expect(result.fieldErrors?.role).toEqual([result.error]);
      expect(await snapshotDatabase(t.db)).toEqual(before);
    }
    // Same role as inherited, or higher, is fine.
    expect(await setRole(w.users.member.id, w.ws.frontend.id, "member")).toEqual({ ok: true });
    expect(await setRole(w.users.member.id, w.ws.backend.id, "manager")).toEqual({ ok: true });
    // The strongest ancestor is the one named: Backend (manager) now outranks Engineering.
    const result = await setRole(w.users.member.id, w.ws.payments.id, "member");
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('"Backend"') });
    expect(await rolesOf(w.memberships.member.id)).toEqual({
      Engineering: "member",
      Backend: "manager",
      Frontend: "member",
    });
  });

  it("says so when the person already has that role", async () => {
    const w = await world();
    await signInAs(w, "admin");
    const before = await snapshotDatabase(t.db);
    const result = await setRole(w.users.member.id, w.ws.backend.id, "viewer");
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("already") });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });
});

describe("removeFromWorkspaceAction", () => {
  const remove = (userId: string, workspaceId: string) =>
    removeFromWorkspaceAction({ userId, workspaceId });

  it("lets the owner or an admin take someone out of a workspace, auditing it", async () => {
    const w = await world();
    await grantWorkspaceRole(t.db, w.memberships.member, w.ws.sales.id, "member");
    await signInAs(w, "admin");
    expect(await remove(w.users.member.id, w.ws.sales.id)).toEqual({ ok: true });
    await signInAs(w, "owner");
    expect(await remove(w.users.member.id, w.ws.backend.id)).toEqual({ ok: true });
    expect(
      await t.db.workspaceMembership.count({ where: { membershipId: w.memberships.member.id } }),
    ).toBe(0);
    const events = await auditActions();
    expect(events.map((e) => [e.action, e.actorId, e.targetId])).toEqual([
      ["workspace.member_removed", w.users.admin.id, w.users.member.id],
      ["workspace.member_removed", w.users.owner.id, w.users.member.id],
    ]);
    expect(events[1]!.metadata).toEqual({
      workspace: { id: w.ws.backend.id, name: "Backend" },
      before: { role: "viewer" },
    });
  });

  it("lets a manager remove people from their workspaces, not from a sibling", async () => {
    const w = await world();
    await grantWorkspaceRole(t.db, w.memberships.member, w.ws.payments.id, "member");
    await grantWorkspaceRole(t.db, w.memberships.member, w.ws.frontend.id, "member");
    await signInAs(w, "manager");
    await expectRefused(() => remove(w.users.member.id, w.ws.frontend.id), OUT_OF_SCOPE);
    expect(await remove(w.users.member.id, w.ws.payments.id)).toEqual({ ok: true });
    expect(await remove(w.users.member.id, w.ws.backend.id)).toEqual({ ok: true });
    // Mo is no longer in any of Mia's workspaces: out of her reach from now on.
    await expectRefused(() => remove(w.users.member.id, w.ws.frontend.id), OUT_OF_SCOPE);
  });

  it("refuses a manager on an admin, a plain member, and someone outside the organization", async () => {
    const w = await world();
    const adminMembership = await t.db.membership.findFirstOrThrow({
      where: { userId: w.users.admin2.id, organizationId: w.org },
    });
    await grantWorkspaceRole(t.db, adminMembership, w.ws.backend.id, "member");
    await signInAs(w, "manager");
    await expectRefused(() => remove(w.users.admin2.id, w.ws.backend.id), OUT_OF_SCOPE);
    await signInAs(w, "member");
    await expectRefused(() => remove(w.users.member.id, w.ws.backend.id), FORBIDDEN);
    await signInAs(w, "owner");
    await expectRefused(() => remove(w.users.outsider.id, w.ws.marketing.id), NOT_FOUND);
    await signInAs(w, "otherOwner");
    await expectRefused(() => remove(w.users.member.id, w.ws.backend.id), NOT_FOUND);
  });

  it("says so when the person has no role of their own there", async () => {
    const w = await world();
    await grantWorkspaceRole(t.db, w.memberships.member, w.ws.eng.id, "member");
    await signInAs(w, "owner");
    // Mo's role in Payments is inherited: it is removed where it comes from.
    const before = await snapshotDatabase(t.db);
    const result = await remove(w.users.member.id, w.ws.payments.id);
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining("no role of their own"),
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });

  // The rule: "a request for another organization's user, workspace or invitation answers not
  // found". removeFromWorkspaceAction never checks that the workspace is this organization's
  // (app/(app)/users/actions.ts, removeFromWorkspaceAction.permission), so it answers "… has no
  // role of their own in that workspace." instead.
  it("answers not found for another organization's workspace", async () => {
    const w = await world();
    await signInAs(w, "owner");
    await expectRefused(() => remove(w.users.member.id, w.ws.marketing.id), NOT_FOUND);
    await expectRefused(() => remove(w.users.member.id, "no-such-workspace"), NOT_FOUND);
  });
});
