// Runs once when the server starts (next start / next dev), before it serves any request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkStartup } = await import("./lib/startup");
    await checkStartup();
  }
}
