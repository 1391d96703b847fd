// The Node.js options of the production server. `npm start` (package.json) runs this file to print
// them for the shell, after reading the .env files as server.mjs does; the e2e servers
// (e2e/support/serve.mjs) and the HTTP bench (scripts/bench/http-server.ts) start server.mjs with
// serverNodeOptions(the environment they give it). The README's performance section says why
// each option is there.
import { fileURLToPath, pathToFileURL } from "node:url";
import nextEnv from "@next/env";

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
 */
export function serverNodeOptions(env = process.env) {
  const heap = `--max-old-space-size=${env.ROSTER_MAX_HEAP_MB || 256}`;
  return env.DATABASE_URL
    ? [heap, "--max-semi-space-size=16", "--heap-growing-percent=100"]
    : [heap, "--max-semi-space-size=8"];
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
