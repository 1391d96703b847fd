// What the command-line tools (scripts/db/) do with the embedded database's folder while no server
// holds it: export its data, restore a backup into it. Each takes the folder's lock first, the
// same lock a server takes, so a tool and a server never have the database open at once.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock";
import { writeDumpFile, type DumpSummary } from "./dump";
import { pgliteExecutor } from "./migrate";
import { openPGlite } from "./pglite";

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
