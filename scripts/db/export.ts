// `npm run db:export -- FILE`: writes a dump of the embedded database (DATA_DIR) to FILE, to load
// into a PostgreSQL server with `npm run db:import` (docs/operations.md, "Moving off the embedded
// database"). Refused while a server has the database open.
import path from "node:path";
import { config } from "../../lib/config";
import { exportEmbeddedDatabase } from "../../lib/db/embedded-tools";
import { runScript } from "./run";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: npm run db:export -- FILE   (e.g. roster-dump.jsonl.gz)");
    return 2;
  }
  if (config.databaseUrl) {
    console.error(
      "DATABASE_URL is set: db:export reads the embedded database (DATA_DIR). Unset DATABASE_URL " +
        "to export it; a PostgreSQL server is backed up with pg_dump.",
    );
    return 1;
  }
  const target = path.resolve(file);
  const started = performance.now();
  const summary = await exportEmbeddedDatabase(config.dataDir, target);
  for (const t of summary.tables) console.log(`  ${t.table.padEnd(22)} ${t.rows} row(s)`);
  console.log(
    `Exported ${summary.rows} row(s) of ${summary.tables.length} tables from ${config.dataDir} ` +
      `to ${target} in ${Math.round(performance.now() - started)} ms. The file holds password ` +
      `hashes: keep it private.`,
  );
  return 0;
}

runScript(main);
