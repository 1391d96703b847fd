import fs from "node:fs";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";

// For the HTTP benchmark (scripts/bench/http.ts), off unless ROSTER_QUERY_STATS names a file: the
// server then counts the SQL statements its Prisma client sends, adds up the time each takes (from
// the driver adapter's call to its answer, so time spent waiting for a connection, or for PGlite
// to finish another query, counts too) and the time during which any was under way, and keeps
// the running totals in that file. The benchmark sends one request at a time and reads the file
// before and after each, so the difference is that request's. A response header could not carry
// them: a page's response starts streaming (headers and all) before its page's queries have run.
// Off, the adapter is used as it is: nothing is wrapped, counted or written.

export interface QueryStats {
  statements: number;
  /** The statements' durations added up, in milliseconds (overlapping ones each count in full). */
  ms: number;
  /** Milliseconds during which at least one statement was under way (overlaps count once). */
  busyMs: number;
}

/** The totals as the file holds them: one line, `<statements> <ms> <busyMs>`, fixed width. */
export function formatQueryStats(stats: QueryStats): string {
  return `${stats.statements} ${stats.ms.toFixed(3)} ${stats.busyMs.toFixed(3)}`.padEnd(60) + "\n";
}

export function parseQueryStats(text: string): QueryStats {
  const [statements = 0, ms = 0, busyMs = 0] = text.trim().split(/\s+/).map(Number);
  return { statements, ms, busyMs };
}

type Run = (...args: unknown[]) => Promise<unknown>;

/** `adapter` with its statements counted into `file`; `adapter` itself when `file` is unset. */
export function withQueryStats(
  adapter: SqlDriverAdapterFactory,
  file: string | undefined = process.env.ROSTER_QUERY_STATS,
): SqlDriverAdapterFactory {
  if (!file) return adapter;
  const totals: QueryStats = { statements: 0, ms: 0, busyMs: 0 };
  let fd: number | undefined;
  let underWay = 0;
  let busySince = 0;
  const start = () => {
    const now = performance.now();
    if (underWay++ === 0) busySince = now;
    return now;
  };
  // Optionally each statement too, one line each (duration, then the SQL on one line), for a look
  // at what a page sends: ROSTER_QUERY_LOG names the file.
  const logFile = process.env.ROSTER_QUERY_LOG;
  const finish = (started: number, query?: unknown) => {
    const now = performance.now();
    if (logFile) {
      const sql =
        typeof query === "object" && query !== null && "sql" in query ? String(query.sql) : "?";
      fs.appendFileSync(logFile, `${(now - started).toFixed(2)}\t${sql.replace(/\s+/g, " ")}\n`);
    }
    totals.statements++;
    totals.ms += now - started;
    if (--underWay === 0) totals.busyMs += now - busySince;
    fd ??= fs.openSync(file, "w");
    // Rewritten in place, synchronously: the totals are on disk before the response is sent.
    fs.writeSync(fd, formatQueryStats(totals), 0);
  };
  // The factory's connection, and each transaction it starts, send statements through queryRaw
  // and executeRaw; every other member passes through unchanged.
  const counted = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, key) {
        const value: unknown = Reflect.get(object, key, object);
        if (typeof value !== "function") return value;
        const run = (...args: unknown[]) => (value as Run).apply(object, args);
        if (key === "queryRaw" || key === "executeRaw") {
          return async (...args: unknown[]) => {
            const started = start();
            try {
              return await run(...args);
            } finally {
              finish(started, args[0]);
            }
          };
        }
        if (key === "connect" || key === "startTransaction") {
          return async (...args: unknown[]) => counted((await run(...args)) as object);
        }
        return run;
      },
    });
  return counted(adapter);
}
