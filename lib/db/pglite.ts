import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { config } from "@/lib/config";

/**
 * Every embedded database Roster opens — the app's, the tests', the migration tools' scratch ones
 * — with the PostgreSQL extensions its migrations create (pg_trgm: the trigram index that serves
 * the Users list's search; PGlite bundles them but loads only those it is given), and a buffer
 * cache of EMBEDDED_SHARED_BUFFERS (lib/config.ts) instead of PostgreSQL's 128 MB, which PGlite
 * touches at start-up: 32 MB saves about 130 MB of the server's memory.
 */
export function openPGlite(
  options: Omit<PGliteOptions, "extensions" | "startParams"> = {},
): Promise<PGlite> {
  return PGlite.create({
    ...options,
    extensions: { pg_trgm },
    startParams: [
      ...PGlite.defaultStartParams,
      "-c",
      `shared_buffers=${config.embeddedSharedBuffers}`,
    ],
  });
}
