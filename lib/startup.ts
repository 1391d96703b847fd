import { authSecret } from "@/lib/auth/secret";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";

/** Refuses to start a server that could not work, with a message saying why. */
export async function checkStartup(): Promise<void> {
  try {
    // A production server without AUTH_SECRET must not start at all.
    authSecret();
    // The embedded database is opened (locked, migrated) now, so a second process sharing the
    // data folder fails at start with a clear message instead of on its first request.
    if (!config.databaseUrl) await getDb();
  } catch (error) {
    console.error(
      `\n[roster] cannot start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
