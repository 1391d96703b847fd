// `npm run load` (also `npm run bench -- load`): a bounded load run of mixed traffic against the
// production server, on the embedded PGlite and on PostgreSQL. Unlike the benchmark it asserts:
// it exits 1 on any error, and on any write it cannot account for in the database afterwards.
//
//   npm run load -- [--duration 60] [--connections 20] [--members 5000] [--db pglite|postgres|both]
//                   [--build]
//
// Per database: a fresh one (PGlite in a temporary DATA_DIR; on PostgreSQL a new database on the
// server in TEST_DATABASE_URL, or else DATABASE_URL, dropped afterwards) seeded with the Users list
// data set of the benchmark (scripts/bench/users-list-data.ts) at --members members (and one open
// invitation per 50 of them); the production server (server.mjs on the build in .next, built first
// when missing or older than a source file, or with --build) on a free port of 127.0.0.1; the
// owner and an admin signed in over HTTP (scripts/bench/http-client.ts). After a short sequential
// warm-up, autocannon's --connections clients send requests back to back for --duration seconds,
// each drawn from the mix in scripts/bench/load-traffic.ts — the Users list's pages, sorts and
// filters, searches, a person's Edit user page, role changes (the row menu's server action) and
// invitations (the invite dialog's, 1 to 3 new emails each) — as the owner or, one in four, the
// admin. The server is then stopped (gracefully: what is under way finishes) and the database
// read:
//
// - every role change the server answered { ok: true } is in the person's membership (its version
//   went up by one per change, its role is the last one applied) and has its audit event, and no
//   other membership changed;
// - every invitation answered "invited" exists with its email, its one queued email (EmailMessage)
//   and its audit event; no invitation exists for an email whose request was refused; the hourly
//   invitation budget (lib/rate-limit) counted exactly the invitations created;
// - a request still unanswered when the time was up may have applied or not: either is accepted;
// - the server's log holds no error line and no response of 500 or more.
//
// Errors: a status under 200 or of 400 and more, a redirect to sign-in, a timeout or connection
// error, and an action's failure other than the expected refusal (the organization's hourly
// invitation limit). Printed per database: per kind of request the count, errors, refusals,
// p50/p95/p99 and the highest latency; the throughput; the server's RSS.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import type { SqlExecutor } from "@/lib/db/migrate";
import { request, signIn } from "./http-client";
import { actionId } from "./http-invite";
import {
  NEXT_DIR,
  OWNER_PASSWORD,
  ensureBuild,
  memoryOf,
  preparePGlite,
  preparePostgres,
  resetPeakRss,
  sampleRss,
  startServer,
  type PreparedDatabase,
} from "./http-server";
import { table } from "./http";
import { latencyOf, MIX, Traffic, WRITES, type Session } from "./load-traffic";
import { formatMs } from "./measure";
import { SAMPLE_WORKSPACE_ID } from "./users-list-data";

/** A request unanswered for this long counts as an error (autocannon's timeout). */
const REQUEST_TIMEOUT_SECONDS = 30;

interface Options {
  seconds: number;
  connections: number;
  members: number;
  databases: ("pglite" | "postgres")[];
  build: boolean;
  serverUrl: string | undefined;
}

function options(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      duration: { type: "string", default: "60" },
      connections: { type: "string", default: "20" },
      members: { type: "string", default: "5000" },
      db: { type: "string" },
      build: { type: "boolean", default: false },
    },
  });
  const whole = (name: string, raw: string, min: number) => {
    const n = Number(raw);
    if (!(Number.isInteger(n) && n >= min))
      throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
  const db = values.db ?? (serverUrl ? "both" : "pglite");
  if (!["pglite", "postgres", "both"].includes(db)) {
    throw new Error("--db must be pglite, postgres or both");
  }
  if (db !== "pglite" && !serverUrl) {
    throw new Error(
      `--db ${db} needs a PostgreSQL server: set TEST_DATABASE_URL (or DATABASE_URL)`,
    );
  }
  return {
    seconds: whole("duration", values.duration, 1),
    connections: whole("connections", values.connections, 1),
    // Room for the owner, the admin and the 200 people whose role the run changes.
    members: whole("members", values.members, 250),
    databases: db === "both" ? ["pglite", "postgres"] : [db as "pglite" | "postgres"],
    build: values.build,
    serverUrl,
  };
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

interface RunReport {
  title: string;
  setup: string;
  seconds: number;
  traffic: Traffic;
  /** autocannon's own count of connection errors and timeouts. */
  connectionErrors: number;
  timeouts: number;
  memory: string;
  writes: string[];
  log: string;
  failures: string[];
}

/** The server log's error lines and responses of 500 or more. */
function readServerLog(file: string) {
  let lines = 0;
  let requests = 0;
  const errors: string[] = [];
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    if (!raw.trim()) continue;
    lines++;
    let entry: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
        entry = parsed as Record<string, unknown>;
      }
    } catch {
      // Not a JSON line: counted below as an error.
    }
    if (entry?.msg === "request") requests++;
    const status = typeof entry?.status === "number" ? entry.status : 0;
    if (!entry || entry.level === "error" || entry.level === "fatal" || status >= 500) {
      errors.push(raw.length > 400 ? `${raw.slice(0, 400)}…` : raw);
    }
  }
  return { lines, requests, errors };
}

