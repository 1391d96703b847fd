// The Users list with custom workspace roles: a scoped caller's reach follows the permission to
// see members (not "manager"), and the filter by workspace role, built-in and custom.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { actorFor, getCaller } from "@/lib/auth/caller";
import type { WorkspacePermission, WorkspaceRole } from "@/lib/permissions";
import { usersQuery } from "@/lib/people/schemas";
import { listUsers } from "@/lib/people/users-list";
import { usersPageFor, workspaceChoicesFor } from "@/lib/people/users-page";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createOrganization, createUser, createWorkspace } from "@/lib/testing/fixtures";

const t = setUpTestDatabase();

/**
 * Acme: Engineering > Backend, and Sales; custom roles Editor (member + create sub-workspaces),
 * Observer (viewer + see members) and Recruiter (member + invite). Mia manages Backend; Eve is
 * Editor of Engineering, Ed Editor of Sales; Mo a member and Val a viewer of Backend; Oscar
 * Observer of Sales; Rita Recruiter of Engineering; Nora in no workspace; Ada an admin. Invitations:
 * Ivy as Editor of Backend, Ian as member of Sales. Globex: Partner, a custom role of its own.
 */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  const eng = await createWorkspace(t.db, org, "Engineering");
  const backend = await createWorkspace(t.db, org, "Backend", eng.id);
  const sales = await createWorkspace(t.db, org, "Sales");
  const customRole = async (
    organizationId: string,
    name: string,
    baseRole: WorkspaceRole,
    permissions: WorkspacePermission[],
  ) =>
    (
      await t.db.customRole.create({
        data: { organizationId, name, nameKey: name.toLowerCase(), baseRole, permissions },
      })
    ).id;
  const editor = await customRole(org, "Editor", "member", ["createSubWorkspaces"]);
  const observer = await customRole(org, "Observer", "viewer", ["viewMembers"]);
  const recruiter = await customRole(org, "Recruiter", "member", ["inviteMembers"]);

  type Grant = [workspaceId: string, role: WorkspaceRole, customRoleId?: string];
  const person = async (first: string, grants: Grant[], role: "admin" | "member" = "member") => {
    const user = await createUser(t.db, {
      firstName: first,
      lastName: "Acme",
      email: `${first.toLowerCase()}@acme.test`,
    });
    const { membership } = await addMember(t.db, org, { user, role });
    for (const [workspaceId, wsRole, customRoleId] of grants) {
      await t.db.workspaceMembership.create({
        data: {
          organizationId: org,
          membershipId: membership.id,
          workspaceId,
          role: wsRole,
          customRoleId: customRoleId ?? null,
        },
      });
    }
    return user;
  };
  const invite = async (first: string, grants: Grant[]) => {
    const email = `${first.toLowerCase()}@acme.test`;
    await t.db.invitation.create({
      data: {
        organizationId: org,
        email,
        firstName: first,
        lastName: "Invited",
        inviterEmail: "someone@acme.test",
        tokenHash: randomBytes(32).toString("hex"),
        expiresAt: new Date(Date.now() + 86_400_000),
        pendingEmail: email,
        workspaces: {
          create: grants.map(([workspaceId, role, customRoleId]) => ({
            workspaceId,
            role,
            customRoleId: customRoleId ?? null,
          })),
        },
      },
    });
  };

  const users = {
    owner: acme.owner,
    ada: await person("Ada", [], "admin"),
    mia: await person("Mia", [[backend.id, "manager"]]),
    eve: await person("Eve", [[eng.id, "member", editor]]),
    ed: await person("Ed", [[sales.id, "member", editor]]),
    mo: await person("Mo", [[backend.id, "member"]]),
    val: await person("Val", [[backend.id, "viewer"]]),
    oscar: await person("Oscar", [[sales.id, "viewer", observer]]),
    rita: await person("Rita", [[eng.id, "member", recruiter]]),
    nora: await person("Nora", []),
  };
  await invite("Ivy", [[backend.id, "member", editor]]);
  await invite("Ian", [[sales.id, "member"]]);

  const globex = await createOrganization(t.db, "Globex");
  const partner = await customRole(globex.organization.id, "Partner", "member", []);
  return {
    users,
    ws: { eng: eng.id, backend: backend.id, sales: sales.id },
    roles: { editor, observer, recruiter, partner },
  };
}
type World = Awaited<ReturnType<typeof world>>;
type Who = keyof World["users"];

