import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  vi,
  type MockInstance,
} from "vitest";
import { readInvitation } from "@/lib/invitations/acceptance";
import { formatEmailDate } from "@/lib/email";
import { RATE_LIMITS } from "@/lib/rate-limit";
import { actAs, resetTestSession, signedOut } from "@/lib/testing/actors";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
  snapshotDatabase,
} from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { hashToken } from "@/lib/tokens";
import type { InviteRowOutcome, InviteUsersInput } from "@/lib/invitations/schemas";
import {
  inviteUsersAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/invitations/actions";

let t: TestDatabase;
let info: MockInstance<typeof console.info>;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  resetTestSession();
  // No provider: emails go to the log transport, which prints the text body, link included.
  vi.stubEnv("RESEND_API_KEY", "");
  vi.stubEnv("RESEND_BASE_URL", "");
  vi.stubEnv("EMAIL_FROM", "");
  info = vi.spyOn(console, "info").mockImplementation(() => undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const DAY_MS = 24 * 60 * 60 * 1000;
const SESSION = "Your session has ended. Sign in again to continue.";
const INACTIVE = "You no longer have access to this organization.";
const FORBIDDEN = "You don't have permission to do that.";
const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";
const OUT_OF_SCOPE = "You can only do that within your workspaces.";
const INVALID_ROLE = "That role can't be given here.";
const NO_WORKSPACE = "One of the chosen workspaces no longer exists. Reload and choose again.";
const NOBODY = "Nobody was invited — see each row.";
const resendInstead = (email: string) =>
  `${email} already has a pending invitation — resend it instead.`;
const alreadyMember = (email: string) => `${email} is already a member.`;

/**
 * Acme: owner, admin, a manager of Engineering (Backend below it), a member of Backend, a disabled
 * admin; Design is nobody's. Globex: its owner.
 */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  const admin = await addMember(t.db, org, { role: "admin" });
  const manager = await addMember(t.db, org);
  const member = await addMember(t.db, org);
  const disabledAdmin = await addMember(t.db, org, { role: "admin", status: "disabled" });
  const eng = await createWorkspace(t.db, org, "Engineering");
  const backend = await createWorkspace(t.db, org, "Backend", eng.id);
  const design = await createWorkspace(t.db, org, "Design");
  await grantWorkspaceRole(t.db, manager.membership, eng.id, "manager");
  await grantWorkspaceRole(t.db, member.membership, backend.id, "member");
  const globex = await createOrganization(t.db, "Globex");
  return {
    org,
    otherOrg: globex.organization.id,
    ws: { eng: eng.id, backend: backend.id, design: design.id },
    users: {
      owner: acme.owner,
      admin: admin.user,
      manager: manager.user,
      member: member.user,
      disabledAdmin: disabledAdmin.user,
      otherOwner: globex.owner,
    },
  };
}

type World = Awaited<ReturnType<typeof world>>;
type UserKey = keyof World["users"];
type ActorKey = UserKey | "signedOut";
type WsKey = keyof World["ws"];
type WsRole = "manager" | "member" | "viewer" | "guest";

async function as(w: World, actor: ActorKey) {
  if (actor === "signedOut") signedOut();
  else await actAs(t.db, w.users[actor].id);
}

/** The raw tokens of every invitation link emailed so far, oldest first. */
function emailedTokens(): string[] {
  const tokens: string[] = [];
  for (const call of info.mock.calls) {
    const text = call.map(String).join(" ");
    for (const match of text.matchAll(/\/invite\/([A-Za-z0-9_-]+)/g)) tokens.push(match[1]!);
  }
  return tokens;
}

function lastToken(): string {
  const token = emailedTokens().at(-1);
  if (!token) throw new Error("no invitation email was printed");
  return token;
}

function outcomesOf(result: Awaited<ReturnType<typeof inviteUsersAction>>): InviteRowOutcome[] {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.outcomes;
}

function expectExpiry(expiresAt: Date, days: number, from: number, to: number) {
  expect(expiresAt.getTime()).toBeGreaterThanOrEqual(from + days * DAY_MS);
  expect(expiresAt.getTime()).toBeLessThanOrEqual(to + days * DAY_MS);
}

const row = (email: string, firstName = "Nia", lastName = "New") => ({
  firstName,
  lastName,
  email,
});

/** Invites one person as `actor` (default: the owner) and returns the invitation and its raw token. */
async function invite(
  w: World,
  email: string,
  opts: { actor?: UserKey; role?: "admin" | "member"; workspaces?: WsKey[] } = {},
) {
  await actAs(t.db, w.users[opts.actor ?? "owner"].id);
  const result = await inviteUsersAction({
    rows: [row(email)],
    role: opts.role,
    workspaces: (opts.workspaces ?? []).map((k) => ({ workspaceId: w.ws[k], role: "member" })),
  });
  const [outcome] = outcomesOf(result);
  if (outcome?.status !== "invited") throw new Error(`not invited: ${JSON.stringify(outcome)}`);
  const raw = lastToken();
  resetTestSession();
  return { id: outcome.invitationId, raw };
}

function dump(rows: unknown): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

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
    const w = await world();
    await as(w, actor);
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
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
      expect(emailedTokens()).toEqual([]);
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
    const tokens = emailedTokens();
    expect(tokens).toHaveLength(1);
    expect(hashToken(tokens[0]!)).toBe(invitation.tokenHash);
    // Nothing else moved: no account, no membership for the invitee yet.
    expect(await t.db.user.count({ where: { email } })).toBe(0);
  });

  it.each([3, 30])("expiry follows the organization's setting (%i days)", async (days) => {
    const w = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { invitationExpiryDays: days },
    });
    const from = Date.now();
    const { id } = await invite(w, "custom@example.test");
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
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("boss@example.test")],
      role: "owner" as "admin",
    });
    expect(result).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });

  it("another organization's owner only ever invites into their own organization", async () => {
    const w = await world();
    // Even with Acme's id in the organization cookie: they have no membership there.
    await actAs(t.db, w.users.otherOwner.id, w.org);
    const result = await inviteUsersAction({ rows: [row("nia@example.test")] });
    expect(outcomesOf(result)).toEqual([expect.objectContaining({ status: "invited" })]);
    expect(await t.db.invitation.count({ where: { organizationId: w.org } })).toBe(0);
    expect(await t.db.invitation.count({ where: { organizationId: w.otherOrg } })).toBe(1);
    expect(testSession.cookies.get("roster_org")).toBe(w.org);
  });

  it("while the subscription has lapsed, admins are suspended and only the owner can invite", async () => {
    const w = await world();
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
    await actAs(t.db, w.users.owner.id);
    expect(outcomesOf(await inviteUsersAction({ rows: [row("nia@example.test")] }))).toEqual([
      expect.objectContaining({ status: "invited" }),
    ]);
  });

  it("refuses once the organization's hourly invitation budget is spent, changing nothing", async () => {
    const w = await world();
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
    expect(emailedTokens()).toEqual([]);
  });
});