/**
 * Checks the database against the writes the server confirmed: see the header. Returns the
 * report's lines and the failures.
 */
async function accountForWrites(
  sql: SqlExecutor,
  organizationId: string,
  traffic: Traffic,
  stamp: string,
): Promise<{ lines: string[]; failures: string[] }> {
  const lines: string[] = [];
  const failures: string[] = [];

  // Role changes.
  const targets = new Map(traffic.roleTargets.map((t) => [t.userId, t]));
  const { rows: changed } = await sql.query<{ userId: string; role: string; version: number }>(
    // Changed: a version moved on, or a role other than the one seeded (users-list-data.ts:
    // member 1 the owner, every 20th an admin).
    `SELECT "userId", role::text AS role, version FROM "Membership"
     WHERE "organizationId" = $1 AND (version <> 1 OR role::text <> CASE
       WHEN "userId" = 'bench_u1' THEN 'owner'
       WHEN substring("userId" FROM 8)::int % 20 = 0 THEN 'admin' ELSE 'member' END)`,
    [organizationId],
  );
  const inDb = new Map(changed.map((row) => [row.userId, row]));
  let confirmed = 0;
  let unansweredApplied = 0;
  let unanswered = 0;
  for (const target of traffic.roleTargets) {
    confirmed += target.applied;
    if (target.unanswered) unanswered++;
    const row = inDb.get(target.userId);
    const version = row?.version ?? 1;
    const role = row?.role ?? target.role;
    const asConfirmed = version - 1 === target.applied && role === target.role;
    const plusUnanswered =
      target.unanswered !== null &&
      version - 1 === target.applied + 1 &&
      role === target.unanswered;
    if (plusUnanswered) unansweredApplied++;
    else if (!asConfirmed) {
      failures.push(
        `${target.userId}: ${target.applied} role change(s) confirmed, last to ${target.role}; ` +
          `the database has version ${version} (${version - 1} change(s)), role ${role}`,
      );
    }
  }
  for (const row of changed) {
    if (!targets.has(row.userId)) {
      failures.push(
        `${row.userId}'s membership changed (version ${row.version}), but the run never changed it`,
      );
    }
  }
  const [audited] = (
    await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "AuditEvent"
       WHERE "organizationId" = $1 AND action = 'member.role_changed'`,
      [organizationId],
    )
  ).rows;
  const roleEvents = audited?.n ?? 0;
  if (roleEvents !== confirmed + unansweredApplied) {
    failures.push(
      `${roleEvents} member.role_changed audit events for ${confirmed} confirmed role changes` +
        (unansweredApplied ? ` and ${unansweredApplied} unanswered ones that applied` : ""),
    );
  }
  lines.push(
    `role changes: ${confirmed} confirmed, on ${traffic.roleTargets.filter((t) => t.applied > 0).length} ` +
      `people; in the database ${changed.length} memberships changed, versions +` +
      `${changed.reduce((sum, row) => sum + row.version - 1, 0)}, ${roleEvents} audit events` +
      (unanswered
        ? `; ${unanswered} unanswered at the end, ${unansweredApplied} of them applied`
        : ""),
  );

  // Invitations.
  const { rows: invitations } = await sql.query<{
    id: string;
    email: string;
    status: string;
    emails: number;
    emailStatuses: string | null;
    audits: number;
  }>(
    `SELECT i.id, i.email, i.status::text AS status,
       (SELECT count(*)::int FROM "EmailMessage" e WHERE e."invitationId" = i.id) AS emails,
       (SELECT string_agg(e.status::text, ',') FROM "EmailMessage" e WHERE e."invitationId" = i.id)
         AS "emailStatuses",
       (SELECT count(*)::int FROM "AuditEvent" a
        WHERE a."organizationId" = i."organizationId" AND a.action = 'invitation.created'
          AND a."targetId" = i.id) AS audits
     FROM "Invitation" i WHERE i."organizationId" = $1 AND i.email LIKE $2`,
    [organizationId, `load-${stamp}-%`],
  );
  const byId = new Map(invitations.map((row) => [row.id, row]));
  for (const [id, email] of traffic.invited) {
    const row = byId.get(id);
    if (!row)
      failures.push(
        `invitation ${id} (${email}) was answered "invited" but is not in the database`,
      );
    else if (row.email !== email)
      failures.push(`invitation ${id} is for ${row.email}, not ${email}`);
  }
  let unansweredInvited = 0;
  const emailStatuses = new Map<string, number>();
  for (const row of invitations) {
    if (!traffic.invited.has(row.id)) {
      if (traffic.inviteUnanswered.has(row.email)) unansweredInvited++;
      else if (traffic.notInvited.has(row.email)) {
        failures.push(`${row.email} was refused, yet invitation ${row.id} exists`);
      } else failures.push(`invitation ${row.id} (${row.email}) exists, but no answer said so`);
    }
    if (row.status !== "pending")
      failures.push(`invitation ${row.id} is ${row.status}, not pending`);
    if (row.emails !== 1) failures.push(`invitation ${row.id} has ${row.emails} emails, not 1`);
    if (row.audits !== 1)
      failures.push(`invitation ${row.id} has ${row.audits} audit events, not 1`);
    for (const status of (row.emailStatuses ?? "").split(",").filter(Boolean)) {
      emailStatuses.set(status, (emailStatuses.get(status) ?? 0) + 1);
    }
  }
  if ((emailStatuses.get("failed") ?? 0) > 0) {
    failures.push(`${emailStatuses.get("failed")} invitation emails failed`);
  }
  const [bucket] = (
    await sql.query<{ count: number }>(`SELECT "count" FROM "RateLimitBucket" WHERE "key" = $1`, [
      `invites:org:${organizationId.toLowerCase()}`,
    ])
  ).rows;
  const budgetUsed = bucket ? Number(bucket.count) : 0;
  if (budgetUsed !== invitations.length) {
    failures.push(
      `the hourly invitation budget counted ${budgetUsed}, but ${invitations.length} invitations exist`,
    );
  }
  const invite = traffic.stats.get(MIX[4][0])!;
  lines.push(
    `invitations: ${traffic.invited.size} answered "invited" (in ${traffic.inviteRequestsInvited} ` +
      `requests; ${invite.refused} refused at the hourly limit); in the database ${invitations.length} ` +
      `invitations, ${invitations.reduce((sum, row) => sum + row.emails, 0)} emails (` +
      ([...emailStatuses].map(([status, n]) => `${n} ${status}`).join(", ") || "none") +
      `), ${invitations.reduce((sum, row) => sum + row.audits, 0)} audit events, budget used ` +
      `${budgetUsed}` +
      (traffic.inviteUnanswered.size
        ? `; ${traffic.inviteUnanswered.size} emails unanswered at the end, ${unansweredInvited} of them invited`
        : ""),
  );
  return { lines, failures };
}

async function runOne(prepare: () => Promise<PreparedDatabase>, opts: Options): Promise<RunReport> {
  const database = await prepare();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-load-"));
  try {
    const { seeded } = database;
    console.error(`${database.description}: seeded in ${formatMs(seeded.seedMs)}`);
    const server = await startServer(database.env, await freePort(), workDir);
    try {
      const signInStarted = performance.now();
      const owner: Session = {
        label: "owner",
        cookie: await signIn(server.base, seeded.ownerEmail, OWNER_PASSWORD),
      };
      const admin: Session = {
        label: "admin",
        cookie: await signIn(server.base, seeded.adminEmail, OWNER_PASSWORD),
      };
      const signInMs = performance.now() - signInStarted;
      // Each page once per session, one at a time: the server loads its code on first use.
      const warmStarted = performance.now();
      for (const session of [owner, admin]) {
        for (const url of [
          "/users",
          "/users?q=smith",
          "/users/bench_u2",
          "/users?page=3&sort=email",
        ]) {
          const reply = await request(server.base, url, { headers: { cookie: session.cookie } });
          if (reply.status !== 200) {
            throw new Error(`warm-up: ${url} as the ${session.label} answered ${reply.status}`);
          }
        }
      }
      const warmMs = performance.now() - warmStarted;
      const stamp = Date.now().toString(36);
      const traffic = new Traffic({
        base: server.base,
        owner,
        admin,
        members: seeded.size.members,
        listRows: seeded.size.members + seeded.size.invitations,
        searches: [
          "smith",
          "garcia",
          "müller",
          "ana",
          "priya",
          "nakam",
          seeded.sampleEmail,
          "nobody-here",
        ],
        workspaceIds: [SAMPLE_WORKSPACE_ID, "bench_w3", "bench_w12_1"],
        actions: {
          changeRole: actionId(NEXT_DIR, "changeRoleAction", "lib/people/actions.ts"),
          invite: actionId(NEXT_DIR, "inviteUsersAction", "lib/invitations/actions.ts"),
        },
        stamp,
      });
      const before = memoryOf(server.pid);
      const reset = resetPeakRss(server.pid);
      const stopSampling = sampleRss(server.pid);
      console.error(`  ${opts.connections} connections for ${opts.seconds} s …`);
      traffic.start(opts.seconds);
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const instance = autocannon(
          {
            url: server.base.toString(),
            connections: opts.connections,
            // Room for the requests under way when the time is up to be answered (see
            // load-traffic.ts): the run stops as soon as they have been.
            duration: opts.seconds + REQUEST_TIMEOUT_SECONDS + 5,
            timeout: REQUEST_TIMEOUT_SECONDS,
            requests: [traffic.request()],
          },
          (error: unknown, done: autocannon.Result) => {
            if (error) {
              reject(
                error instanceof Error ? error : new Error("autocannon failed", { cause: error }),
              );
            } else resolve(done);
          },
        );
        void traffic.drained.then(() => instance.stop());
      });
      const sampledPeak = stopSampling();
      const peak = reset ? Math.max(memoryOf(server.pid).peakMb, sampledPeak) : sampledPeak;
      const after = memoryOf(server.pid);
      const mb = (n: number) => `${n.toFixed(0)} MB`;
      const memory =
        `${mb(before.rssMb)} before the run, peak ${mb(peak)} during it ` +
        `(${reset ? "VmHWM, reset before it" : "VmRSS sampled every 100 ms"}), ${mb(after.rssMb)} after`;
      const setup =
        `migrate + seed ${formatMs(seeded.seedMs)}, VACUUM ANALYZE + CHECKPOINT ${formatMs(seeded.vacuumMs)}, ` +
        `server ready in ${formatMs(server.readyMs)}, two sign-ins ${formatMs(signInMs)}, ` +
        `warm-up ${formatMs(warmMs)}`;
      // Stopping lets the requests under way finish: nothing changes after this.
      await server.stop();
      const log = readServerLog(server.logFile);
      const { lines: writes, failures } = await database.inspect((sql) =>
        accountForWrites(sql, seeded.organizationId, traffic, stamp),
      );
      const summary = traffic.summary();
      if (summary.errors > 0) failures.unshift(`${summary.errors} requests failed`);
      if (traffic.drainErrors > 0) {
        failures.push(`${traffic.drainErrors} answers for /favicon.ico other than 200 at the end`);
      }
      if (result.errors > 0 || result.timeouts > 0) {
        failures.push(
          `autocannon: ${result.errors} connection errors, ${result.timeouts} timeouts`,
        );
      }
      if (log.errors.length > 0) {
        failures.push(`the server logged ${log.errors.length} errors or responses ≥ 500:`);
        failures.push(...log.errors.slice(0, 10).map((line) => `  ${line}`));
      }
      if (failures.length > 0) {
        // The work directory goes: keep the server's log for a look.
        const kept = path.join(os.tmpdir(), `roster-load-${database.label}-${stamp}.log`);
        fs.copyFileSync(server.logFile, kept);
        failures.push(`the server's log: ${kept}`);
      }
      return {
        title:
          `${database.description}: ${seeded.size.members.toLocaleString("en")} members, ` +
          `${seeded.size.invitations.toLocaleString("en")} open invitations, ${seeded.workspaces} workspaces`,
        setup,
        seconds: traffic.elapsedSeconds(),
        traffic,
        connectionErrors: result.errors,
        timeouts: result.timeouts,
        memory,
        writes,
        log: `server log: ${log.lines} lines, ${log.requests} requests, ${log.errors.length} errors or responses ≥ 500`,
        failures,
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    await database.drop();
  }
}

