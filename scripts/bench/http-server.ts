// The HTTP benchmark's server side (used by scripts/bench/http.ts and the load run,
// scripts/bench/load.ts): the build, a fresh database seeded with the Users list data set
// (scripts/bench/users-list-data.ts) and an owner and an admin who can sign in, the production
// server (server.mjs, as `npm start` runs it) on it, and the server process's memory.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { hashPassword } from "@/lib/auth/password";
import { prismaForPGlite, prismaForPostgres, type Db } from "@/lib/db/client";
import { applyMigrations, pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/migrate";
import { openPGlite } from "@/lib/db/pglite";
import { parseQueryStats, type QueryStats } from "@/lib/db/query-stats";
import { FULL_SIZE, SAMPLE_USER_ID, seedUsersList, type UsersListSize } from "./users-list-data";
import { openPgStatStatements, type StatementTimes } from "./http-statement-times";
import { serverEnvironment, serverNodeOptions } from "../server-node-options.mjs";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const NEXT_DIR = path.join(ROOT, ".next");
/** The data set's member 1 owns its organization (users-list-data.ts); the bench gives them a password. */
export const OWNER_ID = "bench_u1";
/** Member 20, an admin (every 20th member is), gets the same password. */
export const ADMIN_ID = "bench_u20";
export const OWNER_PASSWORD = "bench-owner-password-not-a-secret";

// ---------------------------------------------------------------------------------------------
// The build

/** What `next build` reads; a file here newer than the build makes it stale. */
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "package-lock.json",
];

function newestSource(after: number): string | null {
  const visit = (entry: string): string | null => {
    const stat = fs.statSync(entry, { throwIfNoEntry: false });
    if (!stat) return null;
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(entry)) {
        const found = visit(path.join(entry, name));
        if (found) return found;
      }
      return null;
    }
    return stat.mtimeMs > after && !/\.test\.tsx?$/.test(entry) ? entry : null;
  };
  for (const source of SOURCES) {
    const found = visit(path.join(ROOT, source));
    if (found) return path.relative(ROOT, found);
  }
  return null;
}

