// Custom workspace roles in invitations: choosing one in the invite modal and in Edit invitation
// (who may give which), what is stored, what the email and the link's page say, and accepting.
import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { acceptWithNewAccountAction } from "@/lib/invitations/accept-actions";
import { readInvitation } from "@/lib/invitations/acceptance";
import { inviteUsersAction, updateInvitationAction } from "@/lib/invitations/actions";
import type { RoleKey, WorkspacePermission } from "@/lib/permissions";
import { ROLE_GONE } from "@/lib/roles";
import { actAs, resetTestSession } from "@/lib/testing/actors";
import {
  addMember,
  createWorkspace,
  expectUnchangedButRefusal,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { editInvitationPageFor } from "./edit-invitation-page";
import { inviteOptionsFor } from "./invite-options";
import {
  FORBIDDEN,
  INVALID_ROLE,
  invitationWorld,
  lastTokenTo,
  NOT_FOUND,
  OUT_OF_SCOPE,
  outcomesOf,
  row,
  setUpInvitationTests,
  type WsKey,
} from "./integration-world";

const t = setUpInvitationTests();

async function customRole(
  organizationId: string,
  name: string,
  baseRole: "manager" | "member" | "viewer" | "guest",
  permissions: WorkspacePermission[],
) {
  return t.db.customRole.create({
    data: { organizationId, name, nameKey: name.toLowerCase(), baseRole, permissions },
  });
}

/**
 * The invitation world (lib/invitations/integration-world.ts) and custom roles: Acme's Editor
 * (member + create sub-workspaces) and Recruiter (member + invite), which Rita holds in
 * Engineering (so Backend too); Globex's Partner and a workspace of Globex's.
 */
async function world() {
  const w = await invitationWorld(t.db);
  const editor = await customRole(w.org, "Editor", "member", ["createSubWorkspaces"]);
  const recruiter = await customRole(w.org, "Recruiter", "member", ["inviteMembers"]);
  const partner = await customRole(w.otherOrg, "Partner", "member", []);
  const rita = await addMember(t.db, w.org);
  await t.db.workspaceMembership.create({
    data: {
      organizationId: w.org,
      membershipId: rita.membership.id,
      workspaceId: w.ws.eng,
      role: "member",
      customRoleId: recruiter.id,
    },
  });
  const globexHq = await createWorkspace(t.db, w.otherOrg, "Globex HQ");
  return {
    ...w,
    users: { ...w.users, recruiter: rita.user },
    roles: { editor: editor.id, recruiter: recruiter.id, partner: partner.id },
    globexHq: globexHq.id,
  };
}
type W = Awaited<ReturnType<typeof world>>;
type Who = keyof W["users"];
const signInAs = (w: W, who: Who) => actAs(t.db, w.users[who].id);
const key = (id: string): RoleKey => `custom:${id}`;

/** The stored workspace roles of the invitation to `email`, by workspace id. */
async function storedRoles(email: string) {
  const invitation = await t.db.invitation.findFirstOrThrow({
    where: { email },
    select: { workspaces: { select: { workspaceId: true, role: true, customRoleId: true } } },
  });
  return Object.fromEntries(
    invitation.workspaces.map((w) => [
      w.workspaceId,
      { role: w.role, customRoleId: w.customRoleId },
    ]),
  );
}

describe("inviting with a custom role × every actor", () => {
  const cases: {
    name: string;
    actor: Who;
    workspaces: [WsKey, "editor" | "recruiter" | "manager" | "member"][];
    want: string;
  }[] = [
    { name: "owner gives Editor", actor: "owner", workspaces: [["eng", "editor"]], want: "ok" },
    {
      name: "admin gives Editor and Recruiter",
      actor: "admin",
      workspaces: [
        ["design", "editor"],
        ["backend", "recruiter"],
      ],
      want: "ok",
    },
    {
      name: "a manager gives Editor in their workspace",
      actor: "manager",
      workspaces: [["backend", "editor"]],
      want: "ok",
    },
    {
      name: "a manager gives Editor outside their workspaces",
      actor: "manager",
      workspaces: [["design", "editor"]],
      want: OUT_OF_SCOPE,
    },
    {
      name: "a Recruiter gives member where they may invite",
      actor: "recruiter",
      workspaces: [["eng", "member"]],
      want: "ok",
    },
    {
      name: "a Recruiter gives their own custom role",
      actor: "recruiter",
      workspaces: [["backend", "recruiter"]],
      want: "ok",
    },
    {
      name: "a Recruiter gives Editor (a permission they lack)",
      actor: "recruiter",
      workspaces: [["eng", "editor"]],
      want: INVALID_ROLE,
    },
    {
      name: "a Recruiter gives manager (above their own role)",
      actor: "recruiter",
      workspaces: [["eng", "manager"]],
      want: INVALID_ROLE,
    },
    {
      name: "a Recruiter invites outside their workspaces",
      actor: "recruiter",
      workspaces: [["design", "member"]],
      want: OUT_OF_SCOPE,
    },
    {
      name: "a plain member gives Editor",
      actor: "member",
      workspaces: [["backend", "editor"]],
      want: FORBIDDEN,
    },
  ];

  it.each(cases)("$name → $want", async ({ actor, workspaces, want }) => {
    const w = await world();
    await signInAs(w, actor);
    const roleOf = (r: (typeof workspaces)[number][1]): RoleKey =>
      r === "editor" ? key(w.roles.editor) : r === "recruiter" ? key(w.roles.recruiter) : r;
    const before = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("nia@example.test")],
      workspaces: workspaces.map(([ws, r]) => ({ workspaceId: w.ws[ws], role: roleOf(r) })),
    });
    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(before, await snapshotDatabase(t.db), want);
      return;
    }
    expect(outcomesOf(result)[0]?.status).toBe("invited");
    const ids = { editor: w.roles.editor, recruiter: w.roles.recruiter };
    expect(await storedRoles("nia@example.test")).toEqual(
      Object.fromEntries(
        workspaces.map(([ws, r]) => [
          w.ws[ws],
          r === "editor" || r === "recruiter"
            ? { role: "member", customRoleId: ids[r] }
            : { role: r, customRoleId: null },
        ]),
      ),
    );
  });

  it("names the custom role in the email, the link's page and the audit trail", async () => {
    const w = await world();
    await signInAs(w, "owner");
    const result = await inviteUsersAction({
      rows: [row("nia@example.test")],
      workspaces: [
        { workspaceId: w.ws.eng, role: key(w.roles.editor) },
        { workspaceId: w.ws.design, role: "viewer" },
      ],
    });
    const [outcome] = outcomesOf(result);
    const [email] = t.mailbox.messages;
    expect(email?.text).toMatch(/Engineering\W* \(Editor\)/);
    expect(email?.text).toMatch(/Design\W* \(Viewer\)/);
    const view = await readInvitation(t.db, lastTokenTo(t.mailbox, "nia@example.test"));
    expect(view?.workspaces.map((ws) => `${ws.name}: ${ws.roleLabel}`).sort()).toEqual([
      "Design: Viewer",
      "Engineering: Editor",
    ]);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: {
        action: "invitation.created",
        targetId: outcome?.status === "invited" ? outcome.invitationId : "",
      },
    });
    expect(event.metadata).toMatchObject({
      workspaces: expect.arrayContaining([
        { name: "Engineering", role: "member", customRole: "Editor" },
        { name: "Design", role: "viewer" },
      ]),
    });
  });

  it("gives one custom role to every row of a batch (read once), each invitation holding it", async () => {
    const w = await world();
    await signInAs(w, "admin");
    const result = await inviteUsersAction({
      rows: ["a", "b", "c"].map((n) => row(`${n}@example.test`)),
      workspaces: [
        { workspaceId: w.ws.eng, role: key(w.roles.editor) },
        { workspaceId: w.ws.design, role: key(w.roles.editor) },
      ],
    });
    expect(outcomesOf(result).map((o) => o.status)).toEqual(["invited", "invited", "invited"]);
    expect(await t.db.invitationWorkspace.count({ where: { customRoleId: w.roles.editor } })).toBe(
      6,
    );
  });

  it.each<{ name: string; actor: Who; role: (w: W) => string; ws: (w: W) => string }>([
    {
      name: "another organization's custom role",
      actor: "owner",
      role: (w) => w.roles.partner,
      ws: (w) => w.ws.eng,
    },
    {
      name: "a custom role that no longer exists",
      actor: "owner",
      role: () => "gone",
      ws: (w) => w.ws.eng,
    },
    {
      name: "Acme's custom role, by Globex's owner into Globex",
      actor: "otherOwner",
      role: (w) => w.roles.editor,
      ws: (w) => w.globexHq,
    },
  ])("$name: ROLE_GONE on that row, nothing written", async ({ actor, role, ws }) => {
    const w = await world();
    await signInAs(w, actor);
    const before = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("nia@example.test")],
      workspaces: [{ workspaceId: ws(w), role: key(role(w)) }],
    });
    expect(result).toEqual({
      ok: false,
      error: ROLE_GONE,
      fieldErrors: { "workspaces.0.role": [ROLE_GONE] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });
});

