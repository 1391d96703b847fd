// Editing a pending invitation (Edit user on an invitee): who may, into what, what the database
// holds afterwards, and that accepting it gives exactly the edited terms.
import { describe, expect, it, vi } from "vitest";
import {
  inviteUsersAction,
  resendInvitationAction,
  revokeInvitationAction,
  updateInvitationAction,
} from "@/lib/invitations/actions";
import { acceptWithNewAccountAction } from "@/lib/invitations/accept-actions";

const INVITATION_CHANGED_ELSEWHERE =
  "This invitation was changed by someone else — reload to see the latest version.";
import {
  acceptInvitation,
  InvitationGoneError,
  readInvitation,
} from "@/lib/invitations/acceptance";
import type { UpdateInvitationInput } from "@/lib/invitations/schemas";
import { expectRefused } from "@/lib/testing/acme-world";
import { actAs, resetTestSession, signedOut } from "@/lib/testing/actors";
import {
  addMember,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import {
  FORBIDDEN,
  INACTIVE,
  INVALID_ROLE,
  invitationWorld,
  invite,
  NO_WORKSPACE,
  NOT_FOUND,
  OUT_OF_SCOPE,
  SESSION,
  setUpInvitationTests,
  type World,
  type WsKey,
  type WsRole,
} from "./integration-world";

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), {
      digest: `NEXT_REDIRECT;replace;${url};307;`,
    });
  },
}));

const t = setUpInvitationTests();

const NOTHING = "Nothing to save: no field was changed.";
const EMAIL = "ivy.invitee@example.test";

/**
 * The invitation world, plus Dee, a manager of Design only (a manager elsewhere), and Del, a
 * disabled member who manages Engineering.
 */
async function world() {
  const w = await invitationWorld(t.db);
  const designManager = await addMember(t.db, w.org);
  await grantWorkspaceRole(t.db, designManager.membership, w.ws.design, "manager");
  const disabledMember = await addMember(t.db, w.org, { status: "disabled" });
  await grantWorkspaceRole(t.db, disabledMember.membership, w.ws.eng, "manager");
  const users = {
    ...w.users,
    designManager: designManager.user,
    disabledMember: disabledMember.user,
  };
  return { ...w, users } satisfies World;
}
type Actor = keyof Awaited<ReturnType<typeof world>>["users"] | "signedOut";

async function signInAs(w: Awaited<ReturnType<typeof world>>, actor: Actor) {
  if (actor === "signedOut") signedOut();
  else await actAs(t.db, w.users[actor].id);
}

/** Owner invites Ivy as `role` into `workspaces` (each with its role); returns the invitation. */
async function inviteIvy(
  w: Awaited<ReturnType<typeof world>>,
  role: "admin" | "member" = "member",
  workspaces: [WsKey, WsRole][] = [["eng", "member"]],
) {
  const { id, raw } = await invite(t, w, EMAIL, { role, workspaces: [] });
  // The helper invites every workspace as member: set the roles this test wants.
  if (workspaces.length > 0) {
    await t.db.invitationWorkspace.createMany({
      data: workspaces.map(([key, wsRole]) => ({
        invitationId: id,
        organizationId: w.org,
        workspaceId: w.ws[key],
        role: wsRole,
      })),
    });
  }
  const { version } = await t.db.invitation.findUniqueOrThrow({ where: { id } });
  t.mailbox.clear();
  return { id, raw, version };
}

async function grantsOf(invitationId: string, w: World) {
  const names = Object.fromEntries(Object.entries(w.ws).map(([key, id]) => [id, key]));
  const rows = await t.db.invitationWorkspace.findMany({ where: { invitationId } });
  return rows
    .map((r) => [names[r.workspaceId] ?? r.workspaceId, r.role] as const)
    .sort(([a], [b]) => a.localeCompare(b));
}

const PATHS: Record<WsKey, string> = {
  eng: "Engineering",
  backend: "Engineering / Backend",
  design: "Design",
};

interface Terms {
  role: "admin" | "member";
  workspaces: [WsKey, WsRole][];
}

interface Case {
  name: string;
  actor: Actor;
  /** The invitation as the owner sent it (by default: a member of Engineering). */
  start?: Terms;
  /** The edit: role (left out: unchanged) and workspaces. */
  role?: "admin" | "member";
  workspaces: [WsKey, WsRole][];
  want: string;
}

