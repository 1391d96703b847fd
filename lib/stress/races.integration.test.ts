// Races (issue 13, "Proof under stress"): many server actions started at once, as many browsers
// would, each through the real pipeline and its own transaction; then the database is read back.
// On PostgreSQL (project integration-postgres) the calls run side by side, each transaction on a
// connection of its own from the client's pool (the first test shows it); on PGlite they take
// turns, so there the same tests check only the end state of some serial order.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GENERIC_ERROR, type ActionResult } from "@/lib/actions/pipeline";
import { acceptWithNewAccountAction } from "@/lib/invitations/accept-actions";
import { inviteUsersAction } from "@/lib/invitations/actions";
import { log } from "@/lib/log";
import { changeRoleAction, removeMemberAction, setStatusAction } from "@/lib/people/actions";
import { maintainedColumnDrift } from "@/lib/db/maintained-columns";
import { sessionOf, type SignedIn } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { authCalls } from "@/lib/testing/session";
import { countedMemberCounts, keptMemberCounts } from "@/lib/testing/workspace-counts";
import {
  approveJoinRequestAction,
  rejectJoinRequestAction,
} from "@/lib/workspaces/join-request-actions";
import { moveWorkspaceAction } from "@/lib/workspaces/actions";
import { removeFromWorkspaceAction } from "@/lib/workspaces/member-actions";

const t = setUpTestDatabase();
const onPostgres = process.env.ROSTER_TEST_DB === "postgres";

/** A refusal must say why; an unexpected failure would log here (and answer GENERIC_ERROR). */
function spyOnErrorLog() {
  return vi.spyOn(log, "error").mockImplementation(() => undefined);
}

