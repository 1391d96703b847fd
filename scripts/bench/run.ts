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
// `npm run bench -- http` runs the HTTP-level benchmark instead (scripts/bench/http.ts).
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
import { prismaForPGlite, prismaForPostgres, setDbForTests, type Db } from "@/lib/db/client";
import { applyMigrations, pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/migrate";
import {
  ACTIONS,
  USER_TARGET_ACTIONS,
  WORKSPACE_ROLES,
  WorkspaceTree,
  decide,
  effectiveWorkspaceRoles,
  type Action,
  type Actor,
  type OrgRole,
  type Target,
  type WorkspaceGrant,
  type WorkspaceNode,
} from "@/lib/permissions";
import { usersQuery } from "@/lib/people/schemas";
import { AUDIT_LOG_PAGE_SIZE, auditLogPageFor } from "@/lib/organization/audit-log";
import { auditLogQuery } from "@/lib/organization/schemas";
import {
  LIST_INVITATIONS,
  LIST_MEMBERS,
  MANAGED_WORKSPACE_IDS,
  SAMPLE_USER_ID,
  SAMPLE_WORKSPACE_ID,
  seedUsersList,
  usersListCases,
} from "./users-list-data";
import {
  AUDIT_ACTORS,
  AUDIT_CHUNK,
  AUDIT_EVENTS,
  AUDIT_PEOPLE,
  auditLogCases,
  auditLogCsv,
  auditLogCsvCases,
  consume,
  countMatching,
  cursorOf,
  seedAuditLog,
} from "./audit-log-data";
import {
  MB,
  bench,
  formatMs,
  lastRow,
  median,
  once,
  printTable,
  section,
  withMemoryPeak,
} from "./measure";

/** The sections BENCH_ONLY may name (comma-separated); unset, every section runs. */
const ONLY = ["users-list", "audit-log"] as const;
const only = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((name) => name.trim())
  .filter(Boolean);
/** Whether a section runs; "others" are the ones BENCH_ONLY cannot name (1 to 3). */
const runs = (name: (typeof ONLY)[number] | "others") =>
  only.length === 0 || (only as readonly string[]).includes(name);

// Deterministic inputs: the same data on every run of the benchmark.
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20261123);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// ---------------------------------------------------------------------------------------------
// 1. decide()

const DECIDE_CALLS = 100_000;

function decideInputs(): { actor: Actor; action: Action; target: Target }[] {
  const org = "org_1";
  const workspaceIds = Array.from({ length: 60 }, (_, i) => `ws_${i}`);
  const managed = new Set(workspaceIds.slice(0, 20));
  const actor = (userId: string, orgRole: OrgRole, managed: ReadonlySet<string>): Actor => ({
    userId,
    membershipId: `m_${userId}`,
    organizationId: org,
    orgRole,
    status: userId === "u_off" ? "disabled" : "active",
    managedWorkspaceIds: managed,
  });
  const none = new Set<string>();
  const actors = [
    actor("u_owner", "owner", none),
    actor("u_admin", "admin", none),
    actor("u_mgr", "member", managed), // a manager: member of the org, manager of 20 workspaces
    actor("u_member", "member", none),
    actor("u_off", "admin", none), // a disabled admin
  ];
  const userActions = new Set<Action>(USER_TARGET_ACTIONS);
  const roles: OrgRole[] = ["owner", "admin", "member", "member", "member"];
  const target = (action: Action): Target => {
    // One target in 20 belongs to another organization.
    const organizationId = random() < 0.05 ? "org_2" : org;
    if (userActions.has(action) || action === "users.view") {
      return {
        kind: "user",
        organizationId,
        userId: random() < 0.1 ? "u_mgr" : `u_${Math.floor(random() * 1000)}`,
        orgRole: pick(roles),
        workspaceIds: [pick(workspaceIds), pick(workspaceIds)],
        workspaceId: pick(workspaceIds),
        newRole: pick(roles),
      };
    }
    if (action.startsWith("invitations.") || action === "users.invite") {
      return {
        kind: "invitation",
        organizationId,
        role: pick(roles),
        workspaceIds: [pick(workspaceIds)],
      };
    }
    if (action.startsWith("workspaces.") || action === "joinRequests.decide") {
      return {
        kind: "workspace",
        organizationId,
        workspaceId: random() < 0.1 ? null : pick(workspaceIds),
        newParentId: random() < 0.1 ? null : pick(workspaceIds),
      };
    }
    return { kind: "organization", organizationId };
  };
  // 4,096 distinct inputs, cycled through: varied enough that no call site sees one shape only.
  return Array.from({ length: 4096 }, () => {
    const action = pick(ACTIONS);
    return { actor: pick(actors), action, target: target(action) };
  });
}