const cases: Case[] = [
  {
    name: "owner: the role and every workspace",
    actor: "owner",
    role: "admin",
    workspaces: [
      ["design", "manager"],
      ["eng", "viewer"],
    ],
    want: "ok",
  },
  {
    name: "admin: back to a member, out of every workspace",
    actor: "admin",
    start: { role: "admin", workspaces: [["design", "guest"]] },
    role: "member",
    workspaces: [],
    want: "ok",
  },
  {
    name: "manager of the invitation's workspace: its workspaces within theirs",
    actor: "manager",
    workspaces: [
      ["backend", "manager"],
      ["eng", "viewer"],
    ],
    want: "ok",
  },
  {
    name: "manager of the invitation's workspace, sending the role unchanged",
    actor: "manager",
    role: "member",
    workspaces: [["backend", "member"]],
    want: "ok",
  },
  {
    name: "manager of the invitation's workspace, making it an admin's",
    actor: "manager",
    role: "admin",
    workspaces: [["eng", "member"]],
    want: INVALID_ROLE,
  },
  {
    name: "manager of the invitation's workspace, adding a workspace not theirs",
    actor: "manager",
    workspaces: [
      ["eng", "member"],
      ["design", "member"],
    ],
    want: OUT_OF_SCOPE,
  },
  {
    name: "manager of the invitation's workspace, removing every workspace",
    actor: "manager",
    workspaces: [],
    want: OUT_OF_SCOPE,
  },
  {
    name: "manager, on an invitation that is partly outside their workspaces",
    actor: "manager",
    start: {
      role: "member",
      workspaces: [
        ["eng", "member"],
        ["design", "member"],
      ],
    },
    workspaces: [["eng", "member"]],
    want: OUT_OF_SCOPE,
  },
  {
    name: "manager, on an admin's invitation in their workspace",
    actor: "manager",
    start: { role: "admin", workspaces: [["eng", "member"]] },
    role: "member",
    workspaces: [["eng", "member"]],
    want: INVALID_ROLE,
  },
  {
    name: "manager elsewhere",
    actor: "designManager",
    workspaces: [["design", "member"]],
    want: OUT_OF_SCOPE,
  },
  { name: "member", actor: "member", workspaces: [["backend", "member"]], want: FORBIDDEN },
  {
    name: "disabled member (managing Engineering)",
    actor: "disabledMember",
    workspaces: [["eng", "viewer"]],
    want: INACTIVE,
  },
  {
    name: "disabled admin",
    actor: "disabledAdmin",
    role: "admin",
    workspaces: [],
    want: INACTIVE,
  },
  {
    name: "another organization's owner",
    actor: "otherOwner",
    role: "admin",
    workspaces: [],
    want: NOT_FOUND,
  },
  { name: "signed out", actor: "signedOut", workspaces: [], want: SESSION },
];

describe("editing an invitation, per caller", () => {
  it.each(cases)("$name → $want", async ({ actor, start, role, workspaces, want }) => {
    const w = await world();
    const initial: Terms = start ?? { role: "member", workspaces: [["eng", "member"]] };
    const before = await inviteIvy(w, initial.role, initial.workspaces);
    const stored = await t.db.invitation.findUniqueOrThrow({
      where: { id: before.id },
      omit: { tokenHash: false },
    });
    const input: UpdateInvitationInput = {
      invitationId: before.id,
      version: before.version,
      ...(role ? { role } : {}),
      workspaces: workspaces.map(([key, wsRole]) => ({ workspaceId: w.ws[key], role: wsRole })),
    };
    await signInAs(w, actor);

    if (want !== "ok") {
      await expectRefused(t.db, () => updateInvitationAction(input), want);
      expect(t.mailbox.messages).toEqual([]);
      return;
    }

    const result = await updateInvitationAction(input);
    expect(result).toEqual({ ok: true, version: before.version + 1 });
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id: before.id },
      omit: { tokenHash: false },
    });
    const newRole = role ?? initial.role;
    // The terms change; the link, its expiry, the email's state and the status don't. (The
    // number of workspaces is kept for the Users list by a trigger.)
    expect(after).toEqual({
      ...stored,
      role: newRole,
      workspaceCount: workspaces.length,
      version: before.version + 1,
      updatedAt: after.updatedAt,
    });
    expect(await grantsOf(before.id, w)).toEqual(
      [...workspaces].sort(([a], [b]) => a.localeCompare(b)),
    );
    expect(await readInvitation(t.db, before.raw)).toMatchObject({
      id: before.id,
      state: "valid",
      role: newRole,
    });

    const caller = w.users[actor as Exclude<Actor, "signedOut">];
    const events = await t.db.auditEvent.findMany({ where: { action: "invitation.updated" } });
    expect(events).toEqual([
      expect.objectContaining({
        organizationId: w.org,
        actorId: caller.id,
        actorEmail: caller.email,
        targetType: "invitation",
        targetId: before.id,
        targetLabel: `Nia New <${EMAIL}>`,
      }),
    ]);
    const terms = (r: string, list: [WsKey, WsRole][]) => ({
      role: r,
      workspaces: list.map(([key, wsRole]) => ({ name: PATHS[key], role: wsRole })),
    });
    expect(events[0]?.metadata).toEqual({
      before: terms(initial.role, initial.workspaces),
      after: terms(newRole, workspaces),
    });
    expect(t.mailbox.messages).toEqual([]);
  });
});

