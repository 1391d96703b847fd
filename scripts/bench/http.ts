// `npm run bench -- http`: the app over HTTP, as a signed-in owner's browser would use it. It
// measures; it asserts nothing.
//
// For each database — the embedded PGlite, and PostgreSQL too when BENCH_DATABASE_URL is set — a
// fresh database is migrated and seeded with the Users list data set (100,000 members, 2,000
// open invitations, 220 workspaces, ~150,000 workspace memberships: users-list-data.ts), its
// owner gets a password, and the production server (server.mjs, as `npm start` runs it, on the
// build in .next, rebuilt first when a source file is newer, or with --build) serves it on
// 127.0.0.1:3300 (BENCH_HTTP_PORT). The bench
// signs in as that owner through Auth.js (CSRF token, then the credentials callback), then:
//
//   1. five rounds of requests over every URL measured (the server warmed up as a whole), then
//      per URL, 3 warm-up requests and then 40 (BENCH_HTTP_RUNS) one after another over one
//      keep-alive connection, gzip accepted: the whole request, sent → last byte of the body
//      (p50, p95, min); the SQL statements the server sent for it, the time during which one was
//      under way ("db busy") and their times added up ("db sum", larger when they overlap: on
//      PGlite, which runs one at a time, it counts the wait) — the server runs with
//      ROSTER_QUERY_STATS (lib/db/query-stats.ts); on a PostgreSQL server that loads
//      pg_stat_statements (start-postgres.sh does), the time PostgreSQL itself spent planning and
//      executing them ("db own", without the wait for the server's event loop that "db busy"
//      includes); the HTML's size, raw and gzipped;
//   2. inviting 10 people into a workspace through the invite dialog's server action, 15 times
//      after 3 warm-ups (http-invite.ts);
//   3. the first-load JavaScript of /users: every <script src> in its HTML and every chunk its
//      inline RSC payload names (http-client.ts's firstLoadJs), read from .next/static;
//   4. 10 clients requesting /users back to back, with autocannon, for 5 s (a warm-up, not counted)
//      and then 15 s (BENCH_HTTP_SECONDS): responses per second, latency p50/p95/p99, errors; and
//      the server process's peak RSS while both ran (VmHWM, reset just before; VmRSS sampled
//      every 100 ms where it cannot be reset).
//
// Options: --build rebuilds first; --only=pglite or --only=postgres runs one database;
// --urls=PART[,PART…] measures only the URLs containing one of the parts, or equal to a part
// written with a leading "=" ("=/users": that URL alone) (and skips the
// JavaScript and load measurements, and the invitations unless a part is "invite"); --statements lists each URL's SQL statements (of its last
// request, with their times: ROSTER_QUERY_LOG).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { SAMPLE_USER_ID, SAMPLE_WORKSPACE_ID, usersListCases } from "./users-list-data";
import {
  firstLoadJs,
  loadTest,
  request,
  signIn,
  type LoadResult,
  type ScriptSizes,
} from "./http-client";
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
  type Server,
} from "./http-server";
import type { StatementTimes } from "./http-statement-times";
import { INVITE_BATCH, measureInvite, type InviteTiming } from "./http-invite";
import { formatMs, median, percentile } from "./measure";

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!(Number.isInteger(value) && value > 0)) throw new Error(`${name} must be a whole number`);
  return value;
};
const RUNS = positive("BENCH_HTTP_RUNS", 40);
/** Rounds over every URL measured, before the first is measured. */
const SERVER_WARMUP_ROUNDS = 5;
const WARMUP = 3;
const LOAD_SECONDS = positive("BENCH_HTTP_SECONDS", 15);
const LOAD_CONNECTIONS = 10;
const LOAD_WARMUP_SECONDS = 5;
const PORT = positive("BENCH_HTTP_PORT", 3300);
/** The team (a root workspace with 10 squads) the workspace page is measured on. */
const BIG_WORKSPACE_ID = "bench_w3";
const SAMPLE_INVITATION_ID = "bench_i5";