describe("duplicates", () => {
  it("an existing member (any case, even disabled) is reported as already a member, changing nothing", async () => {
    const w = await world();
    await actAs(t.db, w.users.admin.id);
    const snapshot = await snapshotDatabase(t.db);
    const memberEmail = w.users.member.email;
    const disabledEmail = w.users.disabledAdmin.email;
    const result = await inviteUsersAction({
      rows: [row(memberEmail.toUpperCase()), row(` ${disabledEmail} `)],
    });
    expect(result).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: {
        "rows.0.email": [alreadyMember(memberEmail)],
        "rows.1.email": [alreadyMember(disabledEmail)],
      },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });

  it("an email with a pending invitation is reported as already invited, with no second row", async () => {
    const w = await world();
    const first = await invite(w, "Pat@Example.test");
    await actAs(t.db, w.users.admin.id);
    const snapshot = await snapshotDatabase(t.db);
    const alone = await inviteUsersAction({ rows: [row("pat@EXAMPLE.TEST")] });
    expect(alone).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("pat@example.test")] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);

    // Next to a good row: the good one is invited, this one is reported.
    const mixed = await inviteUsersAction({
      rows: [row("PAT@example.test"), row("kim@example.test")],
    });
    expect(outcomesOf(mixed)).toEqual([
      {
        status: "already_invited",
        email: "pat@example.test",
        message: resendInstead("pat@example.test"),
      },
      {
        status: "invited",
        email: "kim@example.test",
        invitationId: expect.any(String),
        emailFailed: false,
      },
    ]);
    const pats = await t.db.invitation.findMany({ where: { email: "pat@example.test" } });
    expect(pats.map((p) => p.id)).toEqual([first.id]);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(2);
  });

  it("an expired but still pending invitation also says resend (which renews it)", async () => {
    const w = await world();
    const first = await invite(w, "late@example.test");
    await t.db.invitation.update({
      where: { id: first.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await actAs(t.db, w.users.owner.id);
    expect(await inviteUsersAction({ rows: [row("late@example.test")] })).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("late@example.test")] },
    });
    expect(await t.db.invitation.count()).toBe(1);
  });

  it("the same email twice in one batch: one invited, one duplicate", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("twice@example.test"), row(" TWICE@example.TEST", "Other", "Name")],
    });
    expect(outcomesOf(result)).toEqual([
      {
        status: "invited",
        email: "twice@example.test",
        invitationId: expect.any(String),
        emailFailed: false,
      },
      {
        status: "duplicate",
        email: "twice@example.test",
        message: "twice@example.test is listed twice.",
      },
    ]);
    expect(await t.db.invitation.count()).toBe(1);
    expect(await t.db.emailMessage.count()).toBe(1);
    expect(await t.db.auditEvent.count()).toBe(1);
  });

  it("membership and pending invitations of another organization don't count here", async () => {
    const w = await world();
    // Globex has a pending invitation for pat; Globex's owner is no member of Acme.
    await invite(w, "pat@example.test", { actor: "otherOwner" });
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("pat@example.test"), row(w.users.otherOwner.email)],
    });
    expect(outcomesOf(result).map((o) => o.status)).toEqual(["invited", "invited"]);
    expect(await t.db.invitation.count({ where: { organizationId: w.org } })).toBe(2);
    expect(await t.db.invitation.count({ where: { organizationId: w.otherOrg } })).toBe(1);
  });
});

