import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "./server-node-options.mjs";

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
    expect(serverNodeOptions({})).toEqual(["--max-old-space-size=256", "--max-semi-space-size=8"]);
    expect(serverNodeOptions({ ROSTER_MAX_HEAP_MB: "320" })[0]).toBe("--max-old-space-size=320");
    expect(serverNodeOptions({ DATABASE_URL: "postgresql://db.internal/roster" })).toEqual([
      "--max-old-space-size=256",
      "--max-semi-space-size=16",
      "--heap-growing-percent=100",
    ]);
  });

  it("are what `npm start` runs server.mjs with", () => {
    expect(packageJson.scripts.start).toBe(
      "options=$(node scripts/server-node-options.mjs) && exec node $options server.mjs",
    );
    for (const env of [
      {},
      { ROSTER_MAX_HEAP_MB: "320" },
      { DATABASE_URL: "postgresql://db.internal/roster" },
    ]) {
      expect(printed(env)).toBe(serverNodeOptions(env).join(" "));
    }
  });
});