function printReport(report: RunReport, connections: number) {
  const { traffic } = report;
  const summary = traffic.summary();
  const row = (
    name: string,
    requests: number,
    errors: number,
    refused: number,
    latencies: number[],
  ) => {
    const latency = latencyOf(latencies);
    const ms = (n: number | undefined) => (n === undefined ? "—" : formatMs(n));
    return [
      name,
      requests.toLocaleString("en"),
      summary.requests ? `${((100 * requests) / summary.requests).toFixed(1)}%` : "—",
      String(errors),
      String(refused),
      ms(latency?.p50),
      ms(latency?.p95),
      ms(latency?.p99),
      ms(latency?.max),
    ];
  };
  console.log(`## ${report.title}`);
  console.log(`setup: ${report.setup}\n`);
  console.log(
    table(
      ["request", "count", "share", "errors", "refused", "p50", "p95", "p99", "max"],
      [
        ...[...traffic.stats].map(([kind, s]) =>
          row(kind, s.requests, s.errors, s.refused, s.latencies),
        ),
        row("all", summary.requests, summary.errors, summary.refused, summary.latencies),
      ],
    ),
  );
  const writes = [...traffic.stats]
    .filter(([kind]) => WRITES.includes(kind))
    .reduce((sum, [, s]) => sum + s.requests, 0);
  console.log(
    `\n${connections} connections, the last answer ${report.seconds.toFixed(1)} s after the start: ` +
      `${(summary.requests / report.seconds).toFixed(1)} responses/s, of them ` +
      `${(writes / report.seconds).toFixed(1)} writes/s; connection errors ${report.connectionErrors}, ` +
      `timeouts ${report.timeouts}`,
  );
  console.log(`server RSS: ${report.memory}`);
  for (const line of report.writes) console.log(line);
  console.log(report.log);
  if (report.failures.length === 0) console.log("result: ok\n");
  else {
    console.log(`result: FAILED`);
    for (const failure of report.failures.slice(0, 40)) console.log(`  ${failure}`);
    if (report.failures.length > 40) console.log(`  … and ${report.failures.length - 40} more`);
    if (traffic.errorSamples.length > 0) {
      console.log("  first errors:");
      for (const sample of traffic.errorSamples) console.log(`    ${sample}`);
    }
    console.log("");
  }
}

