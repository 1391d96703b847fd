import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { can, type WorkspaceRole } from "@/lib/permissions";
import { actAs, resetTestSession } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
  TEST_PASSWORD,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { updateProfileAction } from "@/lib/account/profile-actions";
import {
  confirmEmailChangeAction,
  requestEmailChangeAction,
} from "@/lib/account/email-change-actions";
import { acceptWithNewAccountAction } from "@/lib/invitations/accept-actions";
import { inviteUsersAction, updateInvitationAction } from "@/lib/invitations/actions";
import { deleteWorkspaceAction } from "@/lib/workspaces/actions";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/workspaces/member-actions";
import {
  changeRoleAction,
  editUserAction,
  removeMemberAction,
  setStatusAction,
} from "@/lib/people/actions";
import { usersQuery } from "@/lib/people/schemas";
import { loadWorkspaceTree } from "@/lib/request/workspace-tree";
import { listUsers, type UserListRow } from "@/lib/people/users-list";

const t = setUpTestDatabase();

const DAY = 24 * 60 * 60 * 1000;

async function person(
  organizationId: string,
  firstName: string,
  lastName: string,
  {
    email = `${firstName}.${lastName}@acme.test`.toLowerCase(),
    role = "member",
    status = "active",
  }: { email?: string; role?: "admin" | "member"; status?: "active" | "disabled" } = {},
) {
  const user = await createUser(t.db, { firstName, lastName, email });
  return addMember(t.db, organizationId, { user, role, status });
}

async function invite(
  organizationId: string,
  firstName: string,
  lastName: string,
  {
    email = `${firstName}.${lastName}@acme.test`.toLowerCase(),
    role = "member",
    status = "pending",
    expiresAt = new Date(Date.now() + 7 * DAY),
    workspaces = [],
    lastEmailStatus,
  }: {
    email?: string;
    role?: "admin" | "member";
    status?: "pending" | "accepted" | "revoked";
    expiresAt?: Date;
    workspaces?: [string, WorkspaceRole][];
    lastEmailStatus?: "sent" | "failed";
  } = {},
) {
  const invitation = await t.db.invitation.create({
    data: {
      organizationId,
      email,
      firstName,
      lastName,
      role,
      inviterEmail: "someone@acme.test",
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt,
      status,
      pendingEmail: status === "pending" ? email : null,
      acceptedAt: status === "accepted" ? new Date() : null,
      revokedAt: status === "revoked" ? new Date() : null,
      lastEmailStatus: lastEmailStatus ?? null,
    },
  });
  for (const [workspaceId, wsRole] of workspaces) {
    await t.db.invitationWorkspace.create({
      data: { invitationId: invitation.id, workspaceId, organizationId, role: wsRole },
    });
  }
  return invitation;
}