/** The URLs, in order: the framework's floor, the Users list's cases, then the other pages. */
function urls(sampleEmail: string): string[] {
  const list = [
    ...usersListCases({ email: sampleEmail, workspaceId: SAMPLE_WORKSPACE_ID }).map(
      ([, params]) => params as Record<string, string>,
    ),
    { role: "admin" },
    { status: "pending" },
    { sort: "role" },
    { sort: "status", dir: "desc" },
    { size: "100" },
  ].map((params) => {
    const search = new URLSearchParams(params).toString();
    return search ? `/users?${search}` : "/users";
  });
  return [
    "/api/health",
    ...list,
    `/users/${SAMPLE_USER_ID}`,
    `/users/invitations/${SAMPLE_INVITATION_ID}`,
    "/workspaces",
    `/workspaces/${BIG_WORKSPACE_ID}`,
    `/workspaces/${SAMPLE_WORKSPACE_ID}`,
    `/workspaces/${SAMPLE_WORKSPACE_ID}?page=20`,
    `/workspaces/${SAMPLE_WORKSPACE_ID}?q=smith`,
    "/settings/organization",
    "/settings/organization/roles",
    "/settings/organization/audit-log",
    "/settings/account",
  ];
}

interface PageRow {
  url: string;
  status: number;
  p50: number;
  p95: number;
  min: number;
  /** Median per request: time with a statement under way, and the statements' times added up. */
  dbBusy: number;
  dbSum: number;
  /** Median per request: PostgreSQL's planning and execution time (pg_stat_statements), if read. */
  dbOwn: number | null;
  statements: { median: number; min: number; max: number };
  bytes: number;
  gzip: number;
  /** With --statements: the last request's statements (milliseconds, then the SQL). */
  sql: string[];
}

interface DatabaseReport {
  database: PreparedDatabase;
  setup: string;
  pages: PageRow[];
  /** Left out with --urls, unless one of them is "invite". */
  invite: InviteTiming | null;
  /** Left out with --urls. */
  js: ScriptSizes | null;
  load: LoadResult | null;
  memory: string;
}

interface Options {
  /** Only the URLs containing one of these (and no JavaScript or load measurements). */
  urls: string[] | null;
  statements: boolean;
}

async function measurePage(
  server: Server,
  cookie: string,
  url: string,
  statementTimes: StatementTimes | null,
): Promise<PageRow> {
  const get = () => request(server.base, url, { headers: { cookie } });
  let last = await get();
  if (last.status >= 300 && last.status < 400 && last.headers.location?.includes("/sign-in")) {
    throw new Error(`${url} sent the bench to ${last.headers.location}: the session is not valid`);
  }
  for (let i = 1; i < WARMUP; i++) await get();
  const times: number[] = [];
  const dbBusy: number[] = [];
  const dbSum: number[] = [];
  const dbOwn: number[] = [];
  const statements: number[] = [];
  let sql: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    await statementTimes?.reset();
    const before = server.queryStats();
    const logged = server.statementLog.size();
    last = await get();
    const after = server.queryStats();
    if (statementTimes) dbOwn.push(await statementTimes.read());
    if (i === RUNS - 1) sql = server.statementLog.since(logged);
    times.push(last.ms);
    dbBusy.push(after.busyMs - before.busyMs);
    dbSum.push(after.ms - before.ms);
    statements.push(after.statements - before.statements);
  }
  for (const list of [times, dbBusy, dbSum, dbOwn, statements]) list.sort((a, b) => a - b);
  console.error(`  ${url}: ${formatMs(median(times))}`);
  return {
    url,
    status: last.status,
    p50: median(times),
    p95: percentile(times, 95),
    min: times[0]!,
    dbBusy: median(dbBusy),
    dbSum: median(dbSum),
    dbOwn: dbOwn.length > 0 ? median(dbOwn) : null,
    statements: { median: median(statements), min: statements[0]!, max: statements.at(-1)! },
    bytes: last.body.length,
    gzip: zlib.gzipSync(last.body).length,
    sql,
  };
}

