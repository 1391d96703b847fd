// What the command-line tools (scripts/db/) do with the embedded database's folder while no server
// holds it: export its data, restore a backup into it. Each takes the folder's lock first, the
// same lock a server takes, so a tool and a server never have the database open at once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { BACKUP_PATH, signBackupRequest } from "./backup-auth";
import { acquireDataDirLock, dataDirLockHolder, DataDirLockedError } from "./data-dir-lock";
import { writeDumpFile, type DumpSummary } from "./dump";
import { migrationStatus, pgliteExecutor } from "./migrate";
import { openPGlite } from "./pglite";
import { tarGzip, untarGzip } from "./tar";

export const pgdataDir = (dataDir: string) => path.join(dataDir, "pgdata");
export const lockFile = (dataDir: string) => path.join(dataDir, "roster.lock");

/** Refused: the folder is not in a state the tool can work on. */
export class DataDirError extends Error {
  override name = "DataDirError";
}

/** Whether DATA_DIR/pgdata holds a database (a folder with something in it). */
export function hasEmbeddedDatabase(dataDir: string): boolean {
  try {
    return fs.readdirSync(pgdataDir(dataDir)).length > 0;
  } catch {
    return false;
  }
}

/** Takes the folder's lock; a server holding it is named in the refusal, with what to do. */
export function lockForTool(dataDir: string, hint: string): () => void {
  try {
    return acquireDataDirLock(dataDir, lockFile(dataDir));
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      throw new DataDirError(`${error.message} ${hint}`, { cause: error });
    }
    throw error;
  }
}

/** Opens the existing embedded database in `dataDir` under its lock, runs `work`, closes it. */
export async function withEmbeddedDatabase<T>(
  dataDir: string,
  hint: string,
  work: (pglite: PGlite) => Promise<T>,
): Promise<T> {
  if (!hasEmbeddedDatabase(dataDir)) {
    throw new DataDirError(
      `There is no embedded database in ${dataDir} (no ${pgdataDir(dataDir)}). Is DATA_DIR right?`,
    );
  }
  const release = lockForTool(dataDir, hint);
  try {
    const pglite = await openPGlite({ dataDir: pgdataDir(dataDir) });
    try {
      return await work(pglite);
    } finally {
      await pglite.close();
    }
  } finally {
    release();
  }
}

/** `npm run db:export`: a dump of the embedded database in `dataDir`, written to `file`. */
export function exportEmbeddedDatabase(dataDir: string, file: string): Promise<DumpSummary> {
  return withEmbeddedDatabase(
    dataDir,
    "db:export reads the database itself, so stop the server first (to copy the database " +
      "while it runs, use `npm run db:backup`).",
    (pglite) => writeDumpFile(pgliteExecutor(pglite), file),
  );
}

/** Writes `source` to `file` (created, never overwritten), then checks it is a whole gzip file. */
async function writeArchive(source: Readable, file: string): Promise<number> {
  const partial = `${file}.partial`;
  try {
    await pipeline(source, fs.createWriteStream(partial, { flags: "wx", mode: 0o600 }));
    // Read back through gunzip: a cut-off transfer or a damaged file fails here, not at restore.
    await pipeline(
      fs.createReadStream(partial),
      zlib.createGunzip(),
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) void chunk;
      },
    );
    fs.renameSync(partial, file);
    return fs.statSync(file).size;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export interface BackupOptions {
  /** The folder the backup file goes in (created if needed). */
  dir: string;
  /** The server's AUTH_SECRET, to sign the request when a server holds the database. */
  secret?: string;
  /** Where to reach that server; default: http://127.0.0.1:<the port in its lock file>. */
  url?: string;
  now?: Date;
}

export interface BackupResult {
  file: string;
  bytes: number;
  /** Taken by the running server, or by this process (no server was running). */
  takenBy: "server" | "this process";
}

/**
 * `npm run db:backup`: a consistent copy of the embedded database in `dataDir`, as a file in
 * `options.dir`. While a server holds the folder, only it may read the database, so it is asked for
 * a snapshot (POST /api/db-backup, signed with AUTH_SECRET); otherwise this process takes the lock
 * and the snapshot itself.
 */