/**
 * Acme: Engineering > Backend > Payments, Engineering > Frontend, and Sales.
 * Mia manages Backend (so Payments too, by inheritance); Eve's role in Engineering reaches into
 * Backend. Globex: its owner, Eve Elsewhere, an invitation; Sam belongs to both organizations.
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

  const ada = await person(org, "Ada", "Admin", { role: "admin" });
  const mia = await person(org, "Mia", "Manager");
  await grantWorkspaceRole(t.db, mia.membership, backend.id, "manager");
  const eve = await person(org, "Eve", "Engineer");
  await grantWorkspaceRole(t.db, eve.membership, eng.id, "member");
  await grantWorkspaceRole(t.db, eve.membership, sales.id, "guest");
  const pat = await person(org, "Pat", "Payer");
  await grantWorkspaceRole(t.db, pat.membership, payments.id, "viewer");
  const fred = await person(org, "Fred", "Front");
  await grantWorkspaceRole(t.db, fred.membership, frontend.id, "member");
  const sam = await person(org, "Sam", "Seller");
  await grantWorkspaceRole(t.db, sam.membership, sales.id, "member");
  const nora = await person(org, "Nora", "Nobody");
  const dan = await person(org, "Dan", "Disabled", { status: "disabled" });
  await grantWorkspaceRole(t.db, dan.membership, backend.id, "member");
  const percent = await person(org, "Percent", "100%", { email: "percent@acme.test" });
  const uma = await person(org, "Uma", "Under", { email: "uma_under@acme.test" });

  const ivy = await invite(org, "Ivy", "Invitee", {
    workspaces: [[backend.id, "member"]],
    lastEmailStatus: "failed",
  });
  const ian = await invite(org, "Ian", "Invited", {
    role: "admin",
    workspaces: [[sales.id, "viewer"]],
    lastEmailStatus: "sent",
  });
  const xena = await invite(org, "Xena", "Expired", {
    expiresAt: new Date(Date.now() - DAY),
    workspaces: [[payments.id, "member"]],
  });
  await invite(org, "Rita", "Revoked", { status: "revoked", workspaces: [[backend.id, "member"]] });
  await invite(org, "Andy", "Accepted", {
    status: "accepted",
    workspaces: [[backend.id, "member"]],
  });

  const globex = await createOrganization(t.db, "Globex");
  await t.db.user.update({
    where: { id: globex.owner.id },
    data: { email: "olive.owner@globex.test" },
  });
  const marketing = await createWorkspace(t.db, globex.organization.id, "Marketing");
  const elsewhere = await person(globex.organization.id, "Eve", "Elsewhere", {
    email: "eve.elsewhere@globex.test",
  });
  await grantWorkspaceRole(t.db, elsewhere.membership, marketing.id, "member");
  await addMember(t.db, globex.organization.id, { user: sam.user });
  await invite(globex.organization.id, "Gina", "Globex", { email: "gina@globex.test" });

  return {
    org,
    owner: acme.owner,
    ws: { eng, backend, payments, frontend, sales, marketing },
    people: { ada, mia, eve, pat, fred, sam, nora, dan, percent, uma },
    invitations: { ivy, ian, xena },
    globex,
  };
}
type World = Awaited<ReturnType<typeof world>>;

const ACME_MEMBERS = [
  "olive.owner@acme.test",
  "ada.admin@acme.test",
  "mia.manager@acme.test",
  "eve.engineer@acme.test",
  "pat.payer@acme.test",
  "fred.front@acme.test",
  "sam.seller@acme.test",
  "nora.nobody@acme.test",
  "dan.disabled@acme.test",
  "percent@acme.test",
  "uma_under@acme.test",
];
const ACME_INVITATIONS = [
  "ivy.invitee@acme.test",
  "ian.invited@acme.test",
  "xena.expired@acme.test",
];

async function listAs(userId: string, query: Record<string, unknown> = {}) {
  await actAs(t.db, userId);
  const caller = await getCaller();
  if (!caller) throw new Error("expected a signed-in caller");
  return listUsers(await actorFor(caller), usersQuery.parse({ size: "100", ...query }));
}

const emails = (rows: UserListRow[]) => rows.map((r) => r.email);
const sorted = (list: string[]) => [...list].sort();

describe("listUsers: who sees whom", () => {
  it("shows owners and admins every member and every open invitation, with their details", async () => {
    const w = await world();
    for (const viewer of [w.owner.id, w.people.ada.user.id]) {
      const { rows, total } = await listAs(viewer);
      expect(sorted(emails(rows))).toEqual(sorted([...ACME_MEMBERS, ...ACME_INVITATIONS]));
      expect(total).toBe(ACME_MEMBERS.length + ACME_INVITATIONS.length);
    }
    const { rows } = await listAs(w.owner.id);
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(byEmail.get("olive.owner@acme.test")).toMatchObject({
      kind: "member",
      userId: w.owner.id,
      role: "owner",
      status: "active",
      workspaceCount: 0,
    });
    expect(byEmail.get("eve.engineer@acme.test")).toMatchObject({
      kind: "member",
      id: w.people.eve.membership.id,
      userId: w.people.eve.user.id,
      firstName: "Eve",
      lastName: "Engineer",
      role: "member",
      status: "active",
      workspaceCount: 2,
      emailStatus: null,
    });
    expect(sorted(byEmail.get("eve.engineer@acme.test")!.workspaceIds)).toEqual(
      sorted([w.ws.eng.id, w.ws.sales.id]),
    );
    expect(byEmail.get("dan.disabled@acme.test")).toMatchObject({ status: "disabled" });
    expect(byEmail.get("ivy.invitee@acme.test")).toMatchObject({
      kind: "invitation",
      id: w.invitations.ivy.id,
      userId: null,
      role: "member",
      status: "pending",
      workspaceCount: 1,
      workspaceIds: [w.ws.backend.id],
      emailStatus: "failed",
    });
    expect(byEmail.get("ian.invited@acme.test")).toMatchObject({
      kind: "invitation",
      role: "admin",
      status: "pending",
      emailStatus: "sent",
    });
    expect(byEmail.get("xena.expired@acme.test")).toMatchObject({
      kind: "invitation",
      status: "expired",
    });
    // Revoked and accepted invitations are history, not rows.
    expect(byEmail.has("rita.revoked@acme.test")).toBe(false);
    expect(byEmail.has("andy.accepted@acme.test")).toBe(false);
  });

  it("shows a workspace manager only people in their workspaces, explicit or inherited", async () => {
    const w = await world();
    const { rows, total } = await listAs(w.people.mia.user.id);
    // Backend (explicit), Engineering (Eve: inherited into Backend), Payments (below Backend);
    // never Frontend (a sibling), Sales, people without a workspace, the owner or admins.
    expect(sorted(emails(rows))).toEqual(
      sorted([
        "mia.manager@acme.test",
        "eve.engineer@acme.test",
        "pat.payer@acme.test",
        "dan.disabled@acme.test",
        "ivy.invitee@acme.test",
        "xena.expired@acme.test",
      ]),
    );
    expect(total).toBe(6);
  });

  // App bug (lib/people/users-list.ts, the manager's memberScope): the list shows a manager every
  // member with a role in their workspaces, owners and admins included, while the permission
  // matrix (lib/permissions/matrix.ts, users.view, "scoped") refuses a manager any owner or admin
  // — so /users/[id] answers 404 for a row the list just showed, and the list leaks the admin's
  // name, email and org role. The list should apply the same rule (AND m.role = 'member' in the
  // manager's scope), or the matrix should change; either way they must agree.
  it("shows a manager only rows the permission matrix lets them view", async () => {
    const w = await world();
    const adminMembership = await t.db.membership.findFirstOrThrow({
      where: { userId: w.people.ada.user.id, organizationId: w.org },
    });
    const ownerMembership = await t.db.membership.findFirstOrThrow({
      where: { userId: w.owner.id, organizationId: w.org },
    });
    await grantWorkspaceRole(t.db, adminMembership, w.ws.backend.id, "member");
    await grantWorkspaceRole(t.db, ownerMembership, w.ws.payments.id, "viewer");

    await actAs(t.db, w.people.mia.user.id);
    const actor = await actorFor((await getCaller())!);
    const { rows } = await listUsers(actor, usersQuery.parse({ size: "100" }));
    const tree = await loadWorkspaceTree(t.db, w.org);
    const refused = rows
      .filter((row) => row.kind === "member" && row.userId)
      .filter((row) => {
        const effective = new Set(row.workspaceIds);
        for (const id of row.workspaceIds) {
          for (const node of tree.descendants(id)) effective.add(node.id);
        }
        return !can(actor, "users.view", {
          kind: "user",
          organizationId: w.org,
          userId: row.userId!,
          orgRole: row.role,
          workspaceIds: [...effective],
        });
      })
      .map((row) => row.email);
    expect(refused).toEqual([]);
  });

  it("shows a manager only invitations into their workspaces", async () => {
    const w = await world();
    const { rows } = await listAs(w.people.mia.user.id, { status: "pending" });
    expect(emails(rows)).toEqual(["ivy.invitee@acme.test"]);
    const all = await listAs(w.people.mia.user.id);
    expect(emails(all.rows)).not.toContain("ian.invited@acme.test");
  });

  it("narrows a manager's list further with a workspace filter, never widening it", async () => {
    const w = await world();
    const inSales = await listAs(w.people.mia.user.id, { workspace: w.ws.sales.id });
    // Eve is in Sales too, and in Mia's scope through Engineering; Sam is in Sales only.
    expect(emails(inSales.rows)).toEqual(["eve.engineer@acme.test"]);
    const inPayments = await listAs(w.people.mia.user.id, { workspace: w.ws.payments.id });
    expect(sorted(emails(inPayments.rows))).toEqual(
      sorted([
        "mia.manager@acme.test",
        "eve.engineer@acme.test",
        "pat.payer@acme.test",
        "dan.disabled@acme.test",
        "ivy.invitee@acme.test",
        "xena.expired@acme.test",
      ]),
    );
  });

  it("gives a plain member (or a viewer) nothing", async () => {
    const w = await world();
    for (const viewer of [w.people.fred, w.people.pat, w.people.nora]) {
      expect(await listAs(viewer.user.id)).toEqual({ rows: [], total: 0 });
    }
  });

  it("never shows another organization's people or invitations", async () => {
    const w = await world();
    const acme = await listAs(w.owner.id, { q: "globex" });
    expect(acme).toEqual({ rows: [], total: 0 });
    const eves = await listAs(w.owner.id, { q: "eve" });
    expect(emails(eves.rows)).toEqual(["eve.engineer@acme.test"]);

    // Sam belongs to both: one row in each list, with that organization's membership.
    const globex = await listAs(w.globex.owner.id);
    expect(sorted(emails(globex.rows))).toEqual(
      sorted([
        "olive.owner@globex.test",
        "eve.elsewhere@globex.test",
        "sam.seller@acme.test",
        "gina@globex.test",
      ]),
    );
    const samHere = globex.rows.find((r) => r.email === "sam.seller@acme.test")!;
    expect(samHere).toMatchObject({ workspaceCount: 0, workspaceIds: [] });
    expect(samHere.id).not.toBe(w.people.sam.membership.id);

    // Another organization's workspace as a filter: nothing, not an error.
    expect(await listAs(w.owner.id, { workspace: w.ws.marketing.id })).toEqual({
      rows: [],
      total: 0,
    });
  });
});

describe("listUsers: search", () => {
  const cases: [string, string, string[]][] = [
    ["a first name", "fred", ["fred.front@acme.test"]],
    ["a last name", "Seller", ["sam.seller@acme.test"]],
    ["a full name", "Pat Payer", ["pat.payer@acme.test"]],
    ["a full name, any case", "mIA mAnAgEr", ["mia.manager@acme.test"]],
    ["part of a full name", "a adm", ["ada.admin@acme.test"]],
    ["an email", "nora.nobody@acme.test", ["nora.nobody@acme.test"]],
    ["an email, upper case", "NORA.NOBODY@ACME.TEST", ["nora.nobody@acme.test"]],
    ["an invitation's name", "invitee", ["ivy.invitee@acme.test"]],
    ["a literal %", "%", ["percent@acme.test"]],
    ["a literal _", "_", ["uma_under@acme.test"]],
    ["a literal % inside a word", "100%", ["percent@acme.test"]],
    ["a backslash", "\\", []],
    ["nothing that matches", "zzz", []],
  ];
  it.each(cases)("finds people by %s (%j)", async (_label, q, expected) => {
    const w = await world();
    const { rows, total } = await listAs(w.owner.id, { q });
    expect(sorted(emails(rows))).toEqual(sorted(expected));
    expect(total).toBe(expected.length);
  });

  it("ignores surrounding spaces and treats a blank query as none", async () => {
    const w = await world();
    expect(emails((await listAs(w.owner.id, { q: "  fred  " })).rows)).toEqual([
      "fred.front@acme.test",
    ]);
    expect((await listAs(w.owner.id, { q: "   " })).total).toBe(
      ACME_MEMBERS.length + ACME_INVITATIONS.length,
    );
  });

  it("searches within a manager's scope only", async () => {
    const w = await world();
    expect(await listAs(w.people.mia.user.id, { q: "fred" })).toEqual({ rows: [], total: 0 });
    expect(emails((await listAs(w.people.mia.user.id, { q: "pat" })).rows)).toEqual([
      "pat.payer@acme.test",
    ]);
  });
});

describe("listUsers: filters", () => {
  it("filters by role, members and invitations alike", async () => {
    const w = await world();
    expect(sorted(emails((await listAs(w.owner.id, { role: "admin" })).rows))).toEqual(
      sorted(["ada.admin@acme.test", "ian.invited@acme.test"]),
    );
    expect(emails((await listAs(w.owner.id, { role: "owner" })).rows)).toEqual([
      "olive.owner@acme.test",
    ]);
    expect((await listAs(w.owner.id, { role: "member" })).total).toBe(
      ACME_MEMBERS.length - 2 + ACME_INVITATIONS.length - 1,
    );
    // An unknown role is ignored, not an error.
    expect((await listAs(w.owner.id, { role: "superuser" })).total).toBe(
      ACME_MEMBERS.length + ACME_INVITATIONS.length,
    );
  });

  it("filters by status", async () => {
    const w = await world();
    const by = async (status: string) =>
      sorted(emails((await listAs(w.owner.id, { status })).rows));
    expect(await by("pending")).toEqual(sorted(["ivy.invitee@acme.test", "ian.invited@acme.test"]));
    expect(await by("expired")).toEqual(["xena.expired@acme.test"]);
    expect(await by("disabled")).toEqual(["dan.disabled@acme.test"]);
    expect(await by("suspended")).toEqual([]);
    expect(await by("active")).toEqual(
      sorted(ACME_MEMBERS.filter((e) => e !== "dan.disabled@acme.test")),
    );
  });

  it("filters by workspace, including people whose role there is inherited", async () => {
    const w = await world();
    const inWs = async (id: string) =>
      sorted(emails((await listAs(w.owner.id, { workspace: id })).rows));
    // Backend: explicit (Mia, Dan, Ivy's invitation) and inherited from Engineering (Eve); not
    // Payments below it (Pat) and not the Frontend sibling (Fred).
    expect(await inWs(w.ws.backend.id)).toEqual(
      sorted([
        "mia.manager@acme.test",
        "dan.disabled@acme.test",
        "eve.engineer@acme.test",
        "ivy.invitee@acme.test",
      ]),
    );
    expect(await inWs(w.ws.payments.id)).toEqual(
      sorted([
        "mia.manager@acme.test",
        "dan.disabled@acme.test",
        "eve.engineer@acme.test",
        "pat.payer@acme.test",
        "ivy.invitee@acme.test",
        "xena.expired@acme.test",
      ]),
    );
    expect(await inWs(w.ws.eng.id)).toEqual(["eve.engineer@acme.test"]);
    expect(await inWs(w.ws.sales.id)).toEqual(
      sorted(["eve.engineer@acme.test", "sam.seller@acme.test", "ian.invited@acme.test"]),
    );
    expect(await listAs(w.owner.id, { workspace: "no-such-workspace" })).toEqual({
      rows: [],
      total: 0,
    });
  });

  it("combines search and filters", async () => {
    const w = await world();
    const { rows } = await listAs(w.owner.id, {
      q: "e",
      role: "member",
      status: "active",
      workspace: w.ws.backend.id,
    });
    expect(sorted(emails(rows))).toEqual(
      sorted(["mia.manager@acme.test", "eve.engineer@acme.test"]),
    );
  });
});

describe("listUsers: sorting and pagination", () => {
  const ROLE_RANK = { owner: 0, admin: 1, member: 2 } as const;
  const KEYS: Record<string, (r: UserListRow) => number | string> = {
    email: (r) => r.email,
    role: (r) => ROLE_RANK[r.role],
    status: (r) => r.status,
    workspaces: (r) => r.workspaceCount,
    joined: (r) => new Date(r.createdAt).getTime(),
  };
  const compare = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
  const byName = (a: UserListRow, b: UserListRow) =>
    compare(a.firstName.toLowerCase(), b.firstName.toLowerCase()) ||
    compare(a.lastName.toLowerCase(), b.lastName.toLowerCase());

  const NAME_ORDER = [
    "ada.admin@acme.test",
    "dan.disabled@acme.test",
    "eve.engineer@acme.test",
    "fred.front@acme.test",
    "ian.invited@acme.test",
    "ivy.invitee@acme.test",
    "mia.manager@acme.test",
    "nora.nobody@acme.test",
    "olive.owner@acme.test",
    "pat.payer@acme.test",
    "percent@acme.test",
    "sam.seller@acme.test",
    "uma_under@acme.test",
    "xena.expired@acme.test",
  ];

  it("sorts by name, ascending by default", async () => {
    const w = await world();
    expect(emails((await listAs(w.owner.id)).rows)).toEqual(NAME_ORDER);
    expect(emails((await listAs(w.owner.id, { sort: "name", dir: "asc" })).rows)).toEqual(
      NAME_ORDER,
    );
  });

  // App bug (lib/people/users-list.ts): the name sort is two ORDER BY expressions and
  // the direction is appended only after the second, so "desc" reverses last names within equal
  // first names and leaves the list in ascending first-name order.
  it("sorts by name descending (the direction applies to the first name too)", async () => {
    const w = await world();
    expect(emails((await listAs(w.owner.id, { sort: "name", dir: "desc" })).rows)).toEqual(
      [...NAME_ORDER].reverse(),
    );
  });

  it.each(Object.keys(KEYS).flatMap((sort) => [[sort, "asc"] as const, [sort, "desc"] as const]))(
    "sorts by %s, %s (ties by name)",
    async (sort, dir) => {
      const w = await world();
      const { rows, total } = await listAs(w.owner.id, { sort, dir });
      expect(total).toBe(ACME_MEMBERS.length + ACME_INVITATIONS.length);
      const key = KEYS[sort]!;
      const sign = dir === "asc" ? 1 : -1;
      const expected = [...rows].sort((a, b) => sign * compare(key(a), key(b)) || byName(a, b));
      expect(emails(rows)).toEqual(emails(expected));
      // The sort is not vacuous: the first and last rows differ on the key.
      expect(compare(key(rows[0]!), key(rows.at(-1)!))).toBe(-sign);
    },
  );

  // A search collects its matches first (users-list.ts), keeping only the columns the page's
  // order reads: every sort must find its key among them. Everyone here has an acme.test email.
  it.each(
    ["name", ...Object.keys(KEYS)].flatMap((sort) => [
      [sort, "asc"] as const,
      [sort, "desc"] as const,
    ]),
  )("sorts a search's matches by %s, %s as it sorts everyone", async (sort, dir) => {
    const w = await world();
    const everyone = await listAs(w.owner.id, { sort, dir });
    const searched = await listAs(w.owner.id, { sort, dir, q: "acme.test" });
    expect(searched.total).toBe(everyone.total);
    expect(emails(searched.rows)).toEqual(emails(everyone.rows));
  });

  it("spot-checks the role, status and workspace orders", async () => {
    const w = await world();
    const role = await listAs(w.owner.id, { sort: "role" });
    expect(role.rows.slice(0, 3).map((r) => r.email)).toEqual([
      "olive.owner@acme.test",
      "ada.admin@acme.test",
      "ian.invited@acme.test",
    ]);
    const status = await listAs(w.owner.id, { sort: "status", dir: "desc" });
    expect(status.rows.slice(0, 4).map((r) => r.status)).toEqual([
      "pending",
      "pending",
      "expired",
      "disabled",
    ]);
    const workspaces = await listAs(w.owner.id, { sort: "workspaces", dir: "desc" });
    expect(workspaces.rows[0]!.email).toBe("eve.engineer@acme.test");
  });

  it("falls back to the defaults for an unknown sort, direction or page size", async () => {
    const w = await world();
    const fallback = await listAs(w.owner.id, { sort: "password", dir: "sideways", size: "7" });
    expect(emails(fallback.rows)).toEqual(emails((await listAs(w.owner.id, { size: "25" })).rows));
  });

  it("pages through the list, with the total of every page", async () => {
    const { organization, owner } = await createOrganization(t.db, "Big");
    for (let i = 1; i <= 28; i += 1) {
      await person(organization.id, "Bulk", String(i).padStart(2, "0"), {
        email: `bulk${String(i).padStart(2, "0")}@big.test`,
      });
    }
    await invite(organization.id, "Zed", "Invited", { email: "zed@big.test" });
    // 1 owner + 28 members + 1 invitation.
    const all = await listAs(owner.id, { size: "50" });
    expect(all.total).toBe(30);
    expect(all.rows).toHaveLength(30);

    const page1 = await listAs(owner.id, { size: "25", page: "1" });
    const page2 = await listAs(owner.id, { size: "25", page: "2" });
    const page3 = await listAs(owner.id, { size: "25", page: "3" });
    expect(page1.rows).toHaveLength(25);
    expect(page2.rows).toHaveLength(5);
    expect(page3.rows).toHaveLength(0);
    for (const page of [page1, page2, page3]) expect(page.total).toBe(30);
    expect([...emails(page1.rows), ...emails(page2.rows)]).toEqual(emails(all.rows));
    expect(emails(page1.rows).slice(0, 2)).toEqual(["bulk01@big.test", "bulk02@big.test"]);
    expect(emails(page2.rows)).toEqual([
      "bulk26@big.test",
      "bulk27@big.test",
      "bulk28@big.test",
      owner.email,
      "zed@big.test",
    ]);

    // Paging applies after filtering; a bad page number falls back to the first page.
    const filtered = await listAs(owner.id, { q: "bulk1", size: "25" });
    expect(filtered.total).toBe(10);
    expect(emails((await listAs(owner.id, { size: "25", page: "0" })).rows)).toEqual(
      emails(page1.rows),
    );
  });
});

describe("listUsers: suspension", () => {
  it("reads every non-owner member as suspended while the subscription has lapsed", async () => {
    const w: World = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: new Date(Date.now() - DAY) },
    });
    const { rows } = await listAs(w.owner.id);
    const status = new Map(rows.map((r) => [r.email, r.status]));
    expect(status.get("olive.owner@acme.test")).toBe("active");
    expect(status.get("dan.disabled@acme.test")).toBe("disabled");
    for (const email of ACME_MEMBERS) {
      if (email === "olive.owner@acme.test" || email === "dan.disabled@acme.test") continue;
      expect([email, status.get(email)]).toEqual([email, "suspended"]);
    }
    // Invitations keep their own status.
    expect(status.get("ivy.invitee@acme.test")).toBe("pending");
    expect(status.get("xena.expired@acme.test")).toBe("expired");

    expect((await listAs(w.owner.id, { status: "suspended" })).total).toBe(ACME_MEMBERS.length - 2);
    expect(emails((await listAs(w.owner.id, { status: "active" })).rows)).toEqual([
      "olive.owner@acme.test",
    ]);

    // Another organization's lapse is not this one's.
    const globex = await listAs(w.globex.owner.id, { status: "suspended" });
    expect(globex.total).toBe(0);
  });

  it("reads members as active again once the subscription is renewed", async () => {
    const w = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: new Date(Date.now() + 30 * DAY) },
    });
    expect((await listAs(w.owner.id, { status: "suspended" })).total).toBe(0);
    expect((await listAs(w.owner.id, { status: "active" })).total).toBe(ACME_MEMBERS.length - 1);
  });
});

// The list reads its sort keys from columns that triggers keep (migration
// 20261202070655_users_list_keys): copies of each member's name and email, and the workspace counts
// of members and invitations. These tests make each change through the real action and look at
// the list afterwards, and at the keys themselves.
describe("listUsers: the order follows every change", () => {
  let mailbox: Mailbox;
  beforeEach(() => {
    mailbox = recordEmails();
  });
  afterEach(() => mailbox.restore());

  /**
   * Every member's keys are its user's, every workspace role's copies are its membership's, and
   * every count (MembershipCount's too) is its rows'.
   */
  async function expectKeysKept() {
    const wrong = await t.db.$queryRaw<{ id: string }[]>`
      SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId"
      WHERE m."sortName" <> lower(u."firstName" || ' ' || u."lastName")
        OR m."sortFirstName" <> lower(u."firstName")
        OR m."sortLastName" <> lower(u."lastName")
        OR m."sortEmail" <> u.email
        OR m."workspaceCount" <> (SELECT count(*) FROM "WorkspaceMembership" w WHERE w."membershipId" = m.id)
      UNION ALL
      SELECT g.id FROM "WorkspaceMembership" g JOIN "Membership" m ON m.id = g."membershipId"
      WHERE g."orgRole" <> m.role OR g."sortFirstName" <> m."sortFirstName"
        OR g."sortLastName" <> m."sortLastName" OR g."sortEmail" <> m."sortEmail"
      UNION ALL
      SELECT i.id FROM "Invitation" i
      WHERE i."workspaceCount" <> (SELECT count(*) FROM "InvitationWorkspace" w WHERE w."invitationId" = i.id)
      UNION ALL
      SELECT "organizationId" || ' ' || role || ' ' || status FROM (
        SELECT "organizationId", role, status, count(*)::int AS n FROM "Membership"
        GROUP BY "organizationId", role, status
      ) counted
      FULL JOIN "MembershipCount" kept USING ("organizationId", role, status)
      WHERE counted.n IS DISTINCT FROM kept.members`;
    expect(wrong).toEqual([]);
  }

  /** The list as the owner sees it, in an order, with each row's count checked against its ids. */
  async function ordered(w: World, query: Record<string, unknown>) {
    const { rows } = await listAs(w.owner.id, query);
    for (const row of rows) {
      expect([row.email, row.workspaceCount]).toEqual([row.email, row.workspaceIds.length]);
    }
    return rows;
  }

  // The world's rows by name (as "sorts by name" has them).
  const BY_NAME = [
    "ada.admin@acme.test",
    "dan.disabled@acme.test",
    "eve.engineer@acme.test",
    "fred.front@acme.test",
    "ian.invited@acme.test",
    "ivy.invitee@acme.test",
    "mia.manager@acme.test",
    "nora.nobody@acme.test",
    "olive.owner@acme.test",
    "pat.payer@acme.test",
    "percent@acme.test",
    "sam.seller@acme.test",
    "uma_under@acme.test",
    "xena.expired@acme.test",
  ];

  const ok = (result: { ok: boolean; error?: string }) => {
    expect(result).toMatchObject({ ok: true });
  };

  it("a new name, one's own or given by an admin, moves the person in the name order and is found", async () => {
    const w = await world();
    const pat = w.people.pat.user.id;
    const nora = w.people.nora.user.id;

    await actAs(t.db, pat);
    const { version } = await t.db.user.findUniqueOrThrow({ where: { id: pat } });
    ok(await updateProfileAction({ firstName: "Aaron", lastName: "Zed", version }));

    await actAs(t.db, w.owner.id);
    const noraUser = await t.db.user.findUniqueOrThrow({ where: { id: nora } });
    ok(
      await editUserAction({
        userId: nora,
        userVersion: noraUser.version,
        membershipVersion: w.people.nora.membership.version,
        firstName: "Zora",
        lastName: "Zulu",
        email: noraUser.email,
      }),
    );

    const expected = [
      "pat.payer@acme.test",
      ...BY_NAME.filter((e) => e !== "pat.payer@acme.test" && e !== "nora.nobody@acme.test"),
      "nora.nobody@acme.test",
    ];
    expect(emails(await ordered(w, {}))).toEqual(expected);
    expect(emails(await ordered(w, { dir: "desc" }))).toEqual([...expected].reverse());
    expect(emails((await listAs(w.owner.id, { q: "zora zu" })).rows)).toEqual([
      "nora.nobody@acme.test",
    ]);
    expect(emails((await listAs(w.owner.id, { q: "Zed Aaron" })).rows)).toEqual([
      "pat.payer@acme.test",
    ]);
    expect((await listAs(w.owner.id, { q: "nobody" })).total).toBe(1); // the email's unchanged
    expect((await listAs(w.owner.id, { q: "payer pat" })).total).toBe(0);
    await expectKeysKept();
  });

  it("a person in two organizations who renames themselves moves in both lists", async () => {
    const w = await world();
    const sam = w.people.sam.user.id;
    await actAs(t.db, sam);
    const { version } = await t.db.user.findUniqueOrThrow({ where: { id: sam } });
    ok(await updateProfileAction({ firstName: "Aaron", lastName: "Able", version }));

    expect(emails(await ordered(w, {}))[0]).toBe("sam.seller@acme.test");
    const globex = await listAs(w.globex.owner.id);
    expect(emails(globex.rows)[0]).toBe("sam.seller@acme.test");
    expect(globex.rows[0]).toMatchObject({ firstName: "Aaron", lastName: "Able" });
    await expectKeysKept();
  });

  it("a confirmed email change moves the person in the email order and is found", async () => {
    const w = await world();
    const fred = w.people.fred.user.id;
    await actAs(t.db, fred);
    ok(
      await requestEmailChangeAction({
        newEmail: "aaa.fred@acme.test",
        currentPassword: TEST_PASSWORD,
      }),
    );
    // Asked for is not changed yet.
    expect(emails(await ordered(w, { sort: "email", dir: "desc" })).at(-1)).toBe(
      "ada.admin@acme.test",
    );
    const link = mailbox.lastLink("aaa.fred@acme.test");
    const token = /\/confirm-email\/([A-Za-z0-9_-]+)$/.exec(new URL(link).pathname)![1]!;
    ok(await confirmEmailChangeAction({ token }));

    const byEmail = await ordered(w, { sort: "email" });
    expect(emails(byEmail).slice(0, 2)).toEqual(["aaa.fred@acme.test", "ada.admin@acme.test"]);
    expect(emails(byEmail)).not.toContain("fred.front@acme.test");
    expect(emails((await listAs(w.owner.id, { q: "aaa.fred" })).rows)).toEqual([
      "aaa.fred@acme.test",
    ]);
    expect((await listAs(w.owner.id, { q: "fred.front" })).total).toBe(0);
    await expectKeysKept();
  });

  it("workspace roles given, changed and taken away move people in the workspaces order", async () => {
    const w = await world();
    const nora = w.people.nora.user.id;
    await actAs(t.db, w.owner.id);
    const top = async (dir: "asc" | "desc") =>
      (await ordered(w, { sort: "workspaces", dir })).map((r) => [r.email, r.workspaceCount]);

    // Nora had none; Eve has the most (two).
    expect((await top("desc")).slice(0, 1)).toEqual([["eve.engineer@acme.test", 2]]);
    ok(await setWorkspaceRoleAction({ userId: nora, workspaceId: w.ws.eng.id, role: "member" }));
    ok(await setWorkspaceRoleAction({ userId: nora, workspaceId: w.ws.sales.id, role: "guest" }));
    ok(
      await setWorkspaceRoleAction({
        userId: nora,
        workspaceId: w.ws.frontend.id,
        role: "manager",
      }),
    );
    expect((await top("desc")).slice(0, 2)).toEqual([
      ["nora.nobody@acme.test", 3],
      ["eve.engineer@acme.test", 2],
    ]);
    // A different role in the same workspace is not another workspace.
    ok(await setWorkspaceRoleAction({ userId: nora, workspaceId: w.ws.eng.id, role: "viewer" }));
    expect((await top("desc"))[0]).toEqual(["nora.nobody@acme.test", 3]);

    ok(await removeFromWorkspaceAction({ userId: nora, workspaceId: w.ws.eng.id }));
    ok(await removeFromWorkspaceAction({ userId: nora, workspaceId: w.ws.frontend.id }));
    ok(
      await removeFromWorkspaceAction({ userId: w.people.eve.user.id, workspaceId: w.ws.sales.id }),
    );
    // Ties by name: Nora's one workspace is now level with Eve's, Fred's, Ivy's...
    const desc = await top("desc");
    expect(desc.filter(([, n]) => n === 2)).toEqual([]);
    expect(desc.slice(0, 3)).toEqual([
      ["dan.disabled@acme.test", 1],
      ["eve.engineer@acme.test", 1],
      ["fred.front@acme.test", 1],
    ]);
    expect(desc.find(([email]) => email === "nora.nobody@acme.test")).toEqual([
      "nora.nobody@acme.test",
      1,
    ]);
    await expectKeysKept();
  });

  it("a deleted workspace leaves its members' and invitations' counts", async () => {
    const w = await world();
    await actAs(t.db, w.owner.id);
    ok(
      await deleteWorkspaceAction({
        workspaceId: w.ws.sales.id,
        expected: { subWorkspaces: 0, memberships: 2, joinRequests: 0, invitations: 1 },
      }),
    );
    const counts = new Map(
      (await ordered(w, { sort: "workspaces" })).map((r) => [r.email, r.workspaceCount]),
    );
    expect(counts.get("eve.engineer@acme.test")).toBe(1);
    expect(counts.get("sam.seller@acme.test")).toBe(0);
    expect(counts.get("ian.invited@acme.test")).toBe(0);
    await expectKeysKept();
  });

  it("an invitation's workspaces, changed, move it in the workspaces order", async () => {
    const w = await world();
    await actAs(t.db, w.owner.id);
    const ivy = await t.db.invitation.findUniqueOrThrow({ where: { id: w.invitations.ivy.id } });
    ok(
      await updateInvitationAction({
        invitationId: ivy.id,
        version: ivy.version,
        workspaces: [
          { workspaceId: w.ws.eng.id, role: "member" },
          { workspaceId: w.ws.sales.id, role: "viewer" },
          { workspaceId: w.ws.frontend.id, role: "member" },
        ],
      }),
    );
    expect((await ordered(w, { sort: "workspaces", dir: "desc" }))[0]).toMatchObject({
      email: "ivy.invitee@acme.test",
      workspaceCount: 3,
    });
    await expectKeysKept();
  });

  it("an accepted invitation becomes a member's row, in its place by name, with its workspaces", async () => {
    const w = await world();
    await actAs(t.db, w.owner.id);
    const invited = await inviteUsersAction({
      rows: [{ firstName: "Nia", lastName: "New", email: "nia.new@acme.test" }],
      workspaces: [
        { workspaceId: w.ws.eng.id, role: "member" },
        { workspaceId: w.ws.sales.id, role: "viewer" },
      ],
      role: "member",
    });
    ok(invited);
    const before = (await ordered(w, {})).find((r) => r.email === "nia.new@acme.test");
    expect(before).toMatchObject({ kind: "invitation", workspaceCount: 2 });

    const token = /\/invite\/([A-Za-z0-9_-]+)$/.exec(
      new URL(mailbox.lastLink("nia.new@acme.test")).pathname,
    )![1]!;
    resetTestSession();
    ok(
      await acceptWithNewAccountAction({
        token,
        firstName: "Nia",
        lastName: "Newton",
        password: "a brand new passphrase 42",
      }),
    );

    const rows = await ordered(w, {});
    const nia = rows.filter((r) => r.email === "nia.new@acme.test");
    expect(nia).toMatchObject([{ kind: "member", firstName: "Nia", workspaceCount: 2 }]);
    const names = rows.map((r) => `${r.firstName} ${r.lastName}`.toLowerCase());
    expect(names).toEqual([...names].sort());
    expect(names.indexOf("nia newton")).toBe(names.indexOf("mia manager") + 1);
    expect(
      (await ordered(w, { sort: "workspaces", dir: "desc" })).slice(0, 2).map((r) => r.email),
    ).toEqual(["eve.engineer@acme.test", "nia.new@acme.test"]);
    await expectKeysKept();
  });

  it("a new role, a disabled status and a removal show in the role and status orders", async () => {
    const w = await world();
    await actAs(t.db, w.owner.id);
    ok(await changeRoleAction({ userId: w.people.pat.user.id, role: "admin" }));
    ok(await setStatusAction({ userId: w.people.fred.user.id, status: "disabled" }));
    ok(await removeMemberAction({ userId: w.people.eve.user.id }));

    expect(emails(await ordered(w, { sort: "role" })).slice(0, 4)).toEqual([
      "olive.owner@acme.test",
      "ada.admin@acme.test",
      "ian.invited@acme.test",
      "pat.payer@acme.test",
    ]);
    const byStatus = await ordered(w, { sort: "status", dir: "desc" });
    expect(byStatus.slice(0, 5).map((r) => [r.email, r.status])).toEqual([
      ["ian.invited@acme.test", "pending"],
      ["ivy.invitee@acme.test", "pending"],
      ["xena.expired@acme.test", "expired"],
      ["dan.disabled@acme.test", "disabled"],
      ["fred.front@acme.test", "disabled"],
    ]);
    expect(emails(byStatus)).not.toContain("eve.engineer@acme.test");
    expect((await listAs(w.owner.id, { status: "disabled" })).total).toBe(2);
    await expectKeysKept();
  });
});