async function benchDecide() {
  section(`permissions: decide() × ${DECIDE_CALLS.toLocaleString("en")} calls per run`);
  const inputs = decideInputs();
  let allowed = 0;
  let total = 0;
  await bench(
    `decide() × ${DECIDE_CALLS.toLocaleString("en")}`,
    { runs: 20, warmup: 3, note: (ms) => `${((ms * 1e6) / DECIDE_CALLS).toFixed(0)} ns/call` },
    () => {
      for (let i = 0; i < DECIDE_CALLS; i++) {
        const input = inputs[i & 4095]!;
        if (decide(input.actor, input.action, input.target).allowed) allowed++;
        total++;
      }
    },
  );
  // Printed so the work cannot be optimised away, and as a sanity check of the input mix.
  const last = lastRow();
  last.note += `, ${((100 * allowed) / total).toFixed(0)}% allowed`;
}

// ---------------------------------------------------------------------------------------------
// 2. effectiveWorkspaceRoles()

/** 500 workspaces in 6 levels: 4 roots, then 12, 36, 96, 160, 192 (each under a random parent). */
function workspaceTree(): WorkspaceNode[] {
  const levelSizes = [4, 12, 36, 96, 160, 192];
  const nodes: WorkspaceNode[] = [];
  let previous: WorkspaceNode[] = [];
  levelSizes.forEach((size, level) => {
    const current: WorkspaceNode[] = [];
    for (let i = 0; i < size; i++) {
      const parentId = level === 0 ? null : pick(previous).id;
      current.push({ id: `ws_${level}_${i}`, parentId, name: `Workspace ${level}.${i}` });
    }
    nodes.push(...current);
    previous = current;
  });
  return nodes;
}

function depth(tree: WorkspaceTree, id: string) {
  return tree.ancestors(id).length + 1;
}

async function benchWorkspaceRoles() {
  const nodes = workspaceTree();
  const tree = new WorkspaceTree(nodes);
  const maxDepth = Math.max(...nodes.map((n) => depth(tree, n.id)));
  section(`permissions: effectiveWorkspaceRoles(), ${nodes.length} workspaces, ${maxDepth} levels`);

  await bench(
    "new WorkspaceTree(500 nodes)",
    { runs: 200, warmup: 20 },
    () => new WorkspaceTree(nodes),
  );

  // A typical member: a dozen explicit roles scattered over every level.
  const scattered: WorkspaceGrant[] = Array.from({ length: 12 }, () => ({
    workspaceId: pick(nodes).id,
    role: pick(WORKSPACE_ROLES),
  }));
  let size = 0;
  await bench(
    "member, 12 scattered grants",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, scattered, "member").size;
    },
  );

  // The widest case for a member: manager of every root, so all 500 workspaces inherit.
  const everyRoot: WorkspaceGrant[] = nodes
    .filter((n) => n.parentId === null)
    .map((n) => ({ workspaceId: n.id, role: "manager" }));
  await bench(
    "member, manager of all 4 roots",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, everyRoot, "member").size;
    },
  );

  await bench(
    "org admin (manager everywhere)",
    { runs: 200, warmup: 20, note: () => `${size} workspaces in result` },
    () => {
      size = effectiveWorkspaceRoles(tree, [], "admin").size;
    },
  );
}

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

// ---------------------------------------------------------------------------------------------
// 4. The Users list at 100,000 members

