// `npm run bench`: a small benchmark of the hot paths, printed as a table. It measures; it asserts
// nothing. Each row times N runs (after a few untimed warm-up runs) and shows the median and the
// 95th percentile of the per-run times; "runs = 1" rows are single measurements (setup steps).
//
//   1. decide() from lib/permissions: one run = 100,000 calls over a fixed, mixed set of inputs.
//   2. effectiveWorkspaceRoles() on a generated tree of 500 workspaces, 6 levels deep.
//   3. The members page's query on an in-memory PGlite database holding 10,000 users and
//      memberships in one organization (inserted with createMany in batches of 1,000), and a count.
//      With BENCH_DATABASE_URL=postgresql://… set, the same again on a fresh database created on
//      that PostgreSQL server (and dropped afterwards).
//   4. The Users list (listUsers() from lib/people/users-list.ts, the /users page's one data call:
//      a page of rows and the total) on the same database, in a second organization holding
//      100,000 members, 2,000 open invitations and 220 workspaces with ~150,000 workspace
//      memberships (scripts/bench/users-list-data.ts), seeded with INSERT … SELECT
//      generate_series and then VACUUM ANALYZE (PGlite runs no autovacuum; PostgreSQL's would
//      get there on its own). One row per URL: default page, a deep page, searches, filters and
//      sorts. listUsers imports "server-only", hence `tsx --conditions react-server`.
//   5. The audit log: one organization holding 1,000,000 audit events over two years
//      (scripts/bench/audit-log-data.ts: 200 actors, every action, targets, IPs), seeded with
//      INSERT … SELECT generate_series in chunks of 100,000, then VACUUM ANALYZE; on PGlite in a
//      fresh in-memory database of its own (the events take ~2 GB of this process's memory), on
//      PostgreSQL in the same fresh database as 3 and 4.
//      auditLogPageFor() (the /settings/organization/audit-log page's one data call) per URL:
//      the first page, a deep page (the "Older" link's cursor at event 900,000) and its "Newer"
//      link, and the filters: actor (an account's email; an email that is no account's), action,
//      target (an account's email; a name, searched in the labels), date range, actor + date
//      range; each row's note counts the events that match. Then the CSV export (auditLogCsvBody(),
//      the download's body) read to its end, for all events and for one month: one run each, with
//      the rows and bytes written, the peak memory while it streamed (process.memoryUsage()
//      sampled every 20 ms and every 100 lines) next to what it was when the export started, and
//      the heap still in use after a full garbage collection at ten points along the way (flat
//      when nothing accumulates with the rows; the peak above it is garbage not yet collected).
//
// `npm run bench -- http` runs the HTTP-level benchmark instead (scripts/bench/http.ts);
// `npm run bench -- load` (= `npm run load`) the load run, which asserts (scripts/bench/load.ts).
// BENCH_ONLY=users-list runs section 4 only, BENCH_ONLY=audit-log section 5 only (both:
// BENCH_ONLY=users-list,audit-log), on PGlite, and on PostgreSQL when its URL is set.
//
// RSS is the process's resident memory after the row's runs; "peak RSS" at the end is the
// operating system's high-water mark for the whole process. The measuring and the table are in
// scripts/bench/measure.ts.
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { openPGlite } from "@/lib/db/pglite";
import pg from "pg";
import { prismaForPGlite, prismaForPostgres, type Db } from "@/lib/db/client";
import { applyMigrations, pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/migrate";
import { benchAuditLog } from "./audit-log";
import { bench, formatMs, lastRow, median, once, printTable, section } from "./measure";
import { benchDecide, benchDecideCustomRoles, benchWorkspaceRoles, pick } from "./permissions";
import { benchUsersList } from "./users-list";

/** The sections BENCH_ONLY may name (comma-separated); unset, every section runs. */
const ONLY = ["users-list", "audit-log"] as const;
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
/** Whether a section runs; "others" are the ones BENCH_ONLY cannot name (1 to 3). */
const runs = (name: (typeof ONLY)[number] | "others") =>
  only.length === 0 || (only as readonly string[]).includes(name);

// ---------------------------------------------------------------------------------------------
// 3. Database

const USERS = 10_000;
const BATCH = 1_000;
const FIRST_NAMES = (
  "Ada Alan Amara Ana Arjun Beatriz Chen Chidi Dmitri Elena Emeka Fatima Grace Hana " +
  "Hiro Ines Ivan Jamal Jonas Kofi Lars Leila Lucia Mateo Mei Nadia Noah Olga Omar " +
  "Priya Rafael Sara Sven Tariq Yara Yusuf Zoe"
).split(" ");
const LAST_NAMES = (
  "Andersson Baptiste Costa Dubois Eriksen Fischer Garcia Hoang Ivanova Jensen Kowalski " +
  "Lopez Müller Nakamura Okafor Petrov Quinn Rossi Silva Tanaka Usman Varga Wang Xu " +
  "Yilmaz Zhang"
).split(" ");

/** The same page of members in one statement, without Prisma: what the database itself costs. */
const RAW_PAGE_SQL = `SELECT m.*, u."email", u."firstName", u."lastName"
  FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
  WHERE m."organizationId" = $1 ORDER BY u."firstName" ASC LIMIT 50`;

async function benchDatabase(label: string, db: Db, sql: SqlExecutor) {
  const organization = await db.organization.create({
    data: { name: "Bench Org", slug: `bench-${randomBytes(4).toString("hex")}` },
  });
  const organizationId = organization.id;

  const batchTimes: number[] = [];
  await once(
    `insert ${USERS.toLocaleString("en")} users + memberships`,
    async () => {
      for (let start = 0; start < USERS; start += BATCH) {
        const started = performance.now();
        const users = Array.from({ length: Math.min(BATCH, USERS - start) }, (_, i) => ({
          id: randomUUID(),
          email: `person${start + i}@bench.example`,
          firstName: `${pick(FIRST_NAMES)}${pick(["", "a", "e", "o", "-Marie"])}`,
          lastName: pick(LAST_NAMES),
        }));
        await db.user.createMany({ data: users });
        await db.membership.createMany({
          data: users.map((user, i) => {
            const owner = start + i === 0;
            return {
              userId: user.id,
              organizationId,
              role: owner
                ? ("owner" as const)
                : pick(["admin", "member", "member", "member"] as const),
              ownerOfOrganizationId: owner ? organizationId : null,
            };
          }),
        });
        batchTimes.push(performance.now() - started);
      }
    },
    `createMany, ${USERS / BATCH} batches of ${BATCH} users + ${BATCH} memberships`,
  );
  batchTimes.sort((a, b) => a - b);
  const insertRow = lastRow();
  insertRow.note += `; per batch median ${formatMs(median(batchTimes))}, max ${formatMs(batchTimes[batchTimes.length - 1]!)}`;

  let found = 0;
  await bench(
    "membership.findMany (firstName asc, take 50, include user)",
    { runs: 50, warmup: 5, note: () => `${found} rows` },
    async () => {
      const page = await db.membership.findMany({
        where: { organizationId },
        orderBy: [{ user: { firstName: "asc" } }],
        take: 50,
        include: { user: true },
      });
      found = page.length;
    },
  );

  await bench(
    "  the same page as raw SQL (JOIN … LIMIT 50)",
    { runs: 50, warmup: 5, note: () => `${found} rows, no Prisma` },
    async () => {
      found = (await sql.query(RAW_PAGE_SQL, [organizationId])).rows.length;
    },
  );

  let counted = 0;
  await bench(
    "membership.count({ organizationId })",
    { runs: 50, warmup: 5, note: () => `= ${counted}` },
    async () => {
      counted = await db.membership.count({ where: { organizationId } });
    },
  );
  await bench(
    "  the same count as raw SQL",
    { runs: 50, warmup: 5, note: () => "no Prisma" },
    async () => {
      await sql.query(`SELECT count(*) FROM "Membership" WHERE "organizationId" = $1`, [
        organizationId,
      ]);
    },
  );
  console.error(`  ${label}: done`);
}

/** A fresh in-memory PGlite database, migrated, for `fn`; closed afterwards. */
async function withPGlite(purpose: string, fn: (db: Db, sql: SqlExecutor) => Promise<void>) {
  const pglite = await once(`PGlite.create() (in memory)${purpose}`, () => openPGlite());
  try {
    await once("applyMigrations()", () => applyMigrations(pgliteExecutor(pglite)));
    const db = prismaForPGlite(pglite);
    try {
      await fn(db, pgliteExecutor(pglite));
    } finally {
      await db.$disconnect();
    }
  } finally {
    await pglite.close();
  }
}

async function benchPGlite() {
  section("database: PGlite, in memory");
  if (runs("others") || runs("users-list")) {
    await withPGlite("", async (db, sql) => {
      if (runs("others")) await benchDatabase("PGlite", db, sql);
      if (runs("users-list")) await benchUsersList("PGlite", db, sql);
    });
  }
  // The audit log on a database of its own: its 1,000,000 events take about 2 GB of PGlite's
  // memory, in this process.
  if (runs("audit-log")) {
    await withPGlite(", for the audit log", (db, sql) => benchAuditLog("PGlite", db, sql));
  }
}

async function benchPostgres(serverUrl: string) {
  const name = `roster_bench_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const { rows: versionRows } = await admin.query<{ v: string }>(
    "SELECT current_setting('server_version') AS v",
  );
  section(`database: PostgreSQL ${versionRows[0]?.v ?? "?"} (fresh database ${name})`);
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    // One plain connection: migrations, then the raw-SQL comparison rows.
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await once("applyMigrations()", () => applyMigrations(pgExecutor(client)));
      const db = prismaForPostgres(url.toString());
      try {
        if (runs("others")) await benchDatabase("PostgreSQL", db, pgExecutor(client));
        if (runs("users-list")) await benchUsersList("PostgreSQL", db, pgExecutor(client));
        if (runs("audit-log")) await benchAuditLog("PostgreSQL", db, pgExecutor(client));
      } finally {
        await db.$disconnect();
      }
    } finally {
      await client.end();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const unknown = only.filter((name) => !(ONLY as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new Error(`BENCH_ONLY: unknown ${unknown.join(", ")}; expected ${ONLY.join(" or ")}`);
  }
  const started = performance.now();
  const cpus = os.cpus();
  console.log(
    `Roster benchmark: node ${process.version}, ${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM` +
      (process.env.BENCH_DATABASE_URL ? ", with PostgreSQL (BENCH_DATABASE_URL)" : ""),
  );
  console.log(
    "Times are per run: median and 95th percentile over `runs` timed runs (after warm-up).\n",
  );

  if (runs("others")) {
    await benchDecide();
    await benchDecideCustomRoles();
    await benchWorkspaceRoles();
  }
  await benchPGlite();
  if (process.env.BENCH_DATABASE_URL) await benchPostgres(process.env.BENCH_DATABASE_URL);

  console.error("");
  printTable();
  // ru_maxrss is in kilobytes on Linux.
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `\npeak RSS ${peakMb.toFixed(0)} MB; total ${((performance.now() - started) / 1000).toFixed(1)} s` +
      (process.env.BENCH_DATABASE_URL ? "" : "; set BENCH_DATABASE_URL to also run on PostgreSQL"),
  );
}

(process.argv[2] === "http"
  ? import("./http").then((m) => m.runHttpBench(process.argv.slice(3)))
  : process.argv[2] === "load"
    ? import("./load").then((m) => m.runLoad(process.argv.slice(3)))
    : main()
).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