describe("editing an invitation, refused", () => {
  it("a stale form: someone else saved first", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    await actAs(t.db, w.users.admin.id);
    expect(
      await updateInvitationAction({
        invitationId: ivy.id,
        version: ivy.version,
        role: "admin",
        workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
      }),
    ).toEqual({ ok: true, version: ivy.version + 1 });

    // The owner's form was loaded before the admin's save.
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () =>
        updateInvitationAction({
          invitationId: ivy.id,
          version: ivy.version,
          role: "member",
          workspaces: [{ workspaceId: w.ws.design, role: "viewer" }],
        }),
      INVITATION_CHANGED_ELSEWHERE,
    );
    expect(await grantsOf(ivy.id, w)).toEqual([["eng", "member"]]);
  });

  it("a stale form: the invitation was resent meanwhile", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    await actAs(t.db, w.users.owner.id);
    expect(await resendInvitationAction({ invitationId: ivy.id })).toMatchObject({ ok: true });
    await expectRefused(
      t.db,
      () =>
        updateInvitationAction({
          invitationId: ivy.id,
          version: ivy.version,
          workspaces: [],
        }),
      INVITATION_CHANGED_ELSEWHERE,
    );
  });

  it.each(["accepted", "revoked"] as const)(
    "once %s, it can't be changed, even at its latest version",
    async (status) => {
      const w = await world();
      const ivy = await inviteIvy(w);
      const closed = await t.db.invitation.update({
        where: { id: ivy.id },
        data: {
          status,
          pendingEmail: null,
          version: { increment: 1 },
          ...(status === "accepted" ? { acceptedAt: new Date() } : { revokedAt: new Date() }),
        },
      });
      await actAs(t.db, w.users.owner.id);
      await expectRefused(
        t.db,
        () =>
          updateInvitationAction({
            invitationId: ivy.id,
            version: closed.version,
            role: "admin",
            workspaces: [],
          }),
        `This invitation was already ${status}; it can't be changed.`,
      );
    },
  );

  it("revoked through Revoke invitation, then edited from the open form", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    await actAs(t.db, w.users.owner.id);
    expect(await revokeInvitationAction({ invitationId: ivy.id })).toEqual({ ok: true });
    await expectRefused(
      t.db,
      () =>
        updateInvitationAction({
          invitationId: ivy.id,
          version: ivy.version,
          role: "admin",
          workspaces: [],
        }),
      "This invitation was already revoked; it can't be changed.",
    );
  });

  it("another organization's invitation, or none, reads as not found", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    // Globex's owner invites someone to Globex; Acme's owner tries to edit it.
    await actAs(t.db, w.users.otherOwner.id);
    const globexWs = await createWorkspace(t.db, w.otherOrg, "Globex HQ");
    const sent = await inviteUsersAction({
      rows: [{ firstName: "Gil", lastName: "Globex", email: "gil@example.test" }],
      role: "member",
      workspaces: [{ workspaceId: globexWs.id, role: "member" }],
    });
    if (!sent.ok || sent.outcomes[0]?.status !== "invited") throw new Error("not invited");
    const theirs = sent.outcomes[0].invitationId;
    resetTestSession();

    await actAs(t.db, w.users.owner.id);
    for (const invitationId of [theirs, "no-such-invitation"]) {
      await expectRefused(
        t.db,
        () => updateInvitationAction({ invitationId, version: 1, role: "admin", workspaces: [] }),
        NOT_FOUND,
      );
    }
    // Nor may Acme's invitation be given Globex's workspace.
    await expectRefused(
      t.db,
      () =>
        updateInvitationAction({
          invitationId: ivy.id,
          version: ivy.version,
          workspaces: [{ workspaceId: globexWs.id, role: "member" }],
        }),
      NO_WORKSPACE,
    );
  });

  it("nothing changed: nothing written", async () => {
    const w = await world();
    const ivy = await inviteIvy(w, "member", [
      ["eng", "member"],
      ["design", "viewer"],
    ]);
    await actAs(t.db, w.users.owner.id);
    await expectRefused(
      t.db,
      () =>
        updateInvitationAction({
          invitationId: ivy.id,
          version: ivy.version,
          role: "member",
          workspaces: [
            { workspaceId: w.ws.design, role: "viewer" },
            { workspaceId: w.ws.eng, role: "member" },
          ],
        }),
      NOTHING,
    );
  });

  it("bad input: field errors, nothing written", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const owner = await updateInvitationAction({
      invitationId: ivy.id,
      version: ivy.version,
      role: "owner" as "admin",
      workspaces: [],
    });
    expect(owner).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
    const twice = await updateInvitationAction({
      invitationId: ivy.id,
      version: ivy.version,
      workspaces: [
        { workspaceId: w.ws.eng, role: "member" },
        { workspaceId: w.ws.eng, role: "viewer" },
      ],
    });
    expect(twice).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { workspaces: ["Each workspace only once"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });
});

