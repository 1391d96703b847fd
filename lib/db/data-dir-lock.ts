import fs from "node:fs";
import os from "node:os";

/**
 * PGlite's own postmaster.pid locks nothing, and two processes opening one data directory corrupt
 * it without an error. So whoever opens the embedded database first takes this exclusive lock
 * file; a second process is refused with a message naming the holder.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in process ${holder.pid}` +
        ` (${holder.command || "unknown command"}, on ${holder.host}, since ${holder.since}).` +
        ` Only one process may open it at a time: stop that process first, or point DATA_DIR at` +
        ` another folder, or use a PostgreSQL server via DATABASE_URL to run several instances.`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  since: string;
  /**
   * The port the holder serves HTTP on, when it is a server (Next.js sets PORT to the port it
   * listens on before the app opens the database): `npm run db:backup` asks it for a snapshot.
   */
  port?: number;
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(lockPath, "utf8"));
    if (parsed && typeof parsed === "object" && "pid" in parsed && typeof parsed.pid === "number") {
      const p = parsed as Partial<LockHolder>;
      return {
        pid: parsed.pid,
        host: typeof p.host === "string" ? p.host : "unknown host",
        command: typeof p.command === "string" ? p.command : "",
        since: typeof p.since === "string" ? p.since : "unknown time",
        ...(typeof p.port === "number" ? { port: p.port } : {}),
      };
    }
  } catch {
    // Missing, or half-written by a process that died mid-write: treated as no holder.
  }
  return null;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Who holds the lock now: a process that is running (or, on another host, may be), else null
 * (no lock file, or one left behind by a process of this host that is gone).
 */
export function dataDirLockHolder(lockPath: string): LockHolder | null {
  const holder = readHolder(lockPath);
  if (!holder) return null;
  return holder.host !== os.hostname() || isAlive(holder.pid) ? holder : null;
}

/** Inside a Next.js server (not a script), the port it listens on. */
const listeningPort = (): number | undefined => {
  if (!process.env.NEXT_RUNTIME) return undefined;
  const port = Number(process.env.PORT);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : undefined;
};

/**
 * Takes the lock or throws DataDirLockedError. Returns the function that releases it (once the
 * database is closed; tools that open the folder for a while); failing that, it is released when
 * the process exits.
 */
export function acquireDataDirLock(dataDir: string, lockPath: string): () => void {
  const me: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command: process.argv.slice(1).join(" ").slice(0, 200),
    since: new Date().toISOString(),
    port: listeningPort(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, JSON.stringify(me), { flag: "wx" });
      const release = () => {
        process.off("exit", release);
        if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(lockPath);
    // This process holds it already (its release comes with the first acquisition).
    if (holder?.pid === process.pid) return () => undefined;
    const stale = holder === null || (holder.host === me.host && !isAlive(holder.pid));
    if (!stale) throw new DataDirLockedError(dataDir, holder);
    fs.rmSync(lockPath, { force: true });
  }
  const holder = readHolder(lockPath);
  throw new DataDirLockedError(dataDir, holder ?? { ...me, pid: -1, command: "unknown" });
}