async function benchDatabase(
  prepare: () => Promise<PreparedDatabase>,
  options: Options,
): Promise<DatabaseReport> {
  const database = await prepare();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-bench-http-server-"));
  try {
    const { seeded } = database;
    console.error(`${database.description}: seeded in ${formatMs(seeded.seedMs)}`);
    const server = await startServer(database.env, PORT, workDir, {
      logStatements: options.statements,
    });
    try {
      const signInStarted = performance.now();
      const cookie = await signIn(server.base, seeded.ownerEmail, OWNER_PASSWORD);
      const signInMs = performance.now() - signInStarted;
      const started = memoryOf(server.pid);

      const selected = urls(seeded.sampleEmail).filter(
        (url) => !options.urls || options.urls.some((part) => matchesUrl(url, part)),
      );
      // The whole server warmed up first (its code compiled by the JIT, its caches filled), as
      // one that has been serving a while: otherwise the first URL measured pays for it.
      for (let round = 0; round < SERVER_WARMUP_ROUNDS; round++) {
        for (const url of selected) await request(server.base, url, { headers: { cookie } });
      }
      const pages: PageRow[] = [];
      const statementTimes = await database.openStatementTimes();
      try {
        for (const url of selected) {
          pages.push(await measurePage(server, cookie, url, statementTimes));
        }
      } finally {
        await statementTimes?.close();
      }
      const invite =
        !options.urls || options.urls.includes("invite")
          ? await measureInvite(server, cookie, NEXT_DIR, SAMPLE_WORKSPACE_ID)
          : null;
      const mb = (n: number) => `${n.toFixed(0)} MB`;
      const setup =
        `migrate + seed ${formatMs(seeded.seedMs)}, VACUUM ANALYZE + CHECKPOINT ${formatMs(seeded.vacuumMs)}, ` +
        `server ready in ${formatMs(server.readyMs)}, sign-in ${formatMs(signInMs)}`;
      if (options.urls) {
        const now = memoryOf(server.pid);
        return { database, setup, pages, invite, js: null, load: null, memory: mb(now.rssMb) };
      }
      const usersHtml = (await request(server.base, "/users", { headers: { cookie } })).body;
      const js = firstLoadJs(usersHtml.toString("utf8"), NEXT_DIR);

      const sequential = memoryOf(server.pid);
      const reset = resetPeakRss(server.pid);
      const stopSampling = sampleRss(server.pid);
      console.error(
        `  /users: ${LOAD_CONNECTIONS} clients for ${LOAD_WARMUP_SECONDS} s (warm-up), then ${LOAD_SECONDS} s …`,
      );
      // The server at its steady state under this load: the first seconds of concurrency, after
      // the one-at-a-time runs, also size its heap up for it. The peak RSS counts them.
      await loadTest(server.base, "/users", cookie, {
        connections: LOAD_CONNECTIONS,
        seconds: LOAD_WARMUP_SECONDS,
      });
      const load = await loadTest(server.base, "/users", cookie, {
        connections: LOAD_CONNECTIONS,
        seconds: LOAD_SECONDS,
      });
      const sampledPeak = stopSampling();
      const loadPeak = reset ? Math.max(memoryOf(server.pid).peakMb, sampledPeak) : sampledPeak;
      return {
        database,
        setup,
        pages,
        invite,
        js,
        load,
        memory:
          `${mb(started.rssMb)} after sign-in; ${mb(sequential.rssMb)} after the sequential runs ` +
          `(peak so far ${mb(sequential.peakMb)}); peak during the load ${mb(loadPeak)} ` +
          (reset ? "(VmHWM, reset before it)" : "(VmRSS sampled every 100 ms)"),
      };
    } finally {
      await server.stop();
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
    await database.drop();
  }
}

// ---------------------------------------------------------------------------------------------
// The report

const kb = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`);

export function table(header: string[], body: string[][], left = 1) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

function printReport(report: DatabaseReport) {
  const { database, load } = report;
  const { seeded } = database;
  console.log(
    `## ${database.description}: 100,000 members, 2,000 invitations, ${seeded.workspaces} ` +
      `workspaces, ${seeded.workspaceMemberships.toLocaleString("en")} workspace memberships`,
  );
  console.log(`setup: ${report.setup}\n`);
  const statements = ({ median: m, min, max }: PageRow["statements"]) =>
    min === max ? String(m) : `${m} (${min}–${max})`;
  const own = report.pages.some((row) => row.dbOwn !== null);
  console.log(
    table(
      [
        "URL",
        "status",
        "p50",
        "p95",
        "min",
        "db busy",
        "db sum",
        ...(own ? ["db own"] : []),
        "statements",
        "HTML",
        "gzip",
      ],
      report.pages.map((row) => [
        row.url,
        String(row.status),
        formatMs(row.p50),
        formatMs(row.p95),
        formatMs(row.min),
        formatMs(row.dbBusy),
        formatMs(row.dbSum),
        ...(own ? [row.dbOwn === null ? "—" : formatMs(row.dbOwn)] : []),
        statements(row.statements),
        kb(row.bytes),
        kb(row.gzip),
      ]),
    ),
  );
  for (const row of report.pages) {
    if (row.sql.length === 0) continue;
    console.log(`\n${row.url}: ${row.sql.length} statements (ms, SQL)`);
    for (const line of row.sql)
      console.log(`  ${line.length > 400 ? `${line.slice(0, 400)}…` : line}`);
  }
  if (report.invite) {
    const { invite } = report;
    console.log(
      `\nInvite ${INVITE_BATCH} people (the invite dialog's server action, POST /users, emails to the ` +
        `log), ${invite.runs} batches: p50 ${formatMs(invite.p50)}, p95 ${formatMs(invite.p95)}, ` +
        `min ${formatMs(invite.min)}; ${invite.statements} statements, db busy ${formatMs(invite.dbBusy)}`,
    );
  }
  if (!report.js || !load) {
    console.log(`\nserver RSS: ${report.memory}\n`);
    return;
  }
  const statuses = [...load.statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count.toLocaleString("en")} × ${status}`)
    .join(", ");
  console.log(
    `\n/users first-load JS: ${report.js.scripts} scripts, ${kb(report.js.bytes)}, ${kb(report.js.gzip)} gzip ` +
      `(and ${report.js.legacy.scripts} nomodule script, ${kb(report.js.legacy.gzip)} gzip, for browsers without modules)` +
      `\n/users, ${load.connections} clients for ${load.seconds.toFixed(0)} s (after ${LOAD_WARMUP_SECONDS} s of warm-up): ` +
      `${load.perSecond.toFixed(1)} responses/s (${statuses || "none"}); ` +
      `latency p50 ${formatMs(load.p50)}, p95 ${formatMs(load.p95)}, p99 ${formatMs(load.p99)}; ` +
      `errors ${load.errors} (timeouts ${load.timeouts})` +
      `\nserver RSS: ${report.memory}\n`,
  );
}

export async function runHttpBench(args: string[]) {
  const unknown = args.filter(
    (a) =>
      !["--build", "--only=pglite", "--only=postgres", "--statements"].includes(a) &&
      !a.startsWith("--urls="),
  );
  if (unknown.length > 0) {
    throw new Error(
      `npm run bench -- http: unknown ${unknown.join(" ")}; expected --build, ` +
        `--only=pglite|postgres, --urls=PART[,PART…], --statements`,
    );
  }
  const urlsArg = args.find((a) => a.startsWith("--urls="))?.slice(7);
  const options: Options = {
    urls: urlsArg ? urlsArg.split(",").filter(Boolean) : null,
    statements: args.includes("--statements"),
  };
  const only = args.find((a) => a.startsWith("--only="))?.slice(7);
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (only === "postgres" && !serverUrl)
    throw new Error("--only=postgres needs BENCH_DATABASE_URL");

  const started = performance.now();
  const cpus = os.cpus();
  const load = () =>
    os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(" ");
  console.log(
    `Roster HTTP benchmark: node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM, load average ${load()} at the start`,
  );
  const build = ensureBuild(args.includes("--build"));
  console.log(
    `server.mjs (${build}) on 127.0.0.1:${PORT}, signed in as the owner. First ${SERVER_WARMUP_ROUNDS} rounds over every URL; then per URL: ${WARMUP} warm-up ` +
      `requests, then ${RUNS} one at a time on one keep-alive connection, gzip accepted; times are ` +
      `the whole request (sent → last byte). Per request (median): the SQL statements the server ` +
      `sent, the time one was under way (db busy) and their times added up (db sum: overlapping ` +
      `ones count in full, and on PGlite the wait for the one before); on PostgreSQL with ` +
      `pg_stat_statements loaded, the time PostgreSQL spent planning and executing them (db own). ` +
      `HTML: the body, and gzipped.\n`,
  );

  const databases: (() => Promise<PreparedDatabase>)[] = [];
  if (only !== "postgres") databases.push(preparePGlite);
  if (only !== "pglite" && serverUrl) databases.push(() => preparePostgres(serverUrl));
  const reports: DatabaseReport[] = [];
  for (const prepare of databases) reports.push(await benchDatabase(prepare, options));

  console.error("");
  for (const report of reports) printReport(report);
  console.log(
    `total ${((performance.now() - started) / 1000).toFixed(0)} s; load average ${load()} at the end` +
      (serverUrl ? "" : "; set BENCH_DATABASE_URL to also run on PostgreSQL"),
  );
}

/** Whether --urls's `part` picks `url`: contained in it, or, written "=…", equal to it. */
function matchesUrl(url: string, part: string): boolean {
  return part.startsWith("=") ? url === part.slice(1) : url.includes(part);
}