describe("the invite modal's roles", () => {
  async function optionsAs(w: W, who: Who, into?: string) {
    await actAs(t.db, w.users[who].id);
    const actor = await getActor();
    resetTestSession();
    return actor ? inviteOptionsFor(actor, into) : null;
  }

  it("owners and admins: every role everywhere, custom ones with their recipe", async () => {
    const w = await world();
    const options = await optionsAs(w, "admin");
    expect(options?.roles).toEqual([
      { key: "manager", label: "Manager", recipe: null },
      { key: "member", label: "Member", recipe: null },
      { key: "viewer", label: "Viewer", recipe: null },
      { key: "guest", label: "Guest", recipe: null },
      { key: key(w.roles.editor), label: "Editor", recipe: "member + create sub-workspaces" },
      {
        key: key(w.roles.recruiter),
        label: "Recruiter",
        recipe: "member + invite into the workspace",
      },
    ]);
    expect(options?.workspaces.every((ws) => ws.roles === undefined)).toBe(true);
  });

  it("a Recruiter: their workspaces, and only roles within their own there", async () => {
    const w = await world();
    const options = await optionsAs(w, "recruiter", w.ws.backend);
    const within = ["member", "viewer", "guest", key(w.roles.recruiter)];
    expect(options).toMatchObject({ canChooseRole: false, workspaceRequired: true });
    expect(options?.roles.map((r) => r.key)).toEqual(within);
    expect(options?.workspaces).toEqual([
      { id: w.ws.eng, path: "Engineering", roles: within },
      { id: w.ws.backend, path: "Engineering / Backend", roles: within },
    ]);
    expect(await optionsAs(w, "recruiter", w.ws.design)).toBeNull();
  });

  it("a manager: every role in their workspaces", async () => {
    const w = await world();
    const options = await optionsAs(w, "manager");
    expect(options?.workspaces.map((ws) => ws.roles?.length)).toEqual([6, 6]);
  });
});