let mailbox: Mailbox;
let errorLog: ReturnType<typeof spyOnErrorLog>;
beforeEach(() => {
  // The default sender, whatever the environment says.
  vi.stubEnv("EMAIL_FROM", "");
  mailbox = recordEmails();
  errorLog = spyOnErrorLog();
});
afterEach(() => {
  mailbox.restore();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";
const GONE = "This invitation is no longer valid. Reload the page to see why.";
const PERSON_CHANGED =
  "This person was changed by someone else — reload to see the latest version.";

/** Starts every call before awaiting any: the calls run side by side. */
function atOnce<R>(calls: (() => Promise<R>)[]): Promise<R[]> {
  return Promise.all(calls.map((call) => call()));
}

function applied<R extends object>(results: ActionResult<R>[]) {
  return results.filter((r) => r.ok);
}

function refusals<R extends object>(results: ActionResult<R>[]): string[] {
  return results.flatMap((r) => (r.ok ? [] : [r.error]));
}

/** Every call either applied or was refused with a message of its own; nothing failed. */
function expectNoFailure<R extends object>(results: ActionResult<R>[]) {
  // The logged errors first: they say what went wrong.
  const logged = errorLog.mock.calls.map(([fields]) => {
    const { err, action } = fields as { err?: unknown; action?: string };
    return `${action}: ${err instanceof Error ? err.message : String(err)}`;
  });
  expect(logged).toEqual([]);
  expect(refusals(results)).not.toContain(GENERIC_ERROR);
}

async function auditCount(action: string, targetId?: string) {
  return t.db.auditEvent.count({
    where: { action, ...(targetId === undefined ? {} : { targetId }) },
  });
}

/** Every maintained column (counts, copies, sort keys) equals its value recomputed from scratch. */
async function expectNoDrift() {
  const drift = await maintainedColumnDrift({
    query: async <T>(sql: string) => ({ rows: await t.db.$queryRawUnsafe<T[]>(sql) }),
  });
  expect(drift).toEqual([]);
}

describe("the harness", () => {
  // Each test below is only as good as this: on PostgreSQL, transactions started together hold
  // connections of their own at the same time, rather than queueing on one.
  it.runIf(onPostgres)("runs parallel transactions on separate connections", async () => {
    const n = 5;
    let arrived = 0;
    let release!: () => void;
    const allIn = new Promise<void>((resolve) => (release = resolve));
    const pids = await atOnce(
      Array.from(
        { length: n },
        () => () =>
          t.db.$transaction(async (tx) => {
            const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
            if (++arrived === n) release();
            // Every transaction is open at once, or none gets past here (the test times out).
            await allIn;
            return row!.pid;
          }),
      ),
    );
    expect(new Set(pids).size).toBe(n);
  });
});

describe("invitations", () => {
  it("50 identical invitations at once (same inviter, same email): one invitation, one email", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const admin = await addMember(t.db, org, { role: "admin" });
    const eng = await createWorkspace(t.db, org, "Engineering");
    const asAdmin = await sessionOf(t.db, admin.user.id);
    const email = "race@example.test";
    const input = {
      rows: [{ firstName: "Rae", lastName: "Race", email }],
      workspaces: [{ workspaceId: eng.id, role: "member" as const }],
    };

    const results = await atOnce(
      Array.from({ length: 50 }, () => () => asAdmin(() => inviteUsersAction(input))),
    );

    expectNoFailure(results);
    const invited = applied(results);
    expect(invited).toHaveLength(1);
    expect(invited[0]).toMatchObject({ outcomes: [{ status: "invited", email }] });
    const already = `${email} already has a pending invitation — resend it instead.`;
    for (const refused of results.filter((r) => !r.ok)) {
      expect(refused).toEqual({
        ok: false,
        error: "Nobody was invited — see each row.",
        fieldErrors: { "rows.0.email": [already] },
      });
    }
    const invitations = await t.db.invitation.findMany({ where: { email } });
    expect(invitations).toHaveLength(1);
    expect(invitations[0]).toMatchObject({ status: "pending", inviterId: admin.user.id });
    expect(await t.db.invitationWorkspace.count()).toBe(1);
    expect(await auditCount("invitation.created")).toBe(1);
    // The outbox (lib/email/outbox.ts) holds one email, sent once.
    expect(await t.db.emailMessage.findMany({ where: { recipient: email } })).toEqual([
      expect.objectContaining({ status: "sent", invitationId: invitations[0]!.id }),
    ]);
    expect(await t.db.emailMessage.count()).toBe(1);
    expect(mailbox.to(email)).toHaveLength(1);
    expect(mailbox.messages).toHaveLength(1);
  });

  it("20 new-account acceptances of one link at once: one account, one membership, 19 clear refusals", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const eng = await createWorkspace(t.db, org, "Engineering");
    const asOwner = await sessionOf(t.db, acme.owner.id);
    const email = "nia.new@example.test";
    const invited = await asOwner(() =>
      inviteUsersAction({
        rows: [{ firstName: "Nia", lastName: "New", email }],
        workspaces: [{ workspaceId: eng.id, role: "member" }],
      }),
    );
    expect(invited).toMatchObject({ ok: true });
    const token = new URL(mailbox.lastLink(email)).pathname.split("/").at(-1)!;
    const input = {
      token,
      firstName: "Nia",
      lastName: "New",
      password: "a brand new passphrase 42",
    };

    const results = await atOnce(
      Array.from({ length: 20 }, () => () => acceptWithNewAccountAction(input)),
    );

    expectNoFailure(results);
    expect(applied(results)).toHaveLength(1);
    const taken = `An account for ${email} already exists: sign in to accept.`;
    const refused = refusals(results);
    expect(refused).toHaveLength(19);
    for (const error of refused) expect([GONE, taken]).toContain(error);

    const users = await t.db.user.findMany({ where: { email } });
    expect(users).toHaveLength(1);
    const memberships = await t.db.membership.findMany({
      where: { userId: users[0]!.id },
      include: { workspaceRoles: true },
    });
    expect(memberships).toEqual([
      expect.objectContaining({
        organizationId: org,
        role: "member",
        status: "active",
        workspaceRoles: [expect.objectContaining({ workspaceId: eng.id, role: "member" })],
      }),
    ]);
    expect(await t.db.membership.count({ where: { organizationId: org } })).toBe(2);
    expect(await t.db.invitation.findFirstOrThrow({ where: { email } })).toMatchObject({
      status: "accepted",
    });
    expect(await auditCount("invitation.accepted")).toBe(1);
    expect(authCalls.signIn).toHaveLength(1);
    await expectNoDrift();
    // 20 password hashes (argon2id, 19 MiB each) on a shared CI machine.
  }, 60_000);
});