async function benchUsersList(label: string, db: Db, sql: SqlExecutor) {
  // Loaded when this section runs: through the features' indexes these reach much of the app,
  // which the other sections (and BENCH_ONLY=audit-log) do without.
  const { listUsers } = await import("@/lib/people/users-list");
  const { workspaceDetailFor, workspaceTreeFor } = await import("@/lib/workspaces");
  section(
    `${label}: Users list, ${LIST_MEMBERS.toLocaleString("en")} members + ` +
      `${LIST_INVITATIONS.toLocaleString("en")} invitations in one organization (listUsers: page + total)`,
  );
  const organization = await db.organization.create({
    data: { name: "Big Org", slug: `bench-big-${randomBytes(4).toString("hex")}` },
  });
  const seeded = await once("seed (INSERT … SELECT generate_series)", () =>
    seedUsersList(db, organization.id),
  );
  lastRow().note = `${seeded.workspaces} workspaces, ${seeded.workspaceMemberships.toLocaleString("en")} workspace memberships`;
  await once("VACUUM ANALYZE", () => sql.query("VACUUM ANALYZE"));

  const sample = await db.user.findUniqueOrThrow({ where: { id: SAMPLE_USER_ID } });
  const membershipOf = async (userId: string) =>
    (
      await db.membership.findUniqueOrThrow({
        where: { userId_organizationId: { userId, organizationId: organization.id } },
        select: { id: true },
      })
    ).id;
  const owner: Actor = {
    userId: "bench_u1",
    membershipId: await membershipOf("bench_u1"),
    organizationId: organization.id,
    orgRole: "owner",
    status: "active",
    managedWorkspaceIds: new Set(),
  };
  // A workspace manager (an org member who manages two workspaces): the list is scoped to the
  // people and invitations in them.
  const manager: Actor = {
    ...owner,
    userId: "bench_u2",
    membershipId: await membershipOf("bench_u2"),
    orgRole: "member",
    managedWorkspaceIds: new Set(MANAGED_WORKSPACE_IDS),
  };
  const cases = [
    ...usersListCases({ email: sample.email, workspaceId: SAMPLE_WORKSPACE_ID }).map(
      ([name, params]) => [name, params, owner] as const,
    ),
    ["manager's view (2 workspaces), page 1", {}, manager] as const,
  ];
  setDbForTests(db);
  try {
    for (const [name, params, actor] of cases) {
      const query = usersQuery.parse(params);
      let result = { rows: 0, total: 0 };
      await bench(
        name,
        {
          runs: 10,
          warmup: 2,
          note: () => `${result.rows} rows of ${result.total.toLocaleString("en")}`,
        },
        async () => {
          const { rows: page, total } = await listUsers(actor, query);
          result = { rows: page.length, total };
        },
      );
    }
    // The workspace pages on the same data: the tree (/workspaces) and one workspace's page
    // (/workspaces/[id]) with its first page of members and the people one may add.
    const pages = [
      ["/workspaces tree, owner", () => workspaceTreeFor(owner)],
      ["/workspaces tree, manager", () => workspaceTreeFor(manager)],
      [
        "/workspaces/[id] (top level), owner",
        () => workspaceDetailFor(owner, MANAGED_WORKSPACE_IDS[0]!),
      ],
      [
        "/workspaces/[id] (top level), manager",
        () => workspaceDetailFor(manager, MANAGED_WORKSPACE_IDS[0]!),
      ],
    ] as const;
    for (const [name, load] of pages) {
      await bench(name, { runs: 5, warmup: 1 }, async () => {
        await load();
      });
    }
  } finally {
    setDbForTests(undefined);
  }
  console.error(`  ${label} users list: done`);
}

// ---------------------------------------------------------------------------------------------
// 5. The audit log at 1,000,000 events

/** How far back the deep page starts: its "Older" link's cursor is this event's. */
const DEEP_EVENT = 900_000;

