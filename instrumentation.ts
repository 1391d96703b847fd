// Runs once when the server starts (npm start's server.mjs, or next dev), before it serves any
// request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartup } = await import("./lib/startup");
  await checkStartup();
  // The logger, each request's context and line, and the shutdown hooks, for server.mjs (which
  // listens only once it has them).
  const { exposeToServer } = await import("./lib/production-server");
  exposeToServer();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Delivers the email outbox's retries and orphaned rows (lib/email/worker.ts); stops with the
  // server, after its current batch.
  const { startProcessEmailWorker } = await import("./lib/email/worker");
  startProcessEmailWorker();
}