/** Reuses .next when it is newer than every source file (and not `force`); else runs `next build`. */
export function ensureBuild(force: boolean): string {
  const buildId = path.join(NEXT_DIR, "BUILD_ID");
  const built = fs.statSync(buildId, { throwIfNoEntry: false });
  const stale = built ? newestSource(built.mtimeMs) : null;
  if (built && !stale && !force) {
    return `reused the build of ${built.mtime.toISOString()} (${fs.readFileSync(buildId, "utf8").trim()})`;
  }
  const why = force ? "--build" : built ? `${stale} is newer than the build` : "no build yet";
  console.error(`next build (${why}) …`);
  const started = performance.now();
  const result = spawnSync("npm", ["run", "--silent", "build"], {
    cwd: ROOT,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
  return `built now (${why}) in ${((performance.now() - started) / 1000).toFixed(0)} s`;
}

// ---------------------------------------------------------------------------------------------
// The databases

export interface Seeded {
  organizationId: string;
  size: UsersListSize;
  ownerEmail: string;
  /** ADMIN_ID's, with the owner's password. */
  adminEmail: string;
  /** A member from the middle of the list (for /users/[id] and the exact-email search). */
  sampleEmail: string;
  workspaces: number;
  workspaceMemberships: number;
  /** Migrations, seeding, owner's password; then VACUUM ANALYZE and CHECKPOINT; in ms. */
  seedMs: number;
  vacuumMs: number;
}

export interface PreparedDatabase {
  label: string;
  /** For the section title: which database, where. */
  description: string;
  /** The server's DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  seeded: Seeded;
  /**
   * Runs `fn` on a connection of its own to the database, closed afterwards. The embedded one
   * opens only while no server holds it: after the server has stopped.
   */
  inspect<T>(fn: (sql: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL's own time for the statements the server sends (pg_stat_statements), when the
   * server has the extension loaded (start-postgres.sh loads it); null on PGlite, or without it.
   */
  openStatementTimes(): Promise<StatementTimes | null>;
  /** Deletes the database (the server must have stopped). */
  drop(): Promise<void>;
}

/**
 * The Users list data set (users-list-data.ts) in a new organization, and the owner's and the
 * admin's password.
 */
async function seed(
  db: Db,
  sql: SqlExecutor,
  started: number,
  size: UsersListSize,
): Promise<Seeded> {
  const organization = await db.organization.create({
    data: { name: "Bench Org", slug: "bench-org" },
  });
  const counts = await seedUsersList(db, organization.id, size);
  const passwordHash = await hashPassword(OWNER_PASSWORD);
  const [owner, admin] = await Promise.all(
    [OWNER_ID, ADMIN_ID].map((id) =>
      db.user.update({ where: { id }, data: { passwordHash }, select: { email: true } }),
    ),
  );
  const sample = await db.user.findUniqueOrThrow({
    where: {
      id: size.members > 54_321 ? SAMPLE_USER_ID : `bench_u${Math.ceil(size.members / 2)}`,
    },
    select: { email: true },
  });
  const seeded = performance.now();
  await sql.query("VACUUM ANALYZE");
  // Written out now, not by a checkpoint while the first pages are measured: a server that has
  // been running meets requests with its data files settled, not just after a bulk load.
  await sql.query("CHECKPOINT");
  return {
    organizationId: organization.id,
    size,
    ownerEmail: owner!.email,
    adminEmail: admin!.email,
    sampleEmail: sample.email,
    ...counts,
    seedMs: seeded - started,
    vacuumMs: performance.now() - seeded,
  };
}

/**
 * A fresh embedded database in a temporary DATA_DIR, migrated and seeded from this process and
 * closed again before the server opens it (only one process may hold it).
 */
export async function preparePGlite(size = FULL_SIZE): Promise<PreparedDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-bench-http-"));
  try {
    const started = performance.now();
    // Opened as lib/db/client.ts (openEmbedded) opens it: the same folder inside DATA_DIR.
    const pglite = await openPGlite({ dataDir: path.join(dataDir, "pgdata") });
    let seeded: Seeded;
    try {
      await applyMigrations(pgliteExecutor(pglite));
      const db = prismaForPGlite(pglite);
      try {
        seeded = await seed(db, pgliteExecutor(pglite), started, size);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await pglite.close();
    }
    return {
      label: "PGlite",
      description: `PGlite (embedded, DATA_DIR ${dataDir})`,
      env: { DATA_DIR: dataDir },
      seeded,
      openStatementTimes: async () => null,
      inspect: async (fn) => {
        const pglite = await openPGlite({ dataDir: path.join(dataDir, "pgdata") });
        try {
          return await fn(pgliteExecutor(pglite));
        } finally {
          await pglite.close();
        }
      },
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** A fresh database on the PostgreSQL server at `serverUrl`, migrated and seeded; dropped after. */
export async function preparePostgres(
  serverUrl: string,
  size = FULL_SIZE,
): Promise<PreparedDatabase> {
  const name = `roster_bench_http_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const drop = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    const { rows } = await admin.query<{ v: string }>(
      "SELECT current_setting('server_version') AS v",
    );
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const started = performance.now();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    let seeded: Seeded;
    try {
      await applyMigrations(pgExecutor(client));
      const db = prismaForPostgres(url.toString());
      try {
        seeded = await seed(db, pgExecutor(client), started, size);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await client.end();
    }
    return {
      label: "PostgreSQL",
      description: `PostgreSQL ${rows[0]?.v.split(" ")[0] ?? "?"} (fresh database ${name})`,
      env: { DATABASE_URL: url.toString() },
      seeded,
      openStatementTimes: () => openPgStatStatements(url.toString()),
      inspect: async (fn) => {
        const inspector = new pg.Client({ connectionString: url.toString() });
        await inspector.connect();
        try {
          return await fn(pgExecutor(inspector));
        } finally {
          await inspector.end();
        }
      },
      drop,
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The server

export interface Server {
  pid: number;
  base: URL;
  /** Ms from spawning the server to its first 200 from /api/health. */
  readyMs: number;
  /** Its standard output and error: JSON log lines (lib/log.ts), one per request among them. */
  logFile: string;
  /** The running totals of the server's database statements (lib/db/query-stats.ts). */
  queryStats(): QueryStats;
  /** The statements' log (ROSTER_QUERY_LOG), when asked for: its size, and the lines since one. */
  statementLog: { size(): number; since(size: number): string[] };
  stop(): Promise<void>;
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The tail of a log file, for an error message. */
const tail = (file: string) => fs.readFileSync(file, "utf8").split("\n").slice(-30).join("\n");

/**
 * The production server (server.mjs) on 127.0.0.1:`port` against `database`, with emails only
 * logged, sessions that outlast the benchmark and ROSTER_QUERY_STATS on; its output goes to a log
 * file in `workDir`. Resolves once /api/health answers 200.
 */
export async function startServer(
  database: Record<string, string>,
  port: number,
  workDir: string,
  options: { logStatements?: boolean } = {},
): Promise<Server> {
  if (await portInUse(port)) {
    throw new Error(`Port ${port} is in use; set BENCH_HTTP_PORT to another.`);
  }
  const base = new URL(`http://127.0.0.1:${port}`);
  const statsFile = path.join(workDir, "query-stats");
  const statementFile = path.join(workDir, "statements.log");
  const logFile = path.join(workDir, "server.log");
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    "DATABASE_URL",
    "DATA_DIR",
    "RESEND_API_KEY",
    "RESEND_BASE_URL",
    "EMAIL_FROM",
    "ALLOW_ORG_CREATION",
    "TRUSTED_PROXIES",
  ]) {
    delete env[name];
  }
  Object.assign(env, database, {
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_SECRET: "bench-only-secret-not-for-production-0123456789",
    APP_URL: base.origin,
    EMAIL_TRANSPORT: "log",
    // The longest the settings allow: no session ends during the benchmark.
    SESSION_IDLE_TIMEOUT_MINUTES: String(60 * 24 * 30),
    SESSION_MAX_AGE_HOURS: String(24 * 90),
    ROSTER_QUERY_STATS: statsFile,
    ...(options.logStatements ? { ROSTER_QUERY_LOG: statementFile } : {}),
  });
  // As `npm start` sets them (a value from the bench's own environment is kept).
  Object.assign(env, serverEnvironment(env));
  const log = fs.openSync(logFile, "w");
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      // As `npm start` runs it on this database, with ROSTER_MAX_HEAP_MB's default.
      ...serverNodeOptions({ DATABASE_URL: env.DATABASE_URL }),
      // More Node.js options for the server, e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR".
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      path.join(ROOT, "server.mjs"),
      "--hostname",
      "127.0.0.1",
      "--port",
      String(port),
    ],
    { cwd: ROOT, env, stdio: ["ignore", log, log] },
  );
  fs.closeSync(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const stop = async () => {
    if (exitCode !== undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    for (;;) {
      if (exitCode !== undefined) {
        throw new Error(`the server exited (${exitCode}):\n${tail(logFile)}`);
      }
      if (performance.now() - started > 120_000) {
        throw new Error(`the server did not answer within 120 s:\n${tail(logFile)}`);
      }
      const ok = await fetch(new URL("/api/health", base)).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error("the server has no process id");
  return {
    pid: child.pid,
    base,
    readyMs: performance.now() - started,
    logFile,
    // No file yet: no statement yet.
    queryStats: () =>
      parseQueryStats(fs.existsSync(statsFile) ? fs.readFileSync(statsFile, "utf8") : ""),
    statementLog: {
      size: () => (fs.existsSync(statementFile) ? fs.statSync(statementFile).size : 0),
      since: (size) =>
        fs.existsSync(statementFile)
          ? fs
              .readFileSync(statementFile)
              .subarray(size)
              .toString("utf8")
              .split("\n")
              .filter(Boolean)
          : [],
    },
    stop,
  };
}

// ---------------------------------------------------------------------------------------------
// The server's memory

/** VmRSS and VmHWM (the peak since start or since resetPeakRss) of a process, in MB. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1]);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/** Resets a process's VmHWM to its current RSS (Linux 4.0+); false where that is refused. */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; returns the highest, in MB. */
export function sampleRss(pid: number, intervalMs = 100): () => number {
  let peak = memoryOf(pid).rssMb;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rssMb);
  }, intervalMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, memoryOf(pid).rssMb);
  };
}
