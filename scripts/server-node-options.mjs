// The Node.js options of the production server, as `npm start` gives them (package.json's "start"
// script writes them out for the shell; scripts/server-node-options.test.ts keeps the two in step).
// The e2e servers (e2e/support/serve.mjs) and the HTTP bench (scripts/bench/http-server.ts) start
// server.mjs with these. The README's performance section says why each is there.

/** The options for `env`: its ROSTER_MAX_HEAP_MB (MB of JavaScript heap, default 256). */
export function serverNodeOptions(env = process.env) {
  return [`--max-old-space-size=${env.ROSTER_MAX_HEAP_MB || 256}`, "--max-semi-space-size=8"];
}
