// Edit user for an invitee (editInvitationPageFor), and the invite modal's options
// (inviteOptionsFor): who sees them, and what each viewer may change.
import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { acceptInvitation, readInvitation } from "@/lib/invitations/acceptance";
import { revokeInvitationAction } from "@/lib/invitations/actions";
import { actAs, resetTestSession } from "@/lib/testing/actors";
import { addMember, createUser, createWorkspace, grantWorkspaceRole } from "@/lib/testing/fixtures";
import { editInvitationPageFor } from "./edit-invitation-page";
import { inviteOptionsFor } from "./invite-options";
import {
  DAY_MS,
  invitationWorld,
  invite,
  setUpInvitationTests,
  type WsKey,
} from "./integration-world";

const t = setUpInvitationTests();

/** The invitation world, plus a manager of Design only and a disabled member managing Engineering. */
async function world() {
  const w = await invitationWorld(t.db);
  const designManager = await addMember(t.db, w.org);
  await grantWorkspaceRole(t.db, designManager.membership, w.ws.design, "manager");
  const disabledMember = await addMember(t.db, w.org, { status: "disabled" });
  await grantWorkspaceRole(t.db, disabledMember.membership, w.ws.eng, "manager");
  return {
    ...w,
    users: { ...w.users, designManager: designManager.user, disabledMember: disabledMember.user },
  };
}
type W = Awaited<ReturnType<typeof world>>;
type Viewer = keyof W["users"];

async function actorOf(w: W, viewer: Viewer) {
  await actAs(t.db, w.users[viewer].id);
  const actor = await getActor();
  if (!actor) throw new Error("no actor");
  resetTestSession();
  return actor;
}

async function pageAs(w: W, viewer: Viewer, invitationId: string) {
  return editInvitationPageFor(await actorOf(w, viewer), invitationId);
}

/** The workspaces offered, by path. */
const paths = (options: { path: string }[] | undefined) => options?.map((o) => o.path);
const ALL = ["Design", "Engineering", "Engineering / Backend"];
const ENGINEERING = ["Engineering", "Engineering / Backend"];

describe("Edit user for an invitee: who sees it", () => {
  it("owners and admins: everything about it, and may change the role and any workspace", async () => {
    const w = await world();
    const { id } = await invite(t, w, "ivy@example.test", { workspaces: ["backend"] });
    const stored = await t.db.invitation.findUniqueOrThrow({ where: { id } });
    for (const viewer of ["owner", "admin"] as const) {
      const page = await pageAs(w, viewer, id);
      expect(page).toEqual({
        invitation: expect.objectContaining({
          id,
          version: stored.version,
          name: "Nia New",
          firstName: "Nia",
          lastName: "New",
          email: "ivy@example.test",
          role: "member",
          status: "pending",
          inviter: { name: "Olive Owner", email: w.users.owner.email },
          createdAt: stored.createdAt,
          expiresAt: stored.expiresAt,
          lastEmailStatus: "sent",
          lastEmailError: null,
          workspaces: [
            {
              workspaceId: w.ws.backend,
              path: "Engineering / Backend",
              role: "member",
              customRole: null,
              key: "member",
              label: "Member",
            },
          ],
        }),
        open: true,
        can: { edit: true, chooseRole: true, resend: true, revoke: true },
        workspaceRequired: false,
        workspaceOptions: expect.any(Array),
        roleOptions: ["manager", "member", "viewer", "guest"].map((key) => ({
          key,
          label: expect.any(String),
          recipe: null,
        })),
        acceptedMember: null,
      });
      expect(paths(page?.workspaceOptions)).toEqual(ALL);
    }
  });

  it("a manager of its workspaces: its workspaces within theirs, never the role", async () => {
    const w = await world();
    const { id } = await invite(t, w, "ivy@example.test", {
      actor: "manager",
      workspaces: ["eng"],
    });
    const page = await pageAs(w, "manager", id);
    expect(page).toMatchObject({
      open: true,
      can: { edit: true, chooseRole: false, resend: true, revoke: true },
      workspaceRequired: true,
      invitation: { inviter: { email: w.users.manager.email } },
    });
    expect(paths(page?.workspaceOptions)).toEqual(ENGINEERING);
  });

  it.each<{ name: string; viewer: Viewer; role?: "admin"; workspaces: WsKey[] }>([
    { name: "a manager elsewhere", viewer: "designManager", workspaces: ["eng"] },
    {
      name: "a manager, for an invitation partly outside their workspaces",
      viewer: "manager",
      workspaces: ["eng", "design"],
    },
    {
      name: "a manager, for an admin's invitation",
      viewer: "manager",
      role: "admin",
      workspaces: ["eng"],
    },
    { name: "a manager, for an invitation into no workspace", viewer: "manager", workspaces: [] },
    { name: "a member", viewer: "member", workspaces: ["backend"] },
    { name: "a disabled member", viewer: "disabledMember", workspaces: ["eng"] },
    { name: "a disabled admin", viewer: "disabledAdmin", workspaces: [] },
    { name: "another organization's owner", viewer: "otherOwner", workspaces: [] },
  ])("not $name: not found", async ({ viewer, role, workspaces }) => {
    const w = await world();
    const { id } = await invite(t, w, "ivy@example.test", { role, workspaces });
    expect(await pageAs(w, viewer, id)).toBeNull();
  });

  it("an unknown id, or another organization's invitation, is not found", async () => {
    const w = await world();
    const globexWs = await createWorkspace(t.db, w.otherOrg, "Globex HQ");
    const theirs = await t.db.invitation.create({
      data: {
        organizationId: w.otherOrg,
        email: "gil@example.test",
        firstName: "Gil",
        lastName: "Globex",
        inviterEmail: w.users.otherOwner.email,
        tokenHash: "x".repeat(64),
        expiresAt: new Date(Date.now() + DAY_MS),
        pendingEmail: "gil@example.test",
        workspaces: { create: [{ workspaceId: globexWs.id, role: "member" }] },
      },
    });
    expect(await pageAs(w, "owner", theirs.id)).toBeNull();
    expect(await pageAs(w, "owner", "no-such-invitation")).toBeNull();
  });
});