describe("a person changed by several admins at once", () => {
  /** Acme with its owner, three admins, and `people` members with a role in two workspaces. */
  async function staff(people: number) {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const eng = await createWorkspace(t.db, org, "Engineering");
    const backend = await createWorkspace(t.db, org, "Backend", eng.id);
    const admins = await Promise.all([1, 2, 3].map(() => addMember(t.db, org, { role: "admin" })));
    const targets = [];
    for (let i = 0; i < people; i++) {
      const person = await addMember(t.db, org);
      await grantWorkspaceRole(t.db, person.membership, eng.id, "member");
      await grantWorkspaceRole(t.db, person.membership, backend.id, "viewer");
      targets.push(person);
    }
    const sessions = {
      owner: await sessionOf(t.db, acme.owner.id),
      admins: await Promise.all(admins.map((a) => sessionOf(t.db, a.user.id))),
    };
    return { org, targets, sessions };
  }

  it("role change, disable and remove at once (8 people, 24 calls): a consistent end, one event per applied change", async () => {
    const { org, targets, sessions } = await staff(8);
    const [adminA, adminB] = sessions.admins as [SignedIn, SignedIn];
    const calls = targets.flatMap(({ user }) => [
      () => adminA(() => changeRoleAction({ userId: user.id, role: "admin" })),
      () => adminB(() => setStatusAction({ userId: user.id, status: "disabled" })),
      () => sessions.owner(() => removeMemberAction({ userId: user.id })),
    ]);

    const results = await atOnce<ActionResult<object>>(calls);

    expectNoFailure(results);
    for (const error of refusals(results)) expect([NOT_FOUND, PERSON_CHANGED]).toContain(error);
    for (const [i, { user, membership }] of targets.entries()) {
      const [role, status, removed] = results.slice(i * 3, i * 3 + 3).map((r) => r.ok);
      // A removal deletes whatever the others did; it can't be refused by them.
      expect(removed).toBe(true);
      expect(await t.db.membership.findUnique({ where: { id: membership.id } })).toBeNull();
      expect(await t.db.workspaceMembership.count({ where: { membershipId: membership.id } })).toBe(
        0,
      );
      expect(await t.db.user.findUnique({ where: { id: user.id } })).toBeNull();
      expect(await auditCount("member.removed", user.id)).toBe(1);
      expect(await auditCount("member.role_changed", user.id)).toBe(role ? 1 : 0);
      expect(await auditCount("member.disabled", user.id)).toBe(status ? 1 : 0);
    }
    expect(await t.db.membership.count({ where: { organizationId: org } })).toBe(4);
    await expectNoDrift();
  });

  it("role changes and status changes by three admins and the owner at once: the person ends as the applied changes say", async () => {
    const { targets, sessions } = await staff(4);
    const actors = [sessions.owner, ...sessions.admins];
    // Each person: 8 role changes (admin, member, admin, …) and 8 status changes (disabled,
    // active, …), each actor asking for two of each.
    const calls = targets.flatMap(({ user }) =>
      Array.from({ length: 8 }, (_, k) => {
        const as = actors[k % actors.length]!;
        return [
          () =>
            as(() => changeRoleAction({ userId: user.id, role: k % 2 === 0 ? "admin" : "member" })),
          () =>
            as(() =>
              setStatusAction({ userId: user.id, status: k % 2 === 0 ? "disabled" : "active" }),
            ),
        ];
      }).flat(),
    );

    const results = await atOnce<ActionResult<object>>(calls);

    expectNoFailure(results);
    for (const [i, { user, membership }] of targets.entries()) {
      const mine = results.slice(i * 16, i * 16 + 16);
      const roleChanges = mine.filter((r, k) => k % 2 === 0 && r.ok).length;
      const statusChanges = mine.filter((r, k) => k % 2 === 1 && r.ok).length;
      for (const [k, r] of mine.entries()) {
        if (r.ok) continue;
        const already =
          k % 2 === 0
            ? [
                `${user.firstName} ${user.lastName} is already admin.`,
                `${user.firstName} ${user.lastName} is already member.`,
              ]
            : [
                `${user.firstName} ${user.lastName} is already disabled.`,
                `${user.firstName} ${user.lastName} is already enabled.`,
              ];
        expect([PERSON_CHANGED, ...already]).toContain(r.error);
      }
      // Each applied change flips the value: an odd number of them leaves it flipped.
      const now = await t.db.membership.findUniqueOrThrow({ where: { id: membership.id } });
      expect(now.role).toBe(roleChanges % 2 === 1 ? "admin" : "member");
      expect(now.status).toBe(statusChanges % 2 === 1 ? "disabled" : "active");
      expect(now.version).toBe(1 + roleChanges + statusChanges);
      expect(await auditCount("member.role_changed", user.id)).toBe(roleChanges);
      expect(
        (await auditCount("member.disabled", user.id)) +
          (await auditCount("member.enabled", user.id)),
      ).toBe(statusChanges);
      // The events add up to the stored role: promotions minus demotions is 1 iff admin now.
      const events = await t.db.auditEvent.findMany({
        where: { targetId: user.id, action: "member.role_changed" },
        select: { metadata: true },
      });
      let promotions = 0;
      for (const { metadata } of events) {
        const { before, after } = metadata as { before: { role: string }; after: { role: string } };
        expect(before.role).not.toBe(after.role);
        promotions += after.role === "admin" ? 1 : -1;
      }
      expect(promotions).toBe(now.role === "admin" ? 1 : 0);
    }
    await expectNoDrift();
  });
});