describe("a batch", () => {
  it("of 10 rows with mixed results invites the good ones and reports the others per row", async () => {
    const w = await world();
    await t.db.organization.update({
      where: { id: w.org },
      data: { allowedEmailDomains: ["example.test", "@acme.test"] },
    });
    await invite(w, "pending@example.test");
    info.mockClear();
    await actAs(t.db, w.users.admin.id);
    const rows = [
      row("one@example.test"),
      row("not-an-email"),
      row(w.users.member.email),
      row("Pending@example.test"),
      row("ONE@example.test"),
      row("eve@elsewhere.test"),
      row("two@acme.test"),
      row("three@example.test"),
      row("bad@@example.test"),
      row("Four@EXAMPLE.TEST"),
    ];
    const result = await inviteUsersAction({
      rows,
      workspaces: [{ workspaceId: w.ws.design, role: "viewer" }],
    });
    const invited = (email: string) => ({
      status: "invited",
      email,
      invitationId: expect.any(String),
      emailFailed: false,
    });
    expect(outcomesOf(result)).toEqual([
      invited("one@example.test"),
      {
        status: "invalid_email",
        email: "not-an-email",
        message: "not-an-email isn't a valid email address.",
      },
      {
        status: "already_member",
        email: w.users.member.email,
        message: alreadyMember(w.users.member.email),
      },
      {
        status: "already_invited",
        email: "pending@example.test",
        message: resendInstead("pending@example.test"),
      },
      {
        status: "duplicate",
        email: "one@example.test",
        message: "one@example.test is listed twice.",
      },
      {
        status: "domain_not_allowed",
        email: "eve@elsewhere.test",
        message: expect.stringContaining("eve@elsewhere.test isn't allowed"),
      },
      invited("two@acme.test"),
      invited("three@example.test"),
      {
        status: "invalid_email",
        email: "bad@@example.test",
        message: "bad@@example.test isn't a valid email address.",
      },
      invited("four@example.test"),
    ]);
    const created = await t.db.invitation.findMany({
      where: { inviterId: w.users.admin.id },
      include: { workspaces: true },
      orderBy: { email: "asc" },
    });
    expect(created.map((i) => i.email)).toEqual([
      "four@example.test",
      "one@example.test",
      "three@example.test",
      "two@acme.test",
    ]);
    for (const i of created) {
      expect(i.workspaces).toEqual([
        expect.objectContaining({ workspaceId: w.ws.design, role: "viewer" }),
      ]);
    }
    expect(await t.db.invitation.count()).toBe(5);
    expect(
      await t.db.auditEvent.count({
        where: { action: "invitation.created", actorId: w.users.admin.id },
      }),
    ).toBe(4);
    expect(await t.db.emailMessage.count({ where: { status: "sent" } })).toBe(5);
    expect(emailedTokens()).toHaveLength(4);
  });

  it("of 11 rows is refused with a field error, changing nothing", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: Array.from({ length: 11 }, (_, i) => row(`p${i}@example.test`)),
    });
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { rows: ["At most 10 people at once"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });

  it("with a blank name or email reports the field, changing nothing", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("ok@example.test"), { firstName: " ", lastName: "X", email: "  " }],
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        "rows.1.firstName": [expect.any(String)],
        "rows.1.email": ["Enter an email address"],
      },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });
});

