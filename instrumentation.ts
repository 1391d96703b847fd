// Runs once when the server starts (next start / next dev), before it serves any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { checkStartup } = await import("./lib/startup");
  await checkStartup();
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Delivers the email outbox's retries and orphaned rows (lib/email/worker.ts).
  const { startProcessEmailWorker } = await import("./lib/email/worker");
  startProcessEmailWorker();
}
