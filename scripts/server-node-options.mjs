// The Node.js options of the production server. `npm start` (package.json) runs this file to print
// them for the shell, after reading the .env files as server.mjs does; the e2e servers
// (e2e/support/serve.mjs) and the HTTP bench (scripts/bench/http-server.ts) start server.mjs with
// serverNodeOptions(the environment they give it). The README's performance section says why
// each option is there.
import { execFileSync } from "node:child_process";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import nextEnv from "@next/env";

/** How many worker threads Node.js gives V8 when `--v8-pool-size` is not given. */
const NODE_V8_POOL_SIZE = 4;

/**
 * The options for `env`: its ROSTER_MAX_HEAP_MB (MB of JavaScript heap, default 256), and
 * whether the database is a PostgreSQL server (DATABASE_URL) or the embedded one.
 *
 * The garbage collector's share of the work under load depends on two sizes. The young
 * generation (`--max-semi-space-size`, MB): a page's short-lived objects that outlive it move to
 * the old generation, which costs more to collect. How far the old generation grows past what
 * the last full collection kept before the next (`--heap-growing-percent`): with a 256 MB limit
 * Node.js lets it grow by only 30%, and collects it every few hundred milliseconds under load.
 * With a PostgreSQL server, both are roomier: a 16 MB young generation, 100% of growth. With the
 * embedded database, whose memory is in the same process, both stay tight.
 *
 * `--interrupt-budget` (V8's, default ~66 KB of bytecode in Node.js 20): how much a function runs
 * before V8 considers compiling it with its optimizing compiler. Most of a page's work is in
 * framework functions that each run a little per request; at an eighth of the default they are
 * optimized sooner and the JavaScript thread did ~5% less work per response under load (a few
 * MB more RSS). Given only when this Node.js's V8 has the option (`knows`), as Node.js refuses
 * to start with one it doesn't know.
 *
 * `--v8-pool-size`: V8's worker threads (the garbage collector's parallel and concurrent work,
 * background compilation). Node.js starts 4 whatever the machine; on a machine with fewer
 * `cores` they take turns with the JavaScript thread, which then waits more for a core. One per
 * core: on 2 cores, under the /users load, the JavaScript thread waited ~20% less for a core and
 * the server answered ~2.5% more requests per second. From 4 cores on, Node.js's default stands.
 */
export function serverNodeOptions(
  env = process.env,
  knows = v8Knows,
  cores = os.availableParallelism(),
) {
  const heap = `--max-old-space-size=${env.ROSTER_MAX_HEAP_MB || 256}`;
  const gc = env.DATABASE_URL
    ? ["--max-semi-space-size=16", "--heap-growing-percent=100"]
    : ["--max-semi-space-size=8"];
  const tiering = knows("--interrupt-budget") ? ["--interrupt-budget=8192"] : [];
  const workers = cores < NODE_V8_POOL_SIZE ? [`--v8-pool-size=${Math.max(1, cores)}`] : [];
  return [heap, ...gc, ...tiering, ...workers];
}

let v8Options;
/** Whether this Node.js's V8 has the option `flag` (from `node --v8-options`, read once). */
export function v8Knows(flag) {
  v8Options ??= execFileSync(process.execPath, ["--v8-options"], { encoding: "utf8" });
  return v8Options.includes(`\n  ${flag} (`);
}

/**
 * Environment variables the server starts with. MALLOC_ARENA_MAX (glibc's malloc; ignored
 * elsewhere): by default each thread that allocates may get a memory arena of its own, and the
 * server's threads (the JavaScript thread, the garbage collector's, libuv's) kept ~40 MB more
 * RSS under load than with 2 arenas, at the same speed. A value already set is kept.
 */
export function serverEnvironment(env = process.env) {
  return { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || "2" };
}

// `node scripts/server-node-options.mjs`: for this environment and the .env files, the start of
// the command that runs the server, for `env` (package.json's start script):
// `MALLOC_ARENA_MAX=2 node --max-old-space-size=256 …`.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  // As server.mjs reads them: the environment wins over the files; nothing printed.
  nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
  const variables = Object.entries(serverEnvironment()).map(([name, value]) => `${name}=${value}`);
  process.stdout.write(`${[...variables, "node", ...serverNodeOptions()].join(" ")}\n`);
}