it("two parallel identical invites create exactly one invitation", async () => {
  const w = await world();
  await actAs(t.db, w.users.admin.id);
  const input: InviteUsersInput = {
    rows: [row("race@example.test")],
    workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
  };
  const results = await Promise.all([inviteUsersAction(input), inviteUsersAction(input)]);
  const winners = results.filter((r) => r.ok);
  expect(winners).toHaveLength(1);
  expect(results.filter((r) => !r.ok)).toEqual([
    {
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("race@example.test")] },
    },
  ]);
  expect(await t.db.invitation.count()).toBe(1);
  expect(await t.db.invitationWorkspace.count()).toBe(1);
  expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(1);
  expect(await t.db.emailMessage.count()).toBe(1);
});

describe("tokens", () => {
  it("the raw token is in no table; only its SHA-256 is stored, and it opens the invitation", async () => {
    const w = await world();
    const { id, raw } = await invite(w, "secret@example.test", { workspaces: ["eng"] });
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(raw, "base64url")).toHaveLength(32);
    await actAs(t.db, w.users.owner.id);
    expect(await resendInvitationAction({ invitationId: id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    const renewed = lastToken();
    expect(renewed).not.toBe(raw);

    const everything =
      dump(await snapshotDatabase(t.db)) + dump(await t.db.rateLimitBucket.findMany());
    for (const token of [raw, renewed]) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(Buffer.from(token, "base64url").toString("hex"));
    }
    const invitation = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(invitation.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(invitation.tokenHash).toBe(hashToken(renewed));
    expect(await readInvitation(t.db, renewed)).toMatchObject({
      id,
      state: "valid",
      email: "secret@example.test",
      organization: { id: w.org, name: "Acme" },
      workspaces: [{ workspaceId: w.ws.eng, name: "Engineering", role: "member" }],
      accountExists: false,
    });
    expect(await readInvitation(t.db, raw)).toBeNull();
    // The stored hash itself is not a key to the invitation.
    expect(await readInvitation(t.db, invitation.tokenHash)).toBeNull();
  });

  it("each invitation gets its own token", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    outcomesOf(await inviteUsersAction({ rows: [row("a@example.test"), row("b@example.test")] }));
    const tokens = emailedTokens();
    expect(new Set(tokens).size).toBe(2);
    const hashes = (await t.db.invitation.findMany({ omit: { tokenHash: false } }))
      .map((i) => i.tokenHash)
      .sort();
    expect(hashes).toEqual(tokens.map(hashToken).sort());
  });
});

describe("the invitation email", () => {
  it("names the organization, inviter, role and workspaces, and carries the link and the expiry", async () => {
    vi.stubEnv("APP_URL", "https://roster.example/");
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("Mail@Example.test", "Mia", "Mail")],
      role: "admin",
      workspaces: [
        { workspaceId: w.ws.backend, role: "viewer" },
        { workspaceId: w.ws.design, role: "manager" },
      ],
    });
    expect(outcomesOf(result).map((o) => o.status)).toEqual(["invited"]);
    expect(info).toHaveBeenCalledTimes(1);
    const text = info.mock.calls[0]!.map(String).join(" ");
    const raw = lastToken();
    const invitation = await t.db.invitation.findFirstOrThrow();
    expect(text).toContain("To: mail@example.test");
    expect(text).toContain("Subject: Olive Owner invited you to Acme");
    expect(text).toContain("Hi Mia,");
    expect(text).toContain("as an admin");
    expect(text).toContain("Engineering / Backend (Viewer)");
    expect(text).toContain("Design (Manager)");
    expect(text).toContain(`https://roster.example/invite/${raw}`);
    expect(text).toContain(formatEmailDate(invitation.expiresAt));
  });
});

