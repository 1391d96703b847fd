import { describe, expect, it } from "vitest";
import type { ActionResult } from "@/lib/actions/pipeline";
import { actAs, signedOut } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { editUserAction, removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/people/actions";

const t = setUpTestDatabase();

const SESSION = "Your session has ended. Sign in again to continue.";
const INACTIVE = "You no longer have access to this organization.";
const FORBIDDEN = "You don't have permission to do that.";
const OUT_OF_SCOPE = "You can only do that within your workspaces.";
const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";
const OWNER =
  "The organization's owner can't be changed this way. Ownership moves only by transfer.";
const SELF = "You can't do that to your own account.";
const CHANGED_ELSEWHERE =
  "This person was changed by someone else — reload to see the latest version.";
const NOTHING = "Nothing to save: no field was changed.";
const EMAIL_TAKEN = "That email address is already used by another account.";

async function person(
  organizationId: string,
  firstName: string,
  lastName: string,
  options: { role?: "admin" | "member"; status?: "active" | "disabled" } = {},
) {
  const user = await createUser(t.db, {
    firstName,
    lastName,
    email: `${firstName}.${lastName}@acme.test`.toLowerCase(),
  });
  return addMember(t.db, organizationId, { user, ...options });
}

/**
 * Acme: Engineering > Backend > Payments, Engineering > Frontend, and Sales. Olive owns it; Ada and
 * Alan are admins; Mia manages Backend (so Payments too); Mo is a viewer of Backend; Dora is a
 * disabled admin. Globex: its owner, Gus, and Alan is a member there as well.
 */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  await t.db.user.update({
    where: { id: acme.owner.id },
    data: { email: "olive.owner@acme.test" },
  });
  const eng = await createWorkspace(t.db, org, "Engineering");
  const backend = await createWorkspace(t.db, org, "Backend", eng.id);
  const payments = await createWorkspace(t.db, org, "Payments", backend.id);
  const frontend = await createWorkspace(t.db, org, "Frontend", eng.id);
  const sales = await createWorkspace(t.db, org, "Sales");

  const admin = await person(org, "Ada", "Admin", { role: "admin" });
  const admin2 = await person(org, "Alan", "Second", { role: "admin" });
  const manager = await person(org, "Mia", "Manager");
  await grantWorkspaceRole(t.db, manager.membership, backend.id, "manager");
  const member = await person(org, "Mo", "Member");
  await grantWorkspaceRole(t.db, member.membership, backend.id, "viewer");
  const disabledAdmin = await person(org, "Dora", "Disabled", {
    role: "admin",
    status: "disabled",
  });

  const globex = await createOrganization(t.db, "Globex");
  const outsider = await person(globex.organization.id, "Gus", "Globex");
  const marketing = await createWorkspace(t.db, globex.organization.id, "Marketing");
  await addMember(t.db, globex.organization.id, { user: admin2.user });

  return {
    org,
    globexOrg: globex.organization.id,
    ws: { eng, backend, payments, frontend, sales, marketing },
    users: {
      owner: acme.owner,
      admin: admin.user,
      admin2: admin2.user,
      manager: manager.user,
      member: member.user,
      disabledAdmin: disabledAdmin.user,
      otherOwner: globex.owner,
      outsider: outsider.user,
    },
    memberships: { member: member.membership, manager: manager.membership },
  };
}
type World = Awaited<ReturnType<typeof world>>;

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

async function signInAs(w: World, actor: keyof World["users"] | "signedOut") {
  if (actor === "signedOut") signedOut();
  else await actAs(t.db, w.users[actor].id);
}

type Row = Record<string, unknown>;
const rowsOf = (snapshot: Record<string, unknown[]>, table: string) =>
  (snapshot[table] ?? []) as Row[];

/** Runs a refused action and checks both its answer and that the database did not change. */
async function expectRefused(
  run: () => Promise<ActionResult>,
  error: string,
  fieldErrors?: Record<string, string[]>,
) {
  const before = await snapshotDatabase(t.db);
  const result = await run();
  expect(result).toEqual({ ok: false, error, ...(fieldErrors ? { fieldErrors } : {}) });
  expect(await snapshotDatabase(t.db)).toEqual(before);
}

async function auditActions() {
  const events = await t.db.auditEvent.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return events;
}

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

  /** SPEC §2: edit someone's name/email is owner/admin only, never on the owner. */
  function expected(actor: ActorKey | "signedOut", target: TargetKey): "ok" | string {
    if (actor === "signedOut") return SESSION;
    if (actor === "disabledAdmin") return INACTIVE;
    // Globex's owner: themselves are an owner; Alan is a Globex member too (their business there).
    if (actor === "otherOwner") {
      return target === "self" ? OWNER : target === "admin2" ? "ok" : NOT_FOUND;
    }
    // Mia manages Mo's workspace, but names and emails are not a manager's to edit.
    if (actor === "manager" || actor === "member") return FORBIDDEN;
    if (target === "owner" || (actor === "owner" && target === "self")) return OWNER;
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
    const rest = (s: Record<string, unknown[]>) => ({
      ...s,
      User: rowsOf(s, "User").filter((u) => u.id !== targetUser.id),
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
  it("saves names, email, role and status at once, bumping both versions, with one event each", async () => {
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
    ).toEqual({ ok: true });

    const user = await t.db.user.findUniqueOrThrow({ where: { id: w.users.member.id } });
    expect(user).toMatchObject({
      firstName: "Maurice",
      lastName: "Membre",
      email: "maurice@new.example",
      version: form.userVersion + 1,
    });
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
      after: { firstName: "Maurice", lastName: "Membre", email: "maurice@new.example" },
    });
    expect(events[1]!.metadata).toEqual({
      before: { role: "member" },
      after: { role: "admin" },
    });
    expect(events[2]!.metadata).toEqual({
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
  it("stores a new email lower-cased", async () => {
    const w = await world();
    const form = await formFor(w.users.member.id, w.org);
    await signInAs(w, "admin");
    expect(await editUserAction({ ...form, email: "Mo.Renamed@Acme.TEST" })).toEqual({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: w.users.member.id } })).email).toBe(
      "mo.renamed@acme.test",
    );
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
});

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

  // SPEC §2: "a request for another organization's user, workspace or invitation answers not
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