export async function backupEmbeddedDatabase(
  dataDir: string,
  options: BackupOptions,
): Promise<BackupResult> {
  const stamp = (options.now ?? new Date()).toISOString().replaceAll(":", "-").replace(/\..*/, "");
  fs.mkdirSync(options.dir, { recursive: true });
  const file = path.join(options.dir, `roster-backup-${stamp}.tar.gz`);
  if (fs.existsSync(file))
    throw new DataDirError(`${file} already exists: nothing was overwritten.`);

  const holder = dataDirLockHolder(lockFile(dataDir));
  if (!holder) {
    // Opened and closed first: a clean shutdown leaves every change in the files. The lock is
    // kept until the archive is written, so nothing changes them meanwhile.
    const release = lockForTool(dataDir, "It started just now: run db:backup again.");
    let bytes: number;
    try {
      if (!hasEmbeddedDatabase(dataDir)) {
        throw new DataDirError(`There is no embedded database in ${dataDir}. Is DATA_DIR right?`);
      }
      await (await openPGlite({ dataDir: pgdataDir(dataDir) })).close();
      bytes = await writeArchive(tarGzip(pgdataDir(dataDir)), file);
    } finally {
      release();
    }
    return { file, bytes, takenBy: "this process" };
  }

  const who = `process ${holder.pid} (${holder.command || "unknown command"}, on ${holder.host})`;
  if (holder.host !== os.hostname() && !options.url) {
    throw new DataDirError(
      `The embedded database in ${dataDir} is open in ${who}, on another host: run db:backup there.`,
    );
  }
  if (holder.port === undefined && !options.url) {
    throw new DataDirError(
      `The embedded database in ${dataDir} is open in ${who}, which is not a Roster server: ` +
        `wait until it has finished, then run db:backup again.`,
    );
  }
  if (!options.secret) {
    throw new DataDirError(
      `A server holds the embedded database in ${dataDir}; db:backup asks it for the copy and ` +
        `needs its AUTH_SECRET for that: set AUTH_SECRET as the server has it.`,
    );
  }
  const base = (options.url ?? `http://127.0.0.1:${holder.port}`).replace(/\/+$/, "");
  let response: Response;
  try {
    response = await fetch(`${base}${BACKUP_PATH}`, {
      method: "POST",
      headers: signBackupRequest(options.secret),
    });
  } catch (error) {
    throw new DataDirError(
      `The server holding ${dataDir} (${who}) could not be reached at ${base}: ` +
        `${error instanceof Error ? error.message : String(error)}. If it listens on another ` +
        `address, give it with --url.`,
      { cause: error },
    );
  }
  if (response.status === 404) {
    throw new DataDirError(
      `The server at ${base} refused the backup request (404). Is AUTH_SECRET the server's own? ` +
        `(Or the server is an older version of Roster, or runs on PostgreSQL.)`,
    );
  }
  if (!response.ok || !response.body) {
    throw new DataDirError(
      `The server at ${base} could not take the snapshot (HTTP ${response.status}): see its log.`,
    );
  }
  const bytes = await writeArchive(Readable.fromWeb(response.body as WebReadableStream), file);
  return { file, bytes, takenBy: "server" };
}

export interface RestoreResult {
  pgdata: string;
  migrations: number;
  pendingMigrations: number;
}

/**
 * `npm run db:restore`: unpacks a backup into `dataDir`, which must not hold a database (a restore
 * never replaces one: move it aside first) and which no process may hold. Unpacked into a
 * temporary folder, opened there to check it, then moved into place.
 */
export async function restoreEmbeddedDatabase(
  file: string,
  dataDir: string,
): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new DataDirError(`${file} does not exist.`);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = lockForTool(
    dataDir,
    "Stop the server first: a restore replaces the database under it.",
  );
  const staging = path.join(dataDir, "pgdata.restoring");
  try {
    if (hasEmbeddedDatabase(dataDir)) {
      throw new DataDirError(
        `${pgdataDir(dataDir)} already holds a database, and a restore never overwrites one. ` +
          `Move it aside first (e.g. \`mv ${pgdataDir(dataDir)} ${pgdataDir(dataDir)}.old\`), or ` +
          `restore into another DATA_DIR.`,
      );
    }
    fs.rmSync(staging, { recursive: true, force: true }); // left by a restore that failed
    let pglite: PGlite;
    try {
      fs.mkdirSync(staging);
      await untarGzip(fs.createReadStream(file), staging);
      pglite = await openPGlite({ dataDir: staging });
    } catch (error) {
      throw new DataDirError(
        `${file} could not be restored: it is not a Roster backup, or it is damaged ` +
          `(${error instanceof Error ? error.message : String(error)}).`,
        { cause: error },
      );
    }
    let status;
    let migrations;
    try {
      const db = pgliteExecutor(pglite);
      status = await migrationStatus(db);
      migrations = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`,
        )
      ).rows[0]?.n;
    } finally {
      await pglite.close();
    }
    if (migrations === undefined || status.unknown.length > 0 || status.failed.length > 0) {
      throw new DataDirError(
        `${file} is not a backup this version of Roster can use: ` +
          (status.unknown.length > 0
            ? `it has migrations this version lacks (${status.unknown.join(", ")}): restore it with that version.`
            : `its migration history is incomplete.`),
      );
    }
    fs.rmSync(pgdataDir(dataDir), { recursive: true, force: true }); // empty, checked above
    fs.renameSync(staging, pgdataDir(dataDir));
    return {
      pgdata: pgdataDir(dataDir),
      migrations,
      pendingMigrations: status.pending.length,
    };
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  } finally {
    release();
  }
}