/** Who may resend or revoke which invitation: a manager only "invitations whose workspaces are all theirs". */
interface ManageCase {
  name: string;
  actor: ActorKey;
  role?: "admin" | "member";
  workspaces: WsKey[];
  want: string;
}
const manageCases: ManageCase[] = [
  { name: "owner", actor: "owner", workspaces: ["design"], want: "ok" },
  { name: "admin (no workspace)", actor: "admin", workspaces: [], want: "ok" },
  { name: "admin (admin invitation)", actor: "admin", role: "admin", workspaces: [], want: "ok" },
  { name: "manager, all theirs", actor: "manager", workspaces: ["eng"], want: "ok" },
  {
    name: "manager, all theirs via a sub-workspace",
    actor: "manager",
    workspaces: ["eng", "backend"],
    want: "ok",
  },
  {
    name: "manager, one workspace not theirs",
    actor: "manager",
    workspaces: ["eng", "design"],
    want: OUT_OF_SCOPE,
  },
  { name: "manager, no workspace", actor: "manager", workspaces: [], want: OUT_OF_SCOPE },
  {
    name: "manager, an admin invitation in their workspace",
    actor: "manager",
    role: "admin",
    workspaces: ["eng"],
    want: INVALID_ROLE,
  },
  { name: "member", actor: "member", workspaces: ["backend"], want: FORBIDDEN },
  { name: "disabled admin", actor: "disabledAdmin", workspaces: ["eng"], want: INACTIVE },
  { name: "other organization's owner", actor: "otherOwner", workspaces: [], want: NOT_FOUND },
  { name: "signed out", actor: "signedOut", workspaces: ["eng"], want: SESSION },
];