describe("two admins acting on each other at once", () => {
  /** Acme with two admins, 6 pairs of them, each pair about to act on each other. */
  async function pairs(count: number) {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    return Promise.all(
      Array.from({ length: count }, async () => {
        const [a, b] = await Promise.all([
          addMember(t.db, org, { role: "admin" }),
          addMember(t.db, org, { role: "admin" }),
        ]);
        return {
          a,
          b,
          asA: await sessionOf(t.db, a.user.id),
          asB: await sessionOf(t.db, b.user.id),
        };
      }),
    );
  }

  // Serially, whoever acts second has already lost their access (or their admin role) and is
  // refused; at once, the same must hold: never both applied, leaving two people each disabled,
  // removed or demoted by someone who no longer could.
  const LOST_ACCESS = [
    "You no longer have access to this organization.",
    "Your role in this organization changed. Reload the page and try again.",
  ];

  it("disable each other (6 pairs): one of each pair applies, the other is refused", async () => {
    const all = await pairs(6);
    const results = await atOnce<ActionResult<object>>(
      all.flatMap(({ a, b, asA, asB }) => [
        () => asA(() => setStatusAction({ userId: b.user.id, status: "disabled" })),
        () => asB(() => setStatusAction({ userId: a.user.id, status: "disabled" })),
      ]),
    );
    expectNoFailure(results);
    for (const [i, { a, b }] of all.entries()) {
      const [byA, byB] = [results[i * 2]!, results[i * 2 + 1]!];
      expect([byA.ok, byB.ok].filter(Boolean)).toHaveLength(1);
      for (const r of [byA, byB]) if (!r.ok) expect(LOST_ACCESS).toContain(r.error);
      const statuses = await t.db.membership.findMany({
        where: { id: { in: [a.membership.id, b.membership.id] } },
        select: { status: true },
      });
      expect(statuses.map((m) => m.status).sort()).toEqual(["active", "disabled"]);
      expect(
        (await auditCount("member.disabled", a.user.id)) +
          (await auditCount("member.disabled", b.user.id)),
      ).toBe(1);
    }
  });

  it("remove each other (6 pairs): one of each pair applies, the other is refused", async () => {
    const all = await pairs(6);
    const results = await atOnce<ActionResult<object>>(
      all.flatMap(({ a, b, asA, asB }) => [
        () => asA(() => removeMemberAction({ userId: b.user.id })),
        () => asB(() => removeMemberAction({ userId: a.user.id })),
      ]),
    );
    expectNoFailure(results);
    for (const [i, { a, b }] of all.entries()) {
      const [byA, byB] = [results[i * 2]!, results[i * 2 + 1]!];
      expect([byA.ok, byB.ok].filter(Boolean)).toHaveLength(1);
      for (const r of [byA, byB]) if (!r.ok) expect([...LOST_ACCESS, NOT_FOUND]).toContain(r.error);
      expect(
        await t.db.membership.count({ where: { id: { in: [a.membership.id, b.membership.id] } } }),
      ).toBe(1);
    }
  });

  it("demote each other to member (6 pairs): one of each pair applies, the other is refused", async () => {
    const all = await pairs(6);
    const results = await atOnce<ActionResult<object>>(
      all.flatMap(({ a, b, asA, asB }) => [
        () => asA(() => changeRoleAction({ userId: b.user.id, role: "member" })),
        () => asB(() => changeRoleAction({ userId: a.user.id, role: "member" })),
      ]),
    );
    expectNoFailure(results);
    for (const [i, { a, b }] of all.entries()) {
      const [byA, byB] = [results[i * 2]!, results[i * 2 + 1]!];
      expect([byA.ok, byB.ok].filter(Boolean)).toHaveLength(1);
      for (const r of [byA, byB]) if (!r.ok) expect(LOST_ACCESS).toContain(r.error);
      const roles = await t.db.membership.findMany({
        where: { id: { in: [a.membership.id, b.membership.id] } },
        select: { role: true },
      });
      expect(roles.map((m) => m.role).sort()).toEqual(["admin", "member"]);
    }
  });

  // Members' actions take turns per organization (lib/actions/pipeline.ts,
  // confirmCallerInTransaction). Before they did, each pair deadlocked, PostgreSQL let it wait a
  // whole second before aborting one, and on a busy 2-core machine the chained waits took one
  // transaction past Prisma's 5 s. Now no call fails; the generous timeout stays for CI's load.
  it("two workspace managers remove each other from it (6 pairs): one applies, the other is refused", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const all = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const workspace = await createWorkspace(t.db, org, `Team ${i}`);
        const [a, b] = await Promise.all([addMember(t.db, org), addMember(t.db, org)]);
        await grantWorkspaceRole(t.db, a.membership, workspace.id, "manager");
        await grantWorkspaceRole(t.db, b.membership, workspace.id, "manager");
        return {
          a,
          b,
          workspace,
          asA: await sessionOf(t.db, a.user.id),
          asB: await sessionOf(t.db, b.user.id),
        };
      }),
    );
    const results = await atOnce<ActionResult<object>>(
      all.flatMap(({ a, b, workspace, asA, asB }) => [
        () =>
          asA(() => removeFromWorkspaceAction({ userId: b.user.id, workspaceId: workspace.id })),
        () =>
          asB(() => removeFromWorkspaceAction({ userId: a.user.id, workspaceId: workspace.id })),
      ]),
    );
    expectNoFailure(results);
    for (const [i, { a, b, workspace }] of all.entries()) {
      const [byA, byB] = [results[i * 2]!, results[i * 2 + 1]!];
      expect([byA.ok, byB.ok].filter(Boolean)).toHaveLength(1);
      for (const r of [byA, byB]) {
        if (!r.ok) {
          expect([
            "Your workspace roles changed. Reload the page and try again.",
            // Serially (PGlite), the second caller no longer manages the workspace at all.
            "You can only do that within your workspaces.",
            "You don't have permission to do that.",
          ]).toContain(r.error);
        }
      }
      expect(
        await t.db.workspaceMembership.count({
          where: {
            workspaceId: workspace.id,
            membershipId: { in: [a.membership.id, b.membership.id] },
          },
        }),
      ).toBe(1);
    }
  }, 90_000);
});

