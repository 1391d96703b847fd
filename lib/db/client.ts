import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { config } from "@/lib/config";
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

export function createPrismaClient(adapter: SqlDriverAdapterFactory) {
  return new PrismaClient({ adapter: withQueryStats(adapter), omit });
}

export type Db = ReturnType<typeof createPrismaClient>;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function prismaForPGlite(pglite: PGlite) {
  return createPrismaClient(new PrismaPGlite(pglite));
}

export function prismaForPostgres(connectionString: string) {
  return createPrismaClient(new PrismaPg({ connectionString }));
}

/** Opens the embedded database: lock, open, migrate. */
async function openEmbedded(): Promise<Db> {
  const dir = config.dataDir;
  fs.mkdirSync(dir, { recursive: true });
  acquireDataDirLock(dir, path.join(dir, "roster.lock"));
  const pglite = await openPGlite({ dataDir: path.join(dir, "pgdata") });
  const { applied } = await applyMigrations(pgliteExecutor(pglite));
  if (applied.length > 0)
    console.info(`[db] applied ${applied.length} migration(s): ${applied.join(", ")}`);
  globalForDb.__rosterPGlite = pglite;
  return prismaForPGlite(pglite);
}

// Next.js loads this module once per server bundle (and again on every dev reload); a second
// PGlite on the same folder would corrupt it, so the one client lives on globalThis.
const globalForDb = globalThis as typeof globalThis & {
  __rosterDb?: Promise<Db>;
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
  globalForDb.__rosterDb ??= (
    config.databaseUrl ? Promise.resolve(prismaForPostgres(config.databaseUrl)) : openEmbedded()
  ).catch((error: unknown) => {
    globalForDb.__rosterDb = undefined;
    throw error;
  });
  return globalForDb.__rosterDb;
}

/** Tests point the app at their own database. */
export function setDbForTests(db: Db | undefined, pglite?: PGlite): void {
  globalForDb.__rosterDb = db ? Promise.resolve(db) : undefined;
  globalForDb.__rosterPGlite = pglite;
}