describe("resend", () => {
  it.each(manageCases)("$name → $want", async ({ actor, role, workspaces, want }) => {
    const w = await world();
    const { id, raw } = await invite(w, "ren@example.test", { role, workspaces });
    // Nearly expired: resending renews the expiry.
    await t.db.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() + 60_000) },
    });
    const before = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    info.mockClear();
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const from = Date.now();
    const result = await resendInvitationAction({ invitationId: id });
    const to = Date.now();

    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
      expect(emailedTokens()).toEqual([]);
      expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "valid" });
      return;
    }
    const caller = w.users[actor as UserKey];
    expect(result).toEqual({ ok: true, emailStatus: "sent" });
    const fresh = lastToken();
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(after.tokenHash).not.toBe(before.tokenHash);
    expect(after.tokenHash).toBe(hashToken(fresh));
    expect(after).toMatchObject({
      status: "pending",
      pendingEmail: "ren@example.test",
      lastEmailStatus: "sent",
      version: before.version + 1,
    });
    expectExpiry(after.expiresAt, 7, from, to);
    expect(await readInvitation(t.db, raw)).toBeNull();
    expect(await readInvitation(t.db, fresh)).toMatchObject({ id, state: "valid" });

    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.resent" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: caller.id,
      actorEmail: caller.email,
      targetType: "invitation",
      targetId: id,
    });
    expect(event.metadata).toEqual({
      before: { expiresAt: before.expiresAt.toISOString() },
      after: { expiresAt: after.expiresAt.toISOString() },
    });
    const outbox = await t.db.emailMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(outbox).toHaveLength(2);
    expect(outbox[1]).toMatchObject({
      recipient: "ren@example.test",
      template: "invitation",
      status: "sent",
    });
  });

  it("renews an expired invitation: its new link works again", async () => {
    const w = await world();
    const { id, raw } = await invite(w, "late@example.test");
    await t.db.invitation.update({
      where: { id },
      data: { expiresAt: new Date(Date.now() - DAY_MS) },
    });
    expect(await readInvitation(t.db, raw)).toMatchObject({ state: "expired" });
    await actAs(t.db, w.users.admin.id);
    expect(await resendInvitationAction({ invitationId: id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    expect(await readInvitation(t.db, raw)).toBeNull();
    expect(await readInvitation(t.db, lastToken())).toMatchObject({ id, state: "valid" });
  });

  it.each(["revoked", "accepted"] as const)(
    "a %s invitation can't be resent, changing nothing",
    async (status) => {
      const w = await world();
      const { id } = await invite(w, "done@example.test");
      await t.db.invitation.update({
        where: { id },
        data: {
          status,
          pendingEmail: null,
          ...(status === "accepted" ? { acceptedAt: new Date() } : { revokedAt: new Date() }),
        },
      });
      info.mockClear();
      await actAs(t.db, w.users.owner.id);
      const snapshot = await snapshotDatabase(t.db);
      expect(await resendInvitationAction({ invitationId: id })).toEqual({
        ok: false,
        error: `This invitation was already ${status}; it can't be resent.`,
      });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
      expect(emailedTokens()).toEqual([]);
    },
  );

  it("an unknown invitation reads as not found", async () => {
    const w = await world();
    await actAs(t.db, w.users.owner.id);
    expect(await resendInvitationAction({ invitationId: "nope" })).toEqual({
      ok: false,
      error: NOT_FOUND,
    });
  });
});

describe("revoke", () => {
  it.each(manageCases)("$name → $want", async ({ actor, role, workspaces, want }) => {
    const w = await world();
    const { id, raw } = await invite(w, "rev@example.test", { role, workspaces });
    const before = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    await as(w, actor);
    const snapshot = await snapshotDatabase(t.db);
    const result = await revokeInvitationAction({ invitationId: id });

    if (want !== "ok") {
      expect(result).toEqual({ ok: false, error: want });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
      expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "valid" });
      return;
    }
    const caller = w.users[actor as UserKey];
    expect(result).toEqual({ ok: true });
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(after).toMatchObject({
      status: "revoked",
      pendingEmail: null,
      email: "rev@example.test",
      tokenHash: before.tokenHash,
      version: before.version + 1,
      acceptedAt: null,
    });
    expect(after.revokedAt).toBeInstanceOf(Date);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "invitation.revoked" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: caller.id,
      actorEmail: caller.email,
      targetType: "invitation",
      targetId: id,
    });
    expect(event.metadata).toEqual({ email: "rev@example.test", role: role ?? "member" });
    expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "revoked" });

    // The email is free again: a new invitation, with its own link.
    const again = await invite(w, "REV@example.test");
    expect(again.id).not.toBe(id);
    expect(await readInvitation(t.db, again.raw)).toMatchObject({ id: again.id, state: "valid" });
    expect(await readInvitation(t.db, raw)).toMatchObject({ id, state: "revoked" });
    expect(await t.db.invitation.count({ where: { email: "rev@example.test" } })).toBe(2);
  });

  it.each(["revoked", "accepted"] as const)(
    "an already %s invitation can't be revoked, changing nothing",
    async (status) => {
      const w = await world();
      const { id } = await invite(w, "done@example.test");
      await t.db.invitation.update({
        where: { id },
        data: {
          status,
          pendingEmail: null,
          ...(status === "accepted" ? { acceptedAt: new Date() } : { revokedAt: new Date() }),
        },
      });
      await actAs(t.db, w.users.owner.id);
      const snapshot = await snapshotDatabase(t.db);
      expect(await revokeInvitationAction({ invitationId: id })).toEqual({
        ok: false,
        error: `This invitation was already ${status}.`,
      });
      expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    },
  );
});

