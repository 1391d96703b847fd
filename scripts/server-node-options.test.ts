import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverEnvironment, serverNodeOptions, v8Knows } from "./server-node-options.mjs";

const ROOT = path.join(import.meta.dirname, "..");
const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

/** What `node scripts/server-node-options.mjs` prints in `env` (and no other variable). */
function printed(env: Record<string, string | undefined>): string {
  return execFileSync(process.execPath, ["scripts/server-node-options.mjs"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "production", ...env },
    encoding: "utf8",
  }).trim();
}

describe("serverNodeOptions", () => {
  it("keeps the heap tight with the embedded database, roomier with a PostgreSQL server", () => {
    const knowsAll = () => true;
    expect(serverNodeOptions({}, knowsAll, 8)).toEqual([
      "--max-old-space-size=256",
      "--max-semi-space-size=8",
      "--interrupt-budget=8192",
    ]);
    expect(serverNodeOptions({ ROSTER_MAX_HEAP_MB: "320" })[0]).toBe("--max-old-space-size=320");
    expect(
      serverNodeOptions({ DATABASE_URL: "postgresql://db.internal/roster" }, knowsAll, 8),
    ).toEqual([
      "--max-old-space-size=256",
      "--max-semi-space-size=16",
      "--heap-growing-percent=100",
      "--interrupt-budget=8192",
    ]);
  });

  it("leave out a V8 option this Node.js doesn't have, which would stop it from starting", () => {
    expect(serverNodeOptions({}, () => false, 8)).toEqual([
      "--max-old-space-size=256",
      "--max-semi-space-size=8",
    ]);
    expect(v8Knows("--interrupt-budget")).toBe(true); // Node.js 20 (this repository's least) has it
    expect(v8Knows("--max-semi-space-size")).toBe(true);
    expect(v8Knows("--interrupt")).toBe(false); // a whole name, not a prefix
    expect(v8Knows("--no-such-option")).toBe(false);
    // What the options script prints, Node.js runs.
    const options = serverNodeOptions({ DATABASE_URL: "postgresql://db.internal/roster" });
    expect(
      execFileSync(process.execPath, [...options, "-e", "process.stdout.write('ok')"], {
        encoding: "utf8",
      }),
    ).toBe("ok");
  });

  it("give V8 one worker thread per core on a machine with fewer cores than Node.js's 4", () => {
    const pool = (cores: number) =>
      serverNodeOptions({}, () => true, cores).filter((o) => o.startsWith("--v8-pool-size"));
    expect(pool(1)).toEqual(["--v8-pool-size=1"]);
    expect(pool(2)).toEqual(["--v8-pool-size=2"]);
    expect(pool(3)).toEqual(["--v8-pool-size=3"]);
    expect(pool(4)).toEqual([]);
    expect(pool(64)).toEqual([]);
    // This machine's count by default; Node.js starts with the option.
    const env = { DATABASE_URL: "postgresql://db.internal/roster" };
    expect(serverNodeOptions(env)).toEqual(
      serverNodeOptions(env, v8Knows, os.availableParallelism()),
    );
    expect(
      execFileSync(process.execPath, ["--v8-pool-size=1", "-e", "process.stdout.write('ok')"], {
        encoding: "utf8",
      }),
    ).toBe("ok");
  });

  it("start the server with 2 malloc arenas, unless MALLOC_ARENA_MAX says otherwise", () => {
    expect(serverEnvironment({})).toEqual({ MALLOC_ARENA_MAX: "2" });
    expect(serverEnvironment({ MALLOC_ARENA_MAX: "4" })).toEqual({ MALLOC_ARENA_MAX: "4" });
  });

  it("are what `npm start` runs server.mjs with", () => {
    expect(packageJson.scripts.start).toBe(
      "command=$(node scripts/server-node-options.mjs) && exec env $command server.mjs",
    );
    for (const env of [
      {},
      { ROSTER_MAX_HEAP_MB: "320" },
      { DATABASE_URL: "postgresql://db.internal/roster", MALLOC_ARENA_MAX: "1" },
    ]) {
      const { MALLOC_ARENA_MAX } = serverEnvironment(env);
      expect(printed(env)).toBe(
        `MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX} node ${serverNodeOptions(env).join(" ")}`,
      );
    }
  });
});
