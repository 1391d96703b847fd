// Runtime migration runner: applies prisma/migrations/*/migration.sql that the database has not
// seen yet, recording them in Prisma's own `_prisma_migrations` table (same columns, same sha256
// checksums), so Prisma's tooling reads the history as its own. Deliberately free of Prisma's
// schema engine: it runs on every app start, against the embedded PGlite or a PostgreSQL server.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { Client } from "pg";

export interface SqlExecutor {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements. */
  exec(sql: string): Promise<void>;
}

export function pgliteExecutor(pglite: PGlite): SqlExecutor {
  return {
    query: <T>(sql: string, params?: unknown[]) => pglite.query<T>(sql, params),
    exec: async (sql) => {
      await pglite.exec(sql);
    },
  };
}

export function pgExecutor(client: Client): SqlExecutor {
  return {
    query: async <T>(sql: string, params?: unknown[]) => {
      const result = await client.query(sql, params);
      return { rows: result.rows as T[] };
    },
    // Without parameters, pg uses the simple protocol, which accepts several statements.
    exec: async (sql) => {
      await client.query(sql);
    },
  };
}

// The key Prisma's own migrate commands lock, so this runner and `prisma migrate` exclude each other.
const ADVISORY_LOCK_KEY = 72707369;

// Prisma's definition of the table (schema engine, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** prisma/migrations under the directory the app runs from. */
const defaultMigrationsDir = () => path.join(process.cwd(), "prisma", "migrations");
// The folder is read at run time, never bundled: `turbopackIgnore` on the reads below keeps the
// bundler from tracing the filesystem from them (which would pull the whole project into the
// server's output, as `next build` warns).

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** Like Prisma, accepts a file whose line endings git changed (CRLF <-> LF) since it was applied. */
export function matchesChecksum(sql: string, checksum: string): boolean {
  return [sql, sql.replaceAll("\r\n", "\n"), sql.replaceAll("\n", "\r\n")].some(
    (variant) => sha256(variant) === checksum,
  );
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | string | null;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrationFiles(
  dir: string = defaultMigrationsDir(),
): Promise<MigrationFile[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true }).catch(
    (error: unknown) => {
      throw new MigrationError(`Cannot read the migrations folder ${dir}`, { cause: error });
    },
  );
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const sql = await readFile(file, "utf8").catch((error: unknown) => {
        throw new MigrationError(`Migration ${name} has no readable migration.sql`, {
          cause: error,
        });
      });
      return { name, sql, checksum: sha256(sql) };
    }),
  );
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function applyInTransaction(db: SqlExecutor, file: MigrationFile): Promise<void> {
  await db.exec("BEGIN");
  try {
    await db.exec(file.sql);
    await db.query(
      `INSERT INTO "_prisma_migrations"
         (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await db.exec("COMMIT");
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => {});
    throw new MigrationError(
      `Migration ${file.name} failed and was rolled back: ${errorMessage(error)}`,
      { cause: error },
    );
  }
}

// Prisma writes `BEGIN; ... COMMIT;` into the SQL it generates for some changes (removing an enum
// value). Inside our transaction that COMMIT would end it halfway, so such a script runs on its
// own and is recorded the way Prisma records it: a failure leaves a row that blocks later runs.
const COMMITS_ITSELF = /^\s*COMMIT\s*;/im;
const RESOLVE_HINT =
  "Repair the database by hand, then in _prisma_migrations either delete the migration's row " +
  "(to run it again) or set its finished_at (if you completed it by hand).";

async function applyCommittingScript(db: SqlExecutor, file: MigrationFile): Promise<void> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at)
     VALUES ($1, $2, $3, now())`,
    [id, file.checksum, file.name],
  );
  try {
    await db.exec(file.sql);
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => {}); // ends the script's failed transaction, if any
    await db.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [
      id,
      errorMessage(error),
    ]);
    throw new MigrationError(
      `Migration ${file.name} failed: ${errorMessage(error)}. It commits by itself, so part of it ` +
        `may be applied. ${RESOLVE_HINT}`,
      { cause: error },
    );
  }
  await db.query(
    `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

/** How the database's migrations compare with a folder of them (readiness: /api/ready). */
export interface MigrationStatus {
  /** In the folder, not applied yet. */
  pending: string[];
  /** Applied, but not in the folder (the database is newer than this app). */
  unknown: string[];
  /** Started and never finished (a failed migration that commits by itself). */
  failed: string[];
}

/**
 * Compares the migrations recorded in the database with the folder's, by name; reads only, and
 * without the advisory lock (a migration under way reads as pending). A database that has never
 * been migrated has them all pending.
 */
export async function migrationStatus(
  db: Pick<SqlExecutor, "query">,
  options: { migrationsDir?: string } = {},
): Promise<MigrationStatus> {
  const dir = options.migrationsDir ?? defaultMigrationsDir();
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true }).catch(
    (error: unknown) => {
      throw new MigrationError(`Cannot read the migrations folder ${dir}`, { cause: error });
    },
  );
  const names = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const { rows: exists } = await db.query<{ table: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS table`,
  );
  const rows = exists[0]?.table
    ? (
        await db.query<AppliedRow>(
          `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
           WHERE rolled_back_at IS NULL`,
        )
      ).rows
    : [];
  const applied = new Set(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name));
  const started = new Set(rows.map((r) => r.migration_name));
  const known = new Set(names);
  return {
    pending: names.filter((name) => !started.has(name)).sort(),
    unknown: [...applied].filter((name) => !known.has(name)).sort(),
    failed: rows
      .filter((r) => r.finished_at === null)
      .map((r) => r.migration_name)
      .sort(),
  };
}

