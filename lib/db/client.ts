import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { config } from "@/lib/config";
import { onShutdown } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { checkDataDir } from "./data-dir-check";
import { acquireDataDirLock } from "./data-dir-lock";
import { openPGlite } from "./pglite";
import { PrismaClient } from "./generated/client";
import { applyMigrations, pgliteExecutor } from "./migrate";
import { withQueryStats } from "./query-stats";

// Prisma never returns secrets unless a query asks for them explicitly.
const omit = {
  user: { passwordHash: true, totpSecret: true, recoveryCodeHashes: true },
  invitation: { tokenHash: true },
  passwordResetToken: { tokenHash: true },
  session: { tokenHash: true },
  signInChallenge: { tokenHash: true },
  emailChangeToken: { tokenHash: true },
} as const;

/**
 * How long a transaction may wait for a connection of the pool (10 on PostgreSQL) before failing.
 * Prisma's default, 2 s, turned a burst of actions waiting on each other's locks (several admins
 * changing people at once) into "something went wrong" for those queued behind them; waiting a
 * little longer serves them instead. A transaction still runs at most 5 s (Prisma's `timeout`).
 */
const TRANSACTION_MAX_WAIT_MS = 10_000;

export function createPrismaClient(adapter: SqlDriverAdapterFactory) {
  return new PrismaClient({
    adapter: withQueryStats(adapter),
    omit,
    transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS },
  });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function prismaForPGlite(pglite: PGlite) {
  return createPrismaClient(new PrismaPGlite(pglite));
}

/**
 * How long opening a PostgreSQL connection may take. pg's default is to wait for ever: a database
 * host that drops packets (rather than refusing them) would hold each request for the operating
 * system's TCP timeout, minutes, instead of answering with the error page at once.
 */
const CONNECT_TIMEOUT_MS = 5_000;

export function prismaForPostgres(connectionString: string) {
  return createPrismaClient(
    new PrismaPg({ connectionString, connectionTimeoutMillis: CONNECT_TIMEOUT_MS }),
  );
}

/** The open database and how to close it: disconnect Prisma, then (embedded) PGlite and the lock. */
interface OpenDb {
  db: Db;
  close(): Promise<void>;
}

/** Opens the embedded database: check its folder, lock, open, migrate. */
async function openEmbedded(): Promise<OpenDb> {
  const dir = config.dataDir;
  // A folder the server can't write to, or a full disk, is refused here with a message saying
  // so, before the lock or the database is touched (lib/startup.ts stops the server with it).
  checkDataDir(dir);
  const releaseLock = acquireDataDirLock(dir, path.join(dir, "roster.lock"));
  let pglite: PGlite;
  try {
    pglite = await openPGlite({ dataDir: path.join(dir, "pgdata") });
  } catch (error) {
    releaseLock();
    throw error;
  }
  const { applied } = await applyMigrations(pgliteExecutor(pglite));
  if (applied.length > 0)
    log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  globalForDb.__rosterPGlite = pglite;
  const db = prismaForPGlite(pglite);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      // Closing PGlite checkpoints the database to its folder; only then may another process open it.
      await pglite.close();
      globalForDb.__rosterPGlite = undefined;
      releaseLock();
    },
  };
}

function openPostgres(url: string): OpenDb {
  const db = prismaForPostgres(url);
  return { db, close: () => db.$disconnect() };
}

// Next.js loads this module once per server bundle (and again on every dev reload); a second
// PGlite on the same folder would corrupt it, so the one client lives on globalThis.
const globalForDb = globalThis as typeof globalThis & {
  __rosterDb?: Promise<Db>;
  __rosterDbOpen?: Promise<OpenDb>;
  __rosterDbClosed?: boolean;
  __rosterPGlite?: PGlite;
};

/**
 * The embedded database this process has open (the backup route snapshots it), or null: on
 * PostgreSQL, or before the app has opened it.
 */
export function openEmbeddedDatabase(): PGlite | null {
  return config.databaseUrl ? null : (globalForDb.__rosterPGlite ?? null);
}

/** The process's database client, created on first use (never at import: `next build` imports). */
export function getDb(): Promise<Db> {
  if (globalForDb.__rosterDbClosed) {
    return Promise.reject(new Error("The database is closed: the server is shutting down."));
  }
  if (!globalForDb.__rosterDb) {
    const opening = (
      config.databaseUrl ? Promise.resolve(openPostgres(config.databaseUrl)) : openEmbedded()
    ).catch((error: unknown) => {
      globalForDb.__rosterDb = undefined;
      globalForDb.__rosterDbOpen = undefined;
      throw error;
    });
    globalForDb.__rosterDbOpen = opening;
    globalForDb.__rosterDb = opening.then((open) => open.db);
    onShutdown("database", closeDb, { phase: "database" });
  }
  return globalForDb.__rosterDb;
}

/**
 * Closes the process's database (the server's last shutdown step, lib/lifecycle.ts): Prisma's
 * connections, and the embedded database flushed to its folder and its lock released. Later
 * getDb() calls fail.
 */
export async function closeDb(): Promise<void> {
  globalForDb.__rosterDbClosed = true;
  const opening = globalForDb.__rosterDbOpen;
  globalForDb.__rosterDb = undefined;
  globalForDb.__rosterDbOpen = undefined;
  const open = await opening?.catch(() => undefined);
  await open?.close();
  if (open) log.info("database closed");
}

/** Tests point the app at their own database. */
export function setDbForTests(db: Db | undefined, pglite?: PGlite): void {
  globalForDb.__rosterDb = db ? Promise.resolve(db) : undefined;
  globalForDb.__rosterPGlite = pglite;
}