describe("editing an invitation's custom roles", () => {
  async function invitationBy(
    w: W,
    who: Who,
    workspaces: { workspaceId: string; role: RoleKey }[],
  ) {
    await signInAs(w, who);
    const [outcome] = outcomesOf(
      await inviteUsersAction({ rows: [row("ivy@example.test")], workspaces }),
    );
    if (outcome?.status !== "invited") throw new Error("not invited");
    resetTestSession();
    return t.db.invitation.findUniqueOrThrow({ where: { id: outcome.invitationId } });
  }

  it("owner: a built-in role becomes a custom one, and back", async () => {
    const w = await world();
    const invitation = await invitationBy(w, "owner", [{ workspaceId: w.ws.eng, role: "member" }]);
    await signInAs(w, "owner");
    expect(
      await updateInvitationAction({
        invitationId: invitation.id,
        version: invitation.version,
        workspaces: [{ workspaceId: w.ws.eng, role: key(w.roles.editor) }],
      }),
    ).toEqual({ ok: true, version: invitation.version + 1 });
    expect(await storedRoles("ivy@example.test")).toEqual({
      [w.ws.eng]: { role: "member", customRoleId: w.roles.editor },
    });
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.updated" },
    });
    expect(event.metadata).toEqual({
      before: { role: "member", workspaces: [{ name: "Engineering", role: "member" }] },
      after: {
        role: "member",
        workspaces: [{ name: "Engineering", role: "member", customRole: "Editor" }],
      },
    });
    const page = await editInvitationPageFor((await getActor())!, invitation.id);
    expect(page?.invitation.workspaces).toMatchObject([
      { workspaceId: w.ws.eng, key: key(w.roles.editor), label: "Editor" },
    ]);
    expect(
      await updateInvitationAction({
        invitationId: invitation.id,
        version: invitation.version + 1,
        workspaces: [{ workspaceId: w.ws.eng, role: "viewer" }],
      }),
    ).toMatchObject({ ok: true });
    expect(await storedRoles("ivy@example.test")).toEqual({
      [w.ws.eng]: { role: "viewer", customRoleId: null },
    });
  });

  it("a Recruiter: may give roles within their own, never Editor", async () => {
    const w = await world();
    const invitation = await invitationBy(w, "recruiter", [
      { workspaceId: w.ws.eng, role: "member" },
    ]);
    await signInAs(w, "recruiter");
    const before = await snapshotDatabase(t.db);
    const refused = await updateInvitationAction({
      invitationId: invitation.id,
      version: invitation.version,
      workspaces: [{ workspaceId: w.ws.eng, role: key(w.roles.editor) }],
    });
    expect(refused).toEqual({ ok: false, error: INVALID_ROLE });
    expectUnchangedButRefusal(before, await snapshotDatabase(t.db), INVALID_ROLE);
    expect(
      await updateInvitationAction({
        invitationId: invitation.id,
        version: invitation.version,
        workspaces: [{ workspaceId: w.ws.eng, role: key(w.roles.recruiter) }],
      }),
    ).toMatchObject({ ok: true });
    expect(await storedRoles("ivy@example.test")).toEqual({
      [w.ws.eng]: { role: "member", customRoleId: w.roles.recruiter },
    });
  });

  it("a Recruiter: a role the owner gave stays as it is when they add a workspace", async () => {
    const w = await world();
    const invitation = await invitationBy(w, "owner", [
      { workspaceId: w.ws.eng, role: key(w.roles.editor) },
    ]);
    await signInAs(w, "recruiter");
    const page = await editInvitationPageFor((await getActor())!, invitation.id);
    // Editor is shown for its row, though the Recruiter could not give it.
    expect(page?.roleOptions.map((r) => r.label)).toContain("Editor");
    expect(
      await updateInvitationAction({
        invitationId: invitation.id,
        version: invitation.version,
        workspaces: [
          { workspaceId: w.ws.eng, role: key(w.roles.editor) },
          { workspaceId: w.ws.backend, role: "viewer" },
        ],
      }),
    ).toMatchObject({ ok: true });
    expect(await storedRoles("ivy@example.test")).toEqual({
      [w.ws.eng]: { role: "member", customRoleId: w.roles.editor },
      [w.ws.backend]: { role: "viewer", customRoleId: null },
    });
  });

  it.each<{ name: string; who: Who; role: (w: W) => RoleKey; want: string; fields?: object }>([
    {
      name: "another organization's custom role",
      who: "owner",
      role: (w) => key(w.roles.partner),
      want: ROLE_GONE,
      fields: { "workspaces.1.role": [ROLE_GONE] },
    },
    { name: "a plain member", who: "member", role: (w) => key(w.roles.editor), want: FORBIDDEN },
    {
      name: "another organization's owner",
      who: "otherOwner",
      role: (w) => key(w.roles.editor),
      want: NOT_FOUND,
    },
  ])("$name: refused, nothing changed", async ({ who, role, want, fields }) => {
    const w = await world();
    const invitation = await invitationBy(w, "owner", [{ workspaceId: w.ws.eng, role: "member" }]);
    await signInAs(w, who);
    const before = await snapshotDatabase(t.db);
    const result = await updateInvitationAction({
      invitationId: invitation.id,
      version: invitation.version,
      workspaces: [
        { workspaceId: w.ws.eng, role: "member" },
        { workspaceId: w.ws.design, role: role(w) },
      ],
    });
    expect(result).toEqual({ ok: false, error: want, ...(fields ? { fieldErrors: fields } : {}) });
    expectUnchangedButRefusal(before, await snapshotDatabase(t.db), want);
  });
});

