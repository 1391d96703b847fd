// The production server, `npm start`: Next.js (the build in .next) behind Node.js's HTTP server.
//   node server.mjs [--hostname HOST] [--port PORT]      (PORT, default 3000)
// It adds what `next start` lacks, with the app's help (lib/production-server.ts, exposed when the
// app starts): a request id and one JSON log line per request, and a graceful shutdown on SIGTERM
// or SIGINT: stop accepting, let the requests under way finish (SHUTDOWN_TIMEOUT_MS, default
// 10 s, then close the rest), run the app's shutdown hooks and close the database, exit 0.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import { format, parseArgs, stripVTControlCharacters } from "node:util";
import nextEnv from "@next/env";

// The .env files, as `next start` loads them (the environment wins over them), first: LOG_LEVEL
// in one holds from the first line on.
nextEnv.loadEnvConfig(import.meta.dirname, false, { info: () => {}, error: console.error });

// Until the app's logger takes over (hooks.captureConsole below), what is printed (Next.js's line
// about its config, a refusal to start) still goes out as JSON lines, shaped as the logger's
// (lib/log.ts) and at LOG_LEVEL: an unknown level counts as info here, as there (the app then
// refuses to start, saying why).
const SEVERITY = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: 100 };
const requestedLevel = process.env.LOG_LEVEL?.trim().toLowerCase() || "info";
const least = Object.hasOwn(SEVERITY, requestedLevel) ? SEVERITY[requestedLevel] : SEVERITY.info;
for (const [method, level] of [
  ["log", "info"],
  ["info", "info"],
  ["warn", "warn"],
  ["error", "error"],
]) {
  console[method] = (...args) => {
    if (SEVERITY[level] < least) return;
    const line = {
      level,
      time: new Date().toISOString(),
      pid: process.pid,
      hostname: os.hostname(),
      msg: stripVTControlCharacters(format(...args)),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
}

const { values: args } = parseArgs({
  options: {
    hostname: { type: "string", short: "H" },
    port: { type: "string", short: "p" },
  },
});
const port = Number(args.port ?? process.env.PORT ?? 3000);
const hostname = args.hostname;
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS || 10_000);
for (const [name, value, max] of [
  ["port", port, 65_535],
  ["SHUTDOWN_TIMEOUT_MS", shutdownTimeoutMs, 600_000],
]) {
  if (!(Number.isInteger(value) && value >= 0 && value <= max)) {
    console.error(`cannot start: ${name} must be a whole number from 0 to ${max}`);
    process.exit(1);
  }
}

// Node.js's own warnings (deprecations and the like) as log lines too, rather than raw stderr.
process.removeAllListeners("warning");
process.on("warning", (warning) => console.warn(`${warning.name}: ${warning.message}`));

// As `next start` does: production unless NODE_ENV says otherwise (then Next.js warns); and the
// port in PORT, where the app reads it (the embedded database's lock records it for db:backup).
process.env.NODE_ENV ||= "production";
process.env.PORT = String(port);

let hooks;
let stopping = false;
const server = http.createServer((req, res) => {
  if (stopping) res.setHeader("Connection", "close");
  void hooks.serveRequest(req, res, handle);
});
// An idle keep-alive connection stays open 65 s (Node.js's default: 5 s). A client (a load
// balancer, whose idle timeout is commonly 60 s, or a browser) may send its next request on a
// connection at the very moment the server closes it, and get a reset instead of an answer; so
// the server waits longer than the client does. The headers' limit must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// The app hands over its hooks when it has started (instrumentation.ts: the settings checked, the
// embedded database opened and migrated; or it exits, saying why).
const exposed = new Promise((resolve) => {
  globalThis[Symbol.for("roster.server")] = { expose: resolve };
});
// The configuration as the build resolved it (.next/required-server-files.json), handed to Next.js
// as its own standalone server does: otherwise Next.js compiles next.config.ts again at start-up,
// loading its native compiler (SWC) for it, which then stays in the server's memory (about 40 MB
// of RSS). Next.js then skips the .env files, loaded above.
const builtConfig = new URL("./.next/required-server-files.json", import.meta.url);
if (fs.existsSync(builtConfig)) {
  const { config } = JSON.parse(fs.readFileSync(builtConfig, "utf8"));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}
const { default: next } = await import("next");
const app = next({ dev: false, dir: import.meta.dirname, hostname, port, httpServer: server });
await app.prepare();
const handle = app.getRequestHandler();
hooks = await exposed;
const { log } = hooks;
hooks.captureConsole();

server.listen(port, hostname, () => {
  const address = server.address();
  log.info(
    { address: typeof address === "string" ? address : `${address.address}:${address.port}` },
    "listening",
  );
});

async function shutDown(signal) {
  if (stopping) return;
  stopping = true;
  log.info({ signal, timeoutMs: shutdownTimeoutMs }, "shutting down");
  const started = performance.now();
  // Stop accepting; connections close as their responses end (idle ones at once). A request whose
  // client has already left holds no connection but may still be running (a server action half
  // way through its transaction): wait for those too before the database closes.
  const closed = new Promise((resolve) => server.close(() => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  let timer;
  const drained = await Promise.race([
    Promise.all([closed, hooks.requestsSettled()]).then(() => true),
    new Promise((resolve) => (timer = setTimeout(() => resolve(false), shutdownTimeoutMs))),
  ]);
  clearTimeout(timer);
  clearInterval(idle);
  if (!drained) {
    log.warn(
      { timeoutMs: shutdownTimeoutMs },
      "requests still under way: closing their connections",
    );
    server.closeAllConnections();
    await closed;
  }
  await app.close();
  await hooks.runShutdownHooks({ timeoutMs: shutdownTimeoutMs });
  log.info({ durationMs: Math.round(performance.now() - started) }, "stopped");
  // The log's last lines written out, in order, before the process ends.
  await hooks.closeLog();
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutDown(signal));
