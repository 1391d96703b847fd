// `DATABASE_URL=… npm run db:import -- FILE`: loads a dump made by `npm run db:export` into the
// empty PostgreSQL database at DATABASE_URL, applying this version's migrations first
// (docs/operations.md, "Moving off the embedded database"). Refuses a database that holds rows.
import path from "node:path";
import pg from "pg";
import { importDump } from "../../lib/db/dump";
import { pgExecutor } from "../../lib/db/migrate";
import { runScript } from "./run";

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error("Usage: DATABASE_URL=postgres://… npm run db:import -- FILE");
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(
      "DATABASE_URL is not set: db:import loads a dump into a PostgreSQL server. Create an empty " +
        "database and set DATABASE_URL to it.",
    );
    return 1;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const summary = await importDump(pgExecutor(client), path.resolve(file), {
      log: (line) => console.log(`  ${line}`),
    });
    console.log(
      `Imported ${summary.rows} row(s) of ${summary.tables.length} tables in ` +
        `${Math.round(performance.now() - started)} ms. Start Roster with this DATABASE_URL and ` +
        `the AUTH_SECRET the embedded database was used with.`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

runScript(main);