describe("accepting an invitation with a custom role", () => {
  const PASSWORD = "a brand new passphrase 42";

  async function inviteAndAccept(w: W, moveBeforeAccepting = false) {
    await signInAs(w, "owner");
    outcomesOf(
      await inviteUsersAction({
        rows: [row("nia@example.test")],
        workspaces: [
          { workspaceId: w.ws.eng, role: key(w.roles.editor) },
          { workspaceId: w.ws.design, role: "guest" },
        ],
      }),
    );
    resetTestSession();
    if (moveBeforeAccepting) {
      // What deleting the custom role does to its holders: they keep its base role.
      await t.db.invitationWorkspace.updateMany({
        where: { customRoleId: w.roles.editor },
        data: { customRoleId: null },
      });
      await t.db.customRole.delete({ where: { id: w.roles.editor } });
    }
    const result = await acceptWithNewAccountAction({
      token: lastTokenTo(t.mailbox, "nia@example.test"),
      firstName: "Nia",
      lastName: "New",
      password: PASSWORD,
    });
    expect(result).toMatchObject({ ok: true });
    const membership = await t.db.membership.findFirstOrThrow({
      where: { organizationId: w.org, user: { email: "nia@example.test" } },
      select: { workspaceRoles: { select: { workspaceId: true, role: true, customRoleId: true } } },
    });
    return Object.fromEntries(
      membership.workspaceRoles.map((r) => [
        r.workspaceId,
        { role: r.role, customRoleId: r.customRoleId },
      ]),
    );
  }

  it("the new member holds the custom role the invitation gave", async () => {
    const w = await world();
    expect(await inviteAndAccept(w)).toEqual({
      [w.ws.eng]: { role: "member", customRoleId: w.roles.editor },
      [w.ws.design]: { role: "guest", customRoleId: null },
    });
  });

  it("a custom role deleted since: its base role, as its holders kept", async () => {
    const w = await world();
    expect(await inviteAndAccept(w, true)).toEqual({
      [w.ws.eng]: { role: "member", customRoleId: null },
      [w.ws.design]: { role: "guest", customRoleId: null },
    });
  });
});