/** Each workspace's way up to the top, by a recursive query: a cycle never reaches the top. */
async function treeProblems(organizationId: string) {
  return t.db.$queryRaw<{ id: string; name: string }[]>`
    WITH RECURSIVE up(start, id, depth) AS (
      SELECT id, id, 0 FROM "Workspace" WHERE "organizationId" = ${organizationId}
      UNION ALL
      SELECT up.start, w."parentId", up.depth + 1 FROM up JOIN "Workspace" w ON w.id = up.id
      WHERE w."parentId" IS NOT NULL AND up.depth < 1000
    )
    SELECT w.id, w.name FROM "Workspace" w
    WHERE w."organizationId" = ${organizationId} AND NOT EXISTS (
      SELECT 1 FROM up JOIN "Workspace" top ON top.id = up.id
      WHERE up.start = w.id AND top."parentId" IS NULL)`;
}

/** The tree's shape is sound: no cycle, sibling keys follow the parents, counts match. */
async function expectSoundTree(organizationId: string) {
  expect(await treeProblems(organizationId)).toEqual([]);
  const workspaces = await t.db.workspace.findMany({
    where: { organizationId },
    select: { name: true, parentId: true, siblingKey: true },
  });
  for (const w of workspaces) {
    expect(w.siblingKey).toBe(`${w.parentId ?? "root"}/${w.name.toLowerCase()}`);
  }
  expect(await keptMemberCounts(t.db, organizationId)).toEqual(
    await countedMemberCounts(t.db, organizationId),
  );
  await expectNoDrift();
}

