import { PGlite, type PGliteOptions } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

/**
 * Every embedded database Roster opens — the app's, the tests', the migration tools' scratch ones
 * — with the PostgreSQL extensions its migrations create (pg_trgm: the trigram index that serves
 * the Users list's search). PGlite bundles them but loads only those it is given.
 */
export function openPGlite(options: Omit<PGliteOptions, "extensions"> = {}): Promise<PGlite> {
  return PGlite.create({ ...options, extensions: { pg_trgm } });
}