describe("Edit user for an invitee: its state", () => {
  it("past its date it reads as expired, and may still be changed and resent", async () => {
    const w = await world();
    const { id } = await invite(t, w, "ivy@example.test");
    await t.db.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - DAY_MS), lastEmailStatus: "failed" },
    });
    expect(await pageAs(w, "owner", id)).toMatchObject({
      invitation: { status: "expired", lastEmailStatus: "failed" },
      open: true,
      can: { edit: true, chooseRole: true, resend: true, revoke: true },
    });
  });

  it("revoked: shown as such, nothing to change", async () => {
    const w = await world();
    const { id } = await invite(t, w, "ivy@example.test", { workspaces: ["eng"] });
    await actAs(t.db, w.users.owner.id);
    expect(await revokeInvitationAction({ invitationId: id })).toEqual({ ok: true });
    const page = await pageAs(w, "owner", id);
    expect(page).toMatchObject({
      invitation: { status: "revoked", revokedAt: expect.any(Date) },
      open: false,
      can: { edit: false, chooseRole: false, resend: false, revoke: false },
      acceptedMember: null,
    });
  });

  it("accepted: shown as such, with the member it made", async () => {
    const w = await world();
    const { id, raw } = await invite(t, w, "ivy@example.test", { workspaces: ["eng"] });
    const view = await readInvitation(t.db, raw);
    if (!view) throw new Error("no invitation");
    const ivy = await createUser(t.db, { email: "ivy@example.test" });
    await t.db.$transaction((tx) => acceptInvitation(tx, view, ivy.id));
    expect(await pageAs(w, "owner", id)).toMatchObject({
      invitation: { status: "accepted", acceptedAt: expect.any(Date) },
      open: false,
      can: { edit: false, chooseRole: false, resend: false, revoke: false },
      acceptedMember: { userId: ivy.id },
    });
    // The manager of Engineering sees the invitation and the person it made.
    expect(await pageAs(w, "manager", id)).toMatchObject({
      open: false,
      acceptedMember: { userId: ivy.id },
    });
  });
});

describe("the invite modal's options", () => {
  it("owners and admins: any workspace, and they choose the role", async () => {
    const w = await world();
    for (const viewer of ["owner", "admin"] as const) {
      const actor = await actorOf(w, viewer);
      const options = await inviteOptionsFor(actor);
      expect(options).toMatchObject({ canChooseRole: true, workspaceRequired: false });
      expect(paths(options?.workspaces)).toEqual(ALL);
      expect(await inviteOptionsFor(actor, w.ws.design)).toEqual(options);
    }
  });

  it("a workspace manager: into their workspaces only, members only", async () => {
    const w = await world();
    const actor = await actorOf(w, "manager");
    const options = await inviteOptionsFor(actor, w.ws.backend);
    expect(options).toMatchObject({ canChooseRole: false, workspaceRequired: true });
    expect(paths(options?.workspaces)).toEqual(ENGINEERING);
    expect(await inviteOptionsFor(actor, w.ws.design)).toBeNull();
  });

  it("nobody else, and no workspace of another organization", async () => {
    const w = await world();
    const globexWs = await createWorkspace(t.db, w.otherOrg, "Globex HQ");
    expect(await inviteOptionsFor(await actorOf(w, "member"))).toBeNull();
    expect(await inviteOptionsFor(await actorOf(w, "disabledAdmin"))).toBeNull();
    const owner = await actorOf(w, "owner");
    expect(await inviteOptionsFor(owner, globexWs.id)).toBeNull();
    expect(await inviteOptionsFor(owner, "no-such-workspace")).toBeNull();
  });
});