async function actorAs(w: World, who: Who) {
  await actAs(t.db, w.users[who].id);
  const caller = await getCaller();
  if (!caller) throw new Error("expected a signed-in caller");
  return actorFor(caller);
}

/** Who the list shows `who` for `query`, by first name, sorted; checks the total agrees. */
async function namesAs(w: World, who: Who, query: Record<string, string> = {}) {
  const { rows, total } = await listUsers(
    await actorAs(w, who),
    usersQuery.parse({ size: "100", ...query }),
  );
  expect(total).toBe(rows.length);
  return rows.map((r) => r.firstName).sort();
}

const EVERYONE = [
  "Ada",
  "Ed",
  "Eve",
  "Ian",
  "Ivy",
  "Mia",
  "Mo",
  "Nora",
  "Olive",
  "Oscar",
  "Rita",
  "Val",
];

describe("the Users list's filter by workspace role", () => {
  it("a built-in role: those holding it explicitly, not a custom role based on it", async () => {
    const w = await world();
    expect(await namesAs(w, "owner", { workspaceRole: "member" })).toEqual(["Ian", "Mo"]);
    expect(await namesAs(w, "ada", { workspaceRole: "viewer" })).toEqual(["Val"]);
    expect(await namesAs(w, "owner", { workspaceRole: "manager" })).toEqual(["Mia"]);
    expect(await namesAs(w, "owner", { workspaceRole: "guest" })).toEqual([]);
  });

  it("a custom role: its holders and the invitations giving it", async () => {
    const w = await world();
    const editor = `custom:${w.roles.editor}`;
    expect(await namesAs(w, "owner", { workspaceRole: editor })).toEqual(["Ed", "Eve", "Ivy"]);
    expect(await namesAs(w, "ada", { workspaceRole: `custom:${w.roles.observer}` })).toEqual([
      "Oscar",
    ]);
  });

  it("with the workspace filter: that role in that workspace (explicit there)", async () => {
    const w = await world();
    const editor = `custom:${w.roles.editor}`;
    expect(await namesAs(w, "owner", { workspaceRole: editor, workspace: w.ws.backend })).toEqual([
      "Ivy",
    ]);
    expect(await namesAs(w, "owner", { workspaceRole: editor, workspace: w.ws.eng })).toEqual([
      "Eve",
    ]);
    expect(await namesAs(w, "owner", { workspaceRole: "viewer", workspace: w.ws.backend })).toEqual(
      ["Val"],
    );
    expect(await namesAs(w, "owner", { workspaceRole: "viewer", workspace: w.ws.sales })).toEqual(
      [],
    );
    // Without the role, the workspace filter still counts inherited roles (Eve, Rita).
    expect(await namesAs(w, "owner", { workspace: w.ws.backend })).toEqual([
      "Eve",
      "Ivy",
      "Mia",
      "Mo",
      "Rita",
      "Val",
    ]);
  });

  it("combines with the search, the org role and the status", async () => {
    const w = await world();
    const editor = `custom:${w.roles.editor}`;
    expect(await namesAs(w, "owner", { workspaceRole: editor, q: "ed@" })).toEqual(["Ed"]);
    expect(await namesAs(w, "owner", { workspaceRole: editor, status: "pending" })).toEqual([
      "Ivy",
    ]);
    expect(await namesAs(w, "owner", { workspaceRole: editor, role: "member" })).toEqual([
      "Ed",
      "Eve",
      "Ivy",
    ]);
    expect(await namesAs(w, "owner", { workspaceRole: editor, role: "admin" })).toEqual([]);
  });

  it("another organization's custom role, or none such, lists nobody; a malformed one is ignored", async () => {
    const w = await world();
    expect(await namesAs(w, "owner", { workspaceRole: `custom:${w.roles.partner}` })).toEqual([]);
    expect(await namesAs(w, "owner", { workspaceRole: "custom:cnosuchrole0000000000000" })).toEqual(
      [],
    );
    for (const junk of ["custom:", "Manager", "custom:a b", "owner"]) {
      expect(usersQuery.parse({ workspaceRole: junk }).workspaceRole).toBeUndefined();
      expect(await namesAs(w, "owner", { workspaceRole: junk })).toEqual(EVERYONE);
    }
  });
});

