// "Nothing half-written" (issue 13): an action that writes many rows loses its database connection
// in the middle of its transaction (the server crashed, a failover, an administrator killed it).
// It must answer "try again", and the database must hold none of what it had written so far.
// PostgreSQL only (project integration-postgres): the action's backend is terminated with
// pg_terminate_backend while it waits, mid-transaction, for a lock another connection holds.
import { Client } from "pg";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { GENERIC_ERROR, type ActionResult } from "@/lib/actions/pipeline";
import { maintainedColumnDrift } from "@/lib/db/maintained-columns";
import { inviteUsersAction } from "@/lib/invitations/actions";
import { log } from "@/lib/log";
import { removeMemberAction } from "@/lib/people/actions";
import { sessionOf } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  fingerprintDatabase,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { moveWorkspaceAction } from "@/lib/workspaces/actions";

const t = setUpTestDatabase();
const onPostgres = process.env.ROSTER_TEST_DB === "postgres";

/** An unexpected failure logs here; the tests check that it did, and keep the output quiet. */
function spyOnErrorLog() {
  return vi.spyOn(log, "error").mockImplementation(() => undefined);
}

let mailbox: Mailbox;
let errorLog: ReturnType<typeof spyOnErrorLog>;
let blocker: Client;
beforeEach(async () => {
  vi.stubEnv("EMAIL_FROM", "");
  mailbox = recordEmails();
  errorLog = spyOnErrorLog();
  if (onPostgres) {
    // A connection of its own to the test's database (another instance, or an administrator).
    const [row] = await t.db.$queryRaw<{ db: string }[]>`SELECT current_database() AS db`;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${row!.db}`;
    blocker = new Client({ connectionString: url.toString() });
    await blocker.connect();
  }
});
afterEach(async () => {
  await blocker?.end();
  mailbox.restore();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/**
 * Runs `action` while another connection holds `table` locked against writes: the action's
 * transaction writes what comes before that table, then waits. Once it waits, its backend is
 * terminated. Returns the action's answer and the tables its transaction had written to (it held
 * a ROW EXCLUSIVE lock on each: proof that it was interrupted mid-way, not before it began).
 */
async function interruptedAt<R extends object>(
  table: string,
  action: () => Promise<ActionResult<R>>,
): Promise<{ result: ActionResult<R>; wroteTo: string[] }> {
  await blocker.query("BEGIN");
  await blocker.query(`LOCK TABLE "${table}" IN SHARE MODE`);
  let settled: ActionResult<R> | undefined;
  const running = action().then((result) => (settled = result));
  let pid: number | undefined;
  const deadline = Date.now() + 20_000;
  while (pid === undefined) {
    if (settled) throw new Error(`the action ended without waiting: ${JSON.stringify(settled)}`);
    if (Date.now() > deadline) throw new Error(`the action never waited for "${table}"`);
    // Inside a transaction, pg_stat_activity answers from a snapshot taken at its first read.
    await blocker.query("SELECT pg_stat_clear_snapshot()");
    const waiting = await blocker.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE $1`,
      [`%"${table}"%`],
    );
    pid = waiting.rows[0]?.pid;
    if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const locks = await blocker.query<{ relation: string }>(
    `SELECT relation::regclass::text AS relation FROM pg_locks
      WHERE pid = $1 AND locktype = 'relation' AND mode = 'RowExclusiveLock' AND granted`,
    [pid],
  );
  const wroteTo = locks.rows
    .map((row) => row.relation.replace(/^"|"$/g, ""))
    .filter((relation) => !relation.includes("_")) // tables, not their indexes
    .sort();
  const killed = await blocker.query<{ done: boolean }>("SELECT pg_terminate_backend($1) AS done", [
    pid,
  ]);
  expect(killed.rows[0]?.done).toBe(true);
  await blocker.query("ROLLBACK");
  return { result: await running, wroteTo };
}

/** The action failed as an unexpected error does: "try again", and a server log line. */
function expectTryAgain(result: ActionResult<object>, action: string) {
  expect(result).toEqual({ ok: false, error: GENERIC_ERROR });
  expect(GENERIC_ERROR).toMatch(/try again/i);
  expect(errorLog).toHaveBeenCalledWith(
    expect.objectContaining({ action, err: expect.anything() }),
    "server action failed",
  );
}

async function expectNoDrift() {
  const drift = await maintainedColumnDrift({
    query: async <T>(sql: string) => ({ rows: await t.db.$queryRawUnsafe<T[]>(sql) }),
  });
  expect(drift).toEqual([]);
}

describe.runIf(onPostgres)("an action whose connection dies mid-transaction", () => {
  it("inviting 10 people: 'try again', and no invitation, outbox row or audit event remains", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const eng = await createWorkspace(t.db, org, "Engineering");
    const asOwner = await sessionOf(t.db, acme.owner.id);
    const input = {
      rows: Array.from({ length: 10 }, (_, i) => ({
        firstName: "Ten",
        lastName: `Person${i}`,
        email: `ten.${i}@example.test`,
      })),
      workspaces: [{ workspaceId: eng.id, role: "member" as const }],
    };
    const before = await fingerprintDatabase(t.db);

    // The audit events are the transaction's last write: everything else is in by then.
    const { result, wroteTo } = await interruptedAt("AuditEvent", () =>
      asOwner(() => inviteUsersAction(input)),
    );

    expectTryAgain(result, "invite-users");
    expect(await fingerprintDatabase(t.db)).toEqual(before);
    // It had written them when it was cut off: interrupted mid-way, not before it began.
    expect(wroteTo).toEqual(
      expect.arrayContaining(["EmailMessage", "Invitation", "InvitationWorkspace"]),
    );
    expect(await t.db.invitation.count()).toBe(0);
    expect(await t.db.invitationWorkspace.count()).toBe(0);
    expect(await t.db.emailMessage.count()).toBe(0);
    expect(await t.db.auditEvent.count()).toBe(0);
    // Nor did it count against the organization's hourly invitations (the same transaction).
    expect(await t.db.rateLimitBucket.count()).toBe(0);
    expect(mailbox.messages).toEqual([]);

    // The pool dropped the dead connection: the same action, tried again, goes through.
    const again = await asOwner(() => inviteUsersAction(input));
    expect(again).toMatchObject({ ok: true });
    expect(await t.db.invitation.count()).toBe(10);
    expect(await t.db.invitationWorkspace.count()).toBe(10);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(10);
    expect(mailbox.messages).toHaveLength(10);
    await expectNoDrift();
  });

  it("removing a person with workspace roles and a pending invitation: nothing of it is undone", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const other = await createOrganization(t.db, "Other");
    const eng = await createWorkspace(t.db, org, "Engineering");
    const web = await createWorkspace(t.db, org, "Web", eng.id);
    const sales = await createWorkspace(t.db, org, "Sales");
    const asOwner = await sessionOf(t.db, acme.owner.id);
    // A member who also belongs to another organization (so the account is kept) and has a
    // pending invitation here (which the removal revokes).
    const sam = await addMember(t.db, org);
    await addMember(t.db, other.organization.id, { user: sam.user });
    for (const workspace of [eng, web, sales]) {
      await grantWorkspaceRole(t.db, sam.membership, workspace.id, "member");
    }
    await t.db.invitation.create({
      data: {
        organizationId: org,
        email: sam.user.email,
        firstName: sam.user.firstName,
        lastName: sam.user.lastName,
        role: "member",
        inviterId: acme.owner.id,
        inviterEmail: acme.owner.email,
        tokenHash: "interrupted-removal-token-hash",
        expiresAt: new Date(Date.now() + 86_400_000),
        pendingEmail: sam.user.email,
      },
    });
    const before = await fingerprintDatabase(t.db);

    const { result, wroteTo } = await interruptedAt("AuditEvent", () =>
      asOwner(() => removeMemberAction({ userId: sam.user.id })),
    );

    expectTryAgain(result, "remove-member");
    expect(await fingerprintDatabase(t.db)).toEqual(before);
    // It had written them when it was cut off: interrupted mid-way, not before it began.
    expect(wroteTo).toEqual(expect.arrayContaining(["Invitation", "Membership"]));
    expect(
      await t.db.workspaceMembership.count({ where: { membershipId: sam.membership.id } }),
    ).toBe(3);
    expect(await t.db.invitation.findMany({ select: { status: true } })).toEqual([
      { status: "pending" },
    ]);
    await expectNoDrift();

    const again = await asOwner(() => removeMemberAction({ userId: sam.user.id }));
    expect(again).toMatchObject({ ok: true, accountDeleted: false });
    expect(await t.db.membership.count({ where: { id: sam.membership.id } })).toBe(0);
    await expectNoDrift();
  });

  it("moving a workspace subtree: every workspace of it stays where it was", async () => {
    const acme = await createOrganization(t.db, "Acme");
    const org = acme.organization.id;
    const eng = await createWorkspace(t.db, org, "Engineering");
    const web = await createWorkspace(t.db, org, "Web", eng.id);
    await createWorkspace(t.db, org, "Frontend", web.id);
    await createWorkspace(t.db, org, "Design", web.id);
    const product = await createWorkspace(t.db, org, "Product");
    const asOwner = await sessionOf(t.db, acme.owner.id);
    const before = await fingerprintDatabase(t.db);

    const { result, wroteTo } = await interruptedAt("AuditEvent", () =>
      asOwner(() =>
        moveWorkspaceAction({ workspaceId: web.id, version: web.version, parentId: product.id }),
      ),
    );

    expectTryAgain(result, "move-workspace");
    expect(await fingerprintDatabase(t.db)).toEqual(before);
    // It had written them when it was cut off: interrupted mid-way, not before it began.
    expect(wroteTo).toContain("Workspace");
    await expectNoDrift();

    const again = await asOwner(() =>
      moveWorkspaceAction({ workspaceId: web.id, version: web.version, parentId: product.id }),
    );
    expect(again).toMatchObject({ ok: true });
    await expectNoDrift();
  });
});
