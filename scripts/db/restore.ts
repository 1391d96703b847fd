// `npm run db:restore -- FILE`: puts a backup made by `npm run db:backup` in place as the embedded
// database of DATA_DIR, which must hold none (a restore never overwrites a database) and must not
// be in use (docs/operations.md, "Backups and restore").
import path from "node:path";
import { config } from "../../lib/config";
import { restoreEmbeddedDatabase } from "../../lib/db/embedded-tools";
import { runScript } from "./run";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: DATA_DIR=… npm run db:restore -- FILE");
    return 2;
  }
  if (config.databaseUrl) {
    console.error(
      "DATABASE_URL is set: db:restore restores the embedded database (DATA_DIR). Unset " +
        "DATABASE_URL; a PostgreSQL server is restored with pg_restore.",
    );
    return 1;
  }
  const result = await restoreEmbeddedDatabase(path.resolve(file), config.dataDir);
  console.log(
    `Restored ${file} into ${result.pgdata} (${result.migrations} migration(s) applied in it` +
      (result.pendingMigrations > 0
        ? `; the server applies this version's ${result.pendingMigrations} newer one(s) when it starts).`
        : ").") +
      " Start the server with the AUTH_SECRET it had when the backup was taken.",
  );
  return 0;
}

runScript(main);