describe("the Users list of a scoped caller: where they may see members", () => {
  it("a manager of Backend: its people (inherited roles too), never anyone else's", async () => {
    const w = await world();
    const backendPeople = ["Eve", "Ivy", "Mia", "Mo", "Rita", "Val"];
    expect(await namesAs(w, "mia")).toEqual(backendPeople);
    // Filtered by a role: held in their reach only (Ed's Editor of Sales is not).
    expect(await namesAs(w, "mia", { workspaceRole: `custom:${w.roles.editor}` })).toEqual([
      "Eve",
      "Ivy",
    ]);
    expect(await namesAs(w, "mia", { workspaceRole: "member" })).toEqual(["Mo"]);
    expect(await namesAs(w, "mia", { workspaceRole: `custom:${w.roles.observer}` })).toEqual([]);
    // Another workspace in the URL: still only their people.
    expect(await namesAs(w, "mia", { workspace: w.ws.sales })).toEqual([]);
    expect(
      await namesAs(w, "mia", { workspace: w.ws.sales, workspaceRole: `custom:${w.roles.editor}` }),
    ).toEqual([]);
  });

  it("an Observer (viewer + see members) of Sales: the people of Sales", async () => {
    const w = await world();
    expect(await namesAs(w, "oscar")).toEqual(["Ed", "Ian", "Oscar"]);
    expect(await namesAs(w, "oscar", { workspaceRole: `custom:${w.roles.editor}` })).toEqual([
      "Ed",
    ]);
    expect(await namesAs(w, "oscar", { workspace: w.ws.backend })).toEqual([]);
    const actor = await actorAs(w, "oscar");
    expect((await workspaceChoicesFor(actor))?.map((c) => c.path)).toEqual(["Sales"]);
    const page = await usersPageFor(actor, usersQuery.parse({}));
    // They may see Sales' people, not invite: that is another permission.
    expect(page?.can).toMatchObject({ invite: false, mustChooseWorkspace: true });
    expect(page?.rows.every((row) => row.kind !== "member" || !row.abilities.edit)).toBe(true);
  });

  it("a Recruiter (invite, but not see members): no Users list", async () => {
    const w = await world();
    const actor = await actorAs(w, "rita");
    expect(await usersPageFor(actor, usersQuery.parse({}))).toBeNull();
    expect(await workspaceChoicesFor(actor)).toBeNull();
    expect(await listUsers(actor, usersQuery.parse({}))).toEqual({ rows: [], total: 0 });
  });
});

describe("the Users page's workspace roles to filter by", () => {
  it("the built-in roles, then the organization's custom roles by name", async () => {
    const w = await world();
    const page = await usersPageFor(await actorAs(w, "owner"), usersQuery.parse({}));
    expect(page?.workspaceRoles).toEqual([
      { key: "manager", label: "Manager", custom: false },
      { key: "member", label: "Member", custom: false },
      { key: "viewer", label: "Viewer", custom: false },
      { key: "guest", label: "Guest", custom: false },
      { key: `custom:${w.roles.editor}`, label: "Editor", custom: true },
      { key: `custom:${w.roles.observer}`, label: "Observer", custom: true },
      { key: `custom:${w.roles.recruiter}`, label: "Recruiter", custom: true },
    ]);
    const filtered = await usersPageFor(
      await actorAs(w, "owner"),
      usersQuery.parse({ workspaceRole: "guest" }),
    );
    expect(filtered).toMatchObject({ filtered: true, total: 0 });
  });
});
