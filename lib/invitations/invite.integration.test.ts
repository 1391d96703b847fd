// Who may invite, and the organization's rules every invitation follows.
import { describe, expect, it } from "vitest";
import { inviteUsersAction } from "@/lib/invitations/actions";
import { RATE_LIMITS } from "@/lib/rate-limit";
import { actAs } from "@/lib/testing/actors";
import { expectUnchangedButRefusal, snapshotDatabase } from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { hashToken } from "@/lib/tokens";
import {
  DAY_MS,
  emailedTokens,
  expectExpiry,
  FORBIDDEN,
  INACTIVE,
  INVALID_ROLE,
  invitationWorld,
  invite,
  NO_WORKSPACE,
  OUT_OF_SCOPE,
  outcomesOf,
  row,
  SESSION,
  setUpInvitationTests,
  signInAs,
  type ActorKey,
  type UserKey,
  type WsKey,
  type WsRole,
} from "./integration-world";

const t = setUpInvitationTests();

describe("invite × every actor", () => {
  interface InviteCase {
    name: string;
    actor: ActorKey;
    role?: "admin" | "member";
    workspaces: [WsKey, WsRole][];
    want: string;
  }
  const cases: InviteCase[] = [
    {
      name: "owner invites an admin into two workspaces",
      actor: "owner",
      role: "admin",
      workspaces: [
        ["eng", "manager"],
        ["design", "viewer"],
      ],
      want: "ok",
    },
    {
      name: "admin invites a member into Design",
      actor: "admin",
      role: "member",
      workspaces: [["design", "member"]],
      want: "ok",
    },
    {
      name: "admin invites with no workspace (optional for admins)",
      actor: "admin",
      workspaces: [],
      want: "ok",
    },
    {
      name: "manager invites into their workspace",
      actor: "manager",
      workspaces: [["eng", "member"]],
      want: "ok",
    },
    {
      name: "manager invites into a sub-workspace of theirs",
      actor: "manager",
      role: "member",
      workspaces: [["backend", "guest"]],
      want: "ok",
    },
    {
      name: "manager invites into a workspace not theirs",
      actor: "manager",
      workspaces: [["design", "member"]],
      want: OUT_OF_SCOPE,
    },
    {
      name: "manager invites into theirs and one not theirs",
      actor: "manager",
      workspaces: [
        ["eng", "member"],
        ["design", "member"],
      ],
      want: OUT_OF_SCOPE,
    },
    {
      name: "manager invites with no workspace",
      actor: "manager",
      workspaces: [],
      want: OUT_OF_SCOPE,
    },
    {
      name: "manager invites as admin",
      actor: "manager",
      role: "admin",
      workspaces: [["eng", "member"]],
      want: INVALID_ROLE,
    },
    {
      name: "plain member invites",
      actor: "member",
      workspaces: [["backend", "member"]],
      want: FORBIDDEN,
    },
    {
      name: "plain member invites (no workspace)",
      actor: "member",
      workspaces: [],
      want: FORBIDDEN,
    },
    {
      name: "disabled admin invites",
      actor: "disabledAdmin",
      workspaces: [["eng", "member"]],
      want: INACTIVE,
    },
    {
      name: "other organization's owner invites into Acme's workspace",
      actor: "otherOwner",
      workspaces: [["eng", "member"]],
      want: NO_WORKSPACE,
    },
    { name: "signed out", actor: "signedOut", workspaces: [["eng", "member"]], want: SESSION },
  ];

  it.each(cases)("$name → $want", async ({ actor, role, workspaces, want }) => {
    const w = await invitationWorld(t.db);
    await signInAs(t.db, w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const from = Date.now();
    const result = await inviteUsersAction({
      rows: [row("  Nia.New@Example.TEST ")],
      ...(role ? { role } : {}),
      workspaces: workspaces.map(([k, r]) => ({ workspaceId: w.ws[k], role: r })),
    });
    const to = Date.now();

    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expectUnchangedButRefusal(snapshot, await snapshotDatabase(t.db), want);
      expect(t.mailbox.messages).toEqual([]);
      return;
    }
    const inviter = w.users[actor as UserKey];
    const email = "nia.new@example.test";
    expect(result).toEqual({
      ok: true,
      outcomes: [
        { status: "invited", email, invitationId: expect.any(String), emailFailed: false },
      ],
    });
    const [outcome] = outcomesOf(result);
    if (outcome?.status !== "invited") throw new Error("not invited");
    const invitations = await t.db.invitation.findMany({
      include: { workspaces: true },
      omit: { tokenHash: false },
    });
    expect(invitations).toHaveLength(1);
    const invitation = invitations[0]!;
    expect(invitation).toMatchObject({
      id: outcome.invitationId,
      organizationId: w.org,
      email,
      pendingEmail: email,
      firstName: "Nia",
      lastName: "New",
      role: role ?? "member",
      status: "pending",
      inviterId: inviter.id,
      inviterEmail: inviter.email,
      lastEmailStatus: "sent",
      lastEmailError: null,
      acceptedAt: null,
      revokedAt: null,
    });
    expectExpiry(invitation.expiresAt, 7, from, to);
    const byId = (a: { workspaceId: string }, b: { workspaceId: string }) =>
      a.workspaceId.localeCompare(b.workspaceId);
    expect(
      invitation.workspaces
        .map(({ workspaceId, role: r, organizationId }) => ({
          workspaceId,
          role: r,
          organizationId,
        }))
        .sort(byId),
    ).toEqual(
      workspaces
        .map(([k, r]) => ({ workspaceId: w.ws[k], role: r, organizationId: w.org }))
        .sort(byId),
    );

    const events = await t.db.auditEvent.findMany();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      organizationId: w.org,
      actorId: inviter.id,
      actorEmail: inviter.email,
      action: "invitation.created",
      targetType: "invitation",
      targetId: invitation.id,
      targetLabel: `Nia New <${email}>`,
    });
    expect(events[0]!.metadata).toMatchObject({
      role: role ?? "member",
      expiresAt: invitation.expiresAt.toISOString(),
    });

    const outbox = await t.db.emailMessage.findMany();
    expect(outbox).toEqual([
      expect.objectContaining({
        organizationId: w.org,
        recipient: email,
        template: "invitation",
        status: "sent",
        attempts: 1,
      }),
    ]);
    // One email, to the invitee, whose link carries the token whose hash is stored.
    expect(t.mailbox.messages.map((m) => m.to)).toEqual([email]);
    const tokens = emailedTokens(t.mailbox);
    expect(tokens).toHaveLength(1);
    expect(hashToken(tokens[0]!)).toBe(invitation.tokenHash);
    // Nothing else moved: no account, no membership for the invitee yet.
    expect(await t.db.user.count({ where: { email } })).toBe(0);
  });

  it.each([3, 30])("expiry follows the organization's setting (%i days)", async (days) => {
    const w = await invitationWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { invitationExpiryDays: days },
    });
    const from = Date.now();
    const { id } = await invite(t, w, "custom@example.test");
    const to = Date.now();
    const invitation = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expectExpiry(invitation.expiresAt, days, from, to);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.created" },
    });
    expect(event.metadata).toMatchObject({ expiresAt: invitation.expiresAt.toISOString() });
  });

  it("never invites an owner, whatever the input says", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("boss@example.test")],
      role: "owner" as "admin",
    });
    expect(result).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    expect(t.mailbox.messages).toEqual([]);
  });

  it("another organization's owner only ever invites into their own organization", async () => {
    const w = await invitationWorld(t.db);
    // Even with Acme's id in the organization cookie: they have no membership there.
    await actAs(t.db, w.users.otherOwner.id, w.org);
    const result = await inviteUsersAction({ rows: [row("nia@example.test")] });
    expect(outcomesOf(result)).toEqual([expect.objectContaining({ status: "invited" })]);
    expect(await t.db.invitation.count({ where: { organizationId: w.org } })).toBe(0);
    expect(await t.db.invitation.count({ where: { organizationId: w.otherOrg } })).toBe(1);
    expect(testSession.cookies.get("roster_org")).toBe(w.org);
  });

  it("while the subscription has lapsed, admins are suspended and only the owner can invite", async () => {
    const w = await invitationWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: new Date(Date.now() - DAY_MS) },
    });
    await actAs(t.db, w.users.admin.id);
    const snapshot = await snapshotDatabase(t.db);
    expect(await inviteUsersAction({ rows: [row("nia@example.test")] })).toEqual({
      ok: false,
      error: INACTIVE,
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    expect(t.mailbox.messages).toEqual([]);
    await actAs(t.db, w.users.owner.id);
    expect(outcomesOf(await inviteUsersAction({ rows: [row("nia@example.test")] }))).toEqual([
      expect.objectContaining({ status: "invited" }),
    ]);
    expect(t.mailbox.to("nia@example.test")).toHaveLength(1);
  });

  it("refuses once the organization's hourly invitation budget is spent, changing nothing", async () => {
    const w = await invitationWorld(t.db);
    const rule = RATE_LIMITS.invitesPerOrganization;
    await t.db.rateLimitBucket.create({
      data: {
        key: `${rule.name}:${w.org.toLowerCase()}`,
        count: rule.limit,
        windowStart: new Date(),
        expiresAt: new Date(Date.now() + rule.windowSeconds * 1000),
      },
    });
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({ rows: [row("nia@example.test")] });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^Your organization has sent too many invitations in the last hour\. Try again in \d+ minutes\.$/,
      ),
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    expect(t.mailbox.messages).toEqual([]);
  });
});
