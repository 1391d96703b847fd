import { authSecret } from "@/lib/auth/secret";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { configuredTransport } from "@/lib/email/transport-choice";
import { closeLog, log } from "@/lib/log";

/** Refuses to start a server that could not work, with a message saying why. */
export async function checkStartup(): Promise<void> {
  try {
    // A production server without AUTH_SECRET must not start at all.
    authSecret();
    // Nor one that would write live invitation and reset links to its log (no RESEND_API_KEY
    // and no explicit EMAIL_TRANSPORT=log), or whose email or proxy settings make no sense.
    configuredTransport();
    void config.trustedProxies;
    void config.logLevel;
    void config.embeddedSharedBuffers;
    // The embedded database is opened (locked, migrated) now, so a second process sharing the
    // data folder fails at start with a clear message instead of on its first request.
    if (!config.databaseUrl) await getDb();
  } catch (error) {
    log.fatal(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
    await closeLog();
    process.exit(1);
  }
}