describe("accepting an edited invitation", () => {
  it("gives exactly the edited role and workspaces, through the link already sent", async () => {
    const w = await world();
    const ivy = await inviteIvy(w, "member", [
      ["eng", "member"],
      ["design", "viewer"],
    ]);
    await actAs(t.db, w.users.owner.id);
    expect(
      await updateInvitationAction({
        invitationId: ivy.id,
        version: ivy.version,
        role: "admin",
        workspaces: [
          { workspaceId: w.ws.backend, role: "manager" },
          { workspaceId: w.ws.design, role: "guest" },
        ],
      }),
    ).toMatchObject({ ok: true });
    resetTestSession();

    const result = await acceptWithNewAccountAction({
      token: ivy.raw,
      firstName: "Ivy",
      lastName: "Invitee",
      password: "a brand new passphrase 42",
    });
    expect(result).toEqual({ ok: true, organizationId: w.org, email: EMAIL });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: EMAIL } });
    const membership = await t.db.membership.findUniqueOrThrow({
      where: { userId_organizationId: { userId: user.id, organizationId: w.org } },
      include: { workspaceRoles: { select: { workspaceId: true, role: true } } },
    });
    expect(membership.role).toBe("admin");
    expect(
      membership.workspaceRoles.sort((a, b) => a.workspaceId.localeCompare(b.workspaceId)),
    ).toEqual(
      [
        { workspaceId: w.ws.backend, role: "manager" },
        { workspaceId: w.ws.design, role: "guest" },
      ].sort((a, b) => a.workspaceId.localeCompare(b.workspaceId)),
    );
    const accepted = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.accepted" },
    });
    expect(accepted.metadata).toMatchObject({ role: "admin" });
  });

  it("an acceptance that read the terms before an edit committed gives nothing", async () => {
    const w = await world();
    const ivy = await inviteIvy(w);
    const stale = await readInvitation(t.db, ivy.raw);
    if (!stale) throw new Error("no invitation");
    await actAs(t.db, w.users.owner.id);
    expect(
      await updateInvitationAction({
        invitationId: ivy.id,
        version: ivy.version,
        role: "admin",
        workspaces: [],
      }),
    ).toMatchObject({ ok: true });
    const account = await createUser(t.db, { email: EMAIL });
    const snapshot = await snapshotDatabase(t.db);
    await expect(
      t.db.$transaction((tx) => acceptInvitation(tx, stale, account.id)),
    ).rejects.toBeInstanceOf(InvitationGoneError);
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });
});
