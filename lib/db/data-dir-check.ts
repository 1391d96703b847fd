import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The embedded database's folder (DATA_DIR) can't be used; the message names the folder, the
 * problem and what to do. Raised before anything in the folder is opened or written, so a server
 * that refuses to start this way leaves the database as it was.
 */
export class DataDirUnusableError extends Error {
  override name = "DataDirUnusableError";
}

/**
 * Free space below which the server refuses to open the embedded database: a new one takes about
 * 40 MB, and PostgreSQL writes each change to its log before the tables. Starting on a disk too
 * full for that would leave a half-made database, or fail on the first writes.
 */
export const MIN_FREE_BYTES = 64 * 1024 * 1024;

/** The file-system calls the check makes (a test stands in for the disk's failures). */
export interface DataDirFs {
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  statSync(file: string): { isDirectory(): boolean };
  existsSync(file: string): boolean;
  openSync(file: string, flags: string): number;
  writeSync(fd: number, data: Uint8Array): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  rmSync(file: string, options: { force: true }): void;
  statfsSync(dir: string): { bavail: number | bigint; bsize: number | bigint };
}

/** A probe of this size is written, flushed and removed: a folder that takes it can be written. */
const PROBE = new Uint8Array(64 * 1024);

function whoAmI(): string {
  const { username, uid } = os.userInfo();
  return uid >= 0 ? `user ${username}, uid ${uid}` : `user ${username}`;
}

/** What went wrong, in words, for the errors a folder gives; null for any other error. */
function describe(error: unknown): string | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case "EACCES":
    case "EPERM":
      return `this process (${whoAmI()}) may not write there (permission denied). Give it write access to the folder and everything in it, or point DATA_DIR at a folder it may write to`;
    case "EROFS":
      return "it is on a read-only file system. Mount it read-write, or point DATA_DIR at a writable folder";
    case "ENOSPC":
    case "EDQUOT":
      return "its disk is full (or the user's disk quota is used up). Free some space, or point DATA_DIR at a disk with room";
    case "ENOTDIR":
      return "a part of its path is a file, not a folder. Point DATA_DIR at a folder";
    case "EEXIST":
      return "it is a file, not a folder. Point DATA_DIR at a folder";
    default:
      return null;
  }
}

function unusable(dataDir: string, problem: string, cause?: unknown): DataDirUnusableError {
  return new DataDirUnusableError(
    `The embedded database's folder ${dataDir} (DATA_DIR) can't be used: ${problem}. ` +
      "Nothing in it was changed.",
    cause === undefined ? undefined : { cause },
  );
}

/** Throws DataDirUnusableError for a known problem; rethrows anything else as it is. */
function attempt(dataDir: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    const problem = describe(error);
    if (problem === null) throw error;
    throw unusable(dataDir, problem, error);
  }
}

/**
 * Checks, before the server opens the embedded database, that its folder and the database's
 * folder in it (`pgdata`, when there is one) are folders it can write to, on a disk with at least
 * MIN_FREE_BYTES free. Creates DATA_DIR when it is missing (as the server always has).
 */
export function checkDataDir(dataDir: string, io: DataDirFs = fs): void {
  attempt(dataDir, () => io.mkdirSync(dataDir, { recursive: true }));
  const pgdata = path.join(dataDir, "pgdata");
  for (const dir of io.existsSync(pgdata) ? [dataDir, pgdata] : [dataDir]) {
    if (!io.statSync(dir).isDirectory()) {
      throw unusable(dataDir, `${dir} is a file, not a folder. Point DATA_DIR at a folder`);
    }
    const probe = path.join(dir, `.roster-write-check-${process.pid}`);
    attempt(dataDir, () => {
      const fd = io.openSync(probe, "w");
      try {
        io.writeSync(fd, PROBE);
        io.fsyncSync(fd);
      } finally {
        io.closeSync(fd);
        io.rmSync(probe, { force: true });
      }
    });
  }
  const { bavail, bsize } = io.statfsSync(dataDir);
  const free = Number(bavail) * Number(bsize);
  if (free < MIN_FREE_BYTES) {
    throw unusable(
      dataDir,
      `its disk has only ${Math.floor(free / 1024 / 1024)} MB free, and the embedded database ` +
        `needs at least ${MIN_FREE_BYTES / 1024 / 1024} MB. Free some space, or point DATA_DIR ` +
        "at a disk with room",
    );
  }
}