describe("email outage", () => {
  function providerDown() {
    vi.stubEnv("RESEND_API_KEY", "re_test");
    vi.stubEnv("EMAIL_FROM", "Roster <r@example.test>");
    // Nothing listens there: every send fails.
    vi.stubEnv("RESEND_BASE_URL", "http://127.0.0.1:9");
  }

  it("keeps the invitation, marks the email failed, and a later resend delivers it", async () => {
    const w = await world();
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    providerDown();
    await actAs(t.db, w.users.admin.id);
    const result = await inviteUsersAction({
      rows: [row("down@example.test")],
      workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
    });
    expect(result).toEqual({
      ok: true,
      outcomes: [
        {
          status: "invited",
          email: "down@example.test",
          invitationId: expect.any(String),
          emailFailed: true,
        },
      ],
    });
    const invitation = await t.db.invitation.findFirstOrThrow({
      where: { email: "down@example.test" },
    });
    expect(invitation).toMatchObject({ status: "pending", lastEmailStatus: "failed" });
    expect(invitation.lastEmailError).toEqual(expect.any(String));
    expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(1);
    expect(await t.db.emailMessage.findMany()).toEqual([
      expect.objectContaining({
        recipient: "down@example.test",
        status: "failed",
        attempts: 1,
        lastError: expect.any(String),
      }),
    ]);
    expect(emailedTokens()).toEqual([]);
    expect(errors).toHaveBeenCalled();

    // Still down: resending reports the failure (and the invitation is still kept).
    expect(await resendInvitationAction({ invitationId: invitation.id })).toEqual({
      ok: true,
      emailStatus: "failed",
    });

    // The provider is back.
    vi.stubEnv("RESEND_API_KEY", "");
    vi.stubEnv("RESEND_BASE_URL", "");
    expect(await resendInvitationAction({ invitationId: invitation.id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    const after = await t.db.invitation.findUniqueOrThrow({
      where: { id: invitation.id },
      omit: { tokenHash: false },
    });
    expect(after).toMatchObject({
      status: "pending",
      lastEmailStatus: "sent",
      lastEmailError: null,
    });
    expect(after.tokenHash).toBe(hashToken(lastToken()));
    expect(
      (await t.db.emailMessage.findMany({ orderBy: { createdAt: "asc" } })).map((m) => m.status),
    ).toEqual(["failed", "failed", "sent"]);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.resent" } })).toBe(2);
  });
});