async function benchAuditLog(label: string, db: Db, sql: SqlExecutor) {
  section(
    `${label}: audit log, ${AUDIT_EVENTS.toLocaleString("en")} events in one organization ` +
      `(auditLogPageFor: a page of ${AUDIT_LOG_PAGE_SIZE}; the CSV export)`,
  );
  const organization = await db.organization.create({
    data: { name: "Audit Org", slug: `bench-audit-${randomBytes(4).toString("hex")}` },
  });
  const organizationId = organization.id;
  const owner = await once(
    `seed ${AUDIT_EVENTS.toLocaleString("en")} events (INSERT … SELECT generate_series)`,
    () =>
      seedAuditLog(db, organizationId, (done) =>
        console.error(`    ${done.toLocaleString("en")} events`),
      ),
  );
  lastRow().note = `${AUDIT_PEOPLE.toLocaleString("en")} people (${AUDIT_ACTORS} of them acting), in chunks of ${AUDIT_CHUNK.toLocaleString("en")}`;
  await once("VACUUM ANALYZE", () => sql.query("VACUUM ANALYZE"));

  setDbForTests(db);
  try {
    // The deep page's cursor, as the "Older" link of the page before it would carry it; and the
    // check that cursorOf() writes what the page writes.
    const first = await auditLogPageFor(owner, auditLogQuery.parse({}));
    const last = first?.rows.at(-1);
    if (!first || !last || first.older !== cursorOf(last)) {
      throw new Error("The audit log's cursor is not what the bench expects.");
    }
    const deepEvent = await db.auditEvent.findFirstOrThrow({
      where: { organizationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: DEEP_EVENT - 1,
      select: { createdAt: true, id: true },
    });
    const older = cursorOf(deepEvent);
    const deep = await auditLogPageFor(owner, auditLogQuery.parse({ after: older }));
    if (!deep?.newer) throw new Error("The deep page has no link to newer events.");

    for (const [name, params] of auditLogCases({ older, newer: deep.newer, deep: DEEP_EVENT })) {
      const query = auditLogQuery.parse(params);
      const matching = await countMatching(db, organizationId, query);
      let shown = 0;
      await bench(
        name,
        {
          runs: 20,
          warmup: 3,
          note: () => `${shown} rows; ${matching.toLocaleString("en")} events match`,
        },
        async () => {
          const page = await auditLogPageFor(owner, query);
          shown = page?.rows.length ?? 0;
        },
      );
    }

    // The CSV download, read to its end as a browser would, while sampling the memory in use.
    for (const [name, params] of auditLogCsvCases()) {
      const query = auditLogQuery.parse(params);
      // Ten marks along the way: a full garbage collection, then the heap still in use.
      const markEvery = Math.max(
        1_000,
        Math.round((await countMatching(db, organizationId, query)) / 10),
      );
      const { result, memory } = await once(name, () =>
        withMemoryPeak(async (probe) => consume(await auditLogCsv(owner, query), probe, markEvery)),
      );
      const row = lastRow();
      const events = result.lines - 1; // the header
      const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
      const rise = (bytes: number, base: number) => `+${((bytes - base) / MB).toFixed(0)} MB`;
      const live = memory.live.map((mark) => (mark.heapUsed - memory.baseline.heapUsed) / MB);
      row.note =
        `${events.toLocaleString("en")} rows, ${mb(result.bytes)}, ` +
        `${Math.round(events / (row.median / 1000)).toLocaleString("en")} rows/s; ` +
        `peak RSS ${mb(memory.peak.rss)} (${rise(memory.peak.rss, memory.baseline.rss)}), ` +
        `peak heap ${mb(memory.peak.heapUsed)} (${rise(memory.peak.heapUsed, memory.baseline.heapUsed)})` +
        (live.length === 0
          ? ""
          : `; heap left after a full GC every ${markEvery.toLocaleString("en")} rows: ` +
            `${Math.min(...live).toFixed(1)} to ${Math.max(...live).toFixed(1)} MB over the start`);
    }
  } finally {
    setDbForTests(undefined);
  }
  console.error(`  ${label} audit log: done`);
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
  : main()
).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