export async function runLoad(args: string[]) {
  const opts = options(args);
  const started = performance.now();
  const cpus = os.cpus();
  const loadavg = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(" ");
  console.log(
    `Roster load run: node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, load average ${loadavg()} at the start`,
  );
  const build = ensureBuild(opts.build);
  console.log(
    `server.mjs (${build}) on 127.0.0.1; ${opts.connections} connections for ${opts.seconds} s; ` +
      `mix: ${MIX.map(([kind, weight]) => `${kind} ${weight}%`).join(", ")}; ` +
      `one request in four as the admin, the rest as the owner\n`,
  );
  const size = { members: opts.members, invitations: Math.round(opts.members / 50) };
  const reports: RunReport[] = [];
  for (const which of opts.databases) {
    const serverUrl = opts.serverUrl;
    const prepare =
      which === "pglite" || !serverUrl
        ? () => preparePGlite(size)
        : () => preparePostgres(serverUrl, size);
    reports.push(await runOne(prepare, opts));
  }
  console.error("");
  for (const report of reports) printReport(report, opts.connections);
  const failed = reports.filter((report) => report.failures.length > 0);
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()} at the end` +
      (opts.serverUrl ? "" : "; set TEST_DATABASE_URL to also run on PostgreSQL"),
  );
  if (failed.length > 0) {
    throw new Error(
      `The load run failed on ${failed.map((r) => r.title.split(":")[0]).join(" and ")}.`,
    );
  }
}
