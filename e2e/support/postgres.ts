// A PostgreSQL server of a spec's own (e2e/outage.spec.ts stops and restarts it), so the shared
// one in TEST_DATABASE_URL, which the other projects' servers use, never goes away: a throwaway
// cluster from scripts/ci/start-postgres.sh (as root, it runs as PG_RUN_AS, as in CI).
import { spawnSync } from "node:child_process";
import { freePort } from "./server-process";

const SCRIPT = "scripts/ci/start-postgres.sh";

export interface PrivatePostgres {
  /** The superuser URL of its `postgres` database, as TEST_DATABASE_URL is. */
  url: string;
  /** Stops it at once, as a crash would (every connection dropped), keeping its data. */
  pause(): void;
  /** Starts it again on the same port, with the same data. */
  resume(): void;
  /** Stops it and deletes its folder. */
  stop(): void;
}

function run(args: string[], env: Record<string, string | undefined> = {}): string {
  const result = spawnSync("bash", [SCRIPT, ...args], {
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `bash ${SCRIPT} ${args.join(" ")} failed (${result.status}):\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Starts one on a free port (the script takes the next free one from there). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const exports = new Map<string, string>();
  const printed = run(["start"], { PG_PORT: String(await freePort()) });
  for (const [, name, value] of printed.matchAll(/^export (\w+)='([^']*)'$/gm)) {
    exports.set(name!, value!);
  }
  const url = exports.get("TEST_DATABASE_URL");
  const dir = exports.get("ROSTER_PG_DIR");
  if (!url || !dir) throw new Error(`${SCRIPT} printed no TEST_DATABASE_URL:\n${printed}`);
  const env = { ROSTER_PG_BIN: exports.get("ROSTER_PG_BIN") };
  return {
    url,
    pause: () => void run(["pause", dir], env),
    resume: () => void run(["resume", dir], env),
    stop: () => void run(["stop", dir], env),
  };
}