/**
 * Applies the migrations the database lacks, each in its own transaction, under an advisory lock
 * so that app instances starting together take turns. Refuses to run when the database's history
 * disagrees with the folder (edited, missing or failed migrations).
 */
export async function applyMigrations(
  db: SqlExecutor,
  options: { migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const dir = options.migrationsDir ?? defaultMigrationsDir();
  const log = options.log ?? (() => {});
  const files = await readMigrationFiles(dir);

  await db.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
  try {
    await db.exec(CREATE_MIGRATIONS_TABLE);
    // Rolled-back rows are history only (`prisma migrate resolve --rolled-back`): ignore them.
    const { rows } = await db.query<AppliedRow>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
       WHERE rolled_back_at IS NULL ORDER BY started_at`,
    );
    const failed = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
    if (failed.length > 0) {
      throw new MigrationError(
        `Migration(s) ${failed.join(", ")} failed earlier and may be partly applied. ${RESOLVE_HINT}`,
      );
    }
    const byName = new Map(files.map((file) => [file.name, file]));
    const unknown = rows.filter((row) => !byName.has(row.migration_name));
    if (unknown.length > 0) {
      throw new MigrationError(
        `The database has migration(s) that ${dir} lacks: ${unknown.map((r) => r.migration_name).join(", ")}. ` +
          `Is this an older version of the app than the database?`,
      );
    }
    const edited = rows.filter(
      (row) => !matchesChecksum(byName.get(row.migration_name)!.sql, row.checksum),
    );
    if (edited.length > 0) {
      throw new MigrationError(
        `Migration(s) ${edited.map((r) => r.migration_name).join(", ")} were modified after they were ` +
          `applied (checksum differs). Restore the original files and put changes in a new migration.`,
      );
    }

    const done = new Set(rows.map((row) => row.migration_name));
    const applied: string[] = [];
    for (const file of files.filter((f) => !done.has(f.name))) {
      const started = performance.now();
      await (COMMITS_ITSELF.test(file.sql) ? applyCommittingScript : applyInTransaction)(db, file);
      applied.push(file.name);
      log(`Applied ${file.name} (${Math.round(performance.now() - started)} ms)`);
    }
    return { applied };
  } finally {
    await db.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]).catch(() => {});
  }
}