describe("workspace moves that would close a cycle", () => {
  /** Acme with `n` top-level workspaces, each with a member of its own, and an admin. */
  async function forest(n: number) {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const admin = await addMember(t.db, org, { role: "admin" });
    const workspaces = [];
    for (let i = 0; i < n; i++) {
      const ws = await createWorkspace(t.db, org, `W${i}`);
      const person = await addMember(t.db, org);
      await grantWorkspaceRole(t.db, person.membership, ws.id, "member");
      workspaces.push(ws);
    }
    const sessions = [await sessionOf(t.db, acme.owner.id), await sessionOf(t.db, admin.user.id)];
    return { org, workspaces, sessions };
  }

  it("A under B and B under A at once, for 6 pairs side by side: one move of each pair, no cycle", async () => {
    const { org, workspaces, sessions } = await forest(12);
    const [asOwner, asAdmin] = sessions as [SignedIn, SignedIn];
    const calls = [];
    for (let p = 0; p < 6; p++) {
      const a = workspaces[2 * p]!;
      const b = workspaces[2 * p + 1]!;
      calls.push(
        () => asOwner(() => moveWorkspaceAction({ workspaceId: a.id, version: 1, parentId: b.id })),
        () => asAdmin(() => moveWorkspaceAction({ workspaceId: b.id, version: 1, parentId: a.id })),
      );
    }

    const results = await atOnce<ActionResult<object>>(calls);

    expectNoFailure(results);
    await expectSoundTree(org);
    for (let p = 0; p < 6; p++) {
      const pair = results.slice(2 * p, 2 * p + 2);
      expect(applied(pair)).toHaveLength(1);
      expect(pair.find((r) => !r.ok)).toMatchObject({
        error: expect.stringContaining("that workspace is inside it"),
      });
    }
    expect(await auditCount("workspace.moved")).toBe(6);
  });

  it("a ring of 8 moves at once (each workspace under the next, the last under the first): all but one, no cycle", async () => {
    const n = 8;
    const { org, workspaces, sessions } = await forest(n);
    const calls = workspaces.map(
      (ws, i) => () =>
        sessions[i % 2]!(() =>
          moveWorkspaceAction({
            workspaceId: ws.id,
            version: 1,
            parentId: workspaces[(i + 1) % n]!.id,
          }),
        ),
    );

    const results = await atOnce<ActionResult<object>>(calls);

    expectNoFailure(results);
    await expectSoundTree(org);
    // Whichever move comes last would close the ring: only it is refused.
    expect(applied(results)).toHaveLength(n - 1);
    expect(refusals(results)).toEqual([expect.stringContaining("that workspace is inside it")]);
    expect(await auditCount("workspace.moved")).toBe(n - 1);
    // One chain of 8 under the workspace whose move was refused: its members count everywhere.
    const top = workspaces[results.findIndex((r) => !r.ok)]!;
    expect(await t.db.workspace.findUniqueOrThrow({ where: { id: top.id } })).toMatchObject({
      parentId: null,
    });
  });
});

describe("a join request approved and rejected at once", () => {
  it("10 requests, each approved by an admin and rejected by the owner at the same time: one decision each", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const backend = await createWorkspace(t.db, org, "Backend");
    const admin = await addMember(t.db, org, { role: "admin" });
    const askers = [];
    for (let i = 0; i < 10; i++) {
      const user = await createUser(t.db, { email: `asker${i}@example.test` });
      const { membership } = await addMember(t.db, org, { user });
      const request = await t.db.joinRequest.create({
        data: {
          organizationId: org,
          workspaceId: backend.id,
          membershipId: membership.id,
          pendingMembershipId: membership.id,
        },
      });
      askers.push({ user, membership, request });
    }
    const asAdmin = await sessionOf(t.db, admin.user.id);
    const asOwner = await sessionOf(t.db, acme.owner.id);
    const calls = askers.flatMap(({ request }) => [
      () => asAdmin(() => approveJoinRequestAction({ requestId: request.id, role: "member" })),
      () => asOwner(() => rejectJoinRequestAction({ requestId: request.id })),
    ]);

    const results = await atOnce<ActionResult<object>>(calls);

    expectNoFailure(results);
    for (const [i, { user, membership, request }] of askers.entries()) {
      const [approve, reject] = results.slice(2 * i, 2 * i + 2) as [
        ActionResult<object>,
        ActionResult<object>,
      ];
      expect(applied([approve, reject])).toHaveLength(1);
      const loser = approve.ok ? reject : approve;
      expect(loser).toEqual({
        ok: false,
        error: expect.toBeOneOf([
          "This request was already decided.",
          `This request was already ${approve.ok ? "approved" : "rejected"}.`,
        ]),
      });
      const stored = await t.db.joinRequest.findUniqueOrThrow({ where: { id: request.id } });
      expect(stored).toMatchObject({
        status: approve.ok ? "approved" : "rejected",
        decidedById: approve.ok ? admin.user.id : acme.owner.id,
        pendingMembershipId: null,
      });
      expect(await auditCount("join_request.approved", request.id)).toBe(approve.ok ? 1 : 0);
      expect(await auditCount("join_request.rejected", request.id)).toBe(reject.ok ? 1 : 0);
      expect(await auditCount("workspace.member_added", user.id)).toBe(approve.ok ? 1 : 0);
      expect(
        await t.db.workspaceMembership.count({
          where: { membershipId: membership.id, workspaceId: backend.id },
        }),
      ).toBe(approve.ok ? 1 : 0);
      // One decision, one email telling it.
      expect(await t.db.emailMessage.count({ where: { recipient: user.email } })).toBe(1);
      expect(mailbox.to(user.email)).toHaveLength(1);
    }
    await expectNoDrift();
  });
});
