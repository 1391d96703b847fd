// `npm run db:migrate`: applies pending migrations to the PostgreSQL server at DATABASE_URL.
// The embedded database (no DATABASE_URL) migrates itself when the app starts.
import pg from "pg";
import { applyMigrations, pgExecutor } from "../../lib/db/migrate";
import { runScript } from "./run";

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.log(
      "DATABASE_URL is not set: nothing to do. The embedded database applies its migrations " +
        "itself when the app starts. Set DATABASE_URL to migrate a PostgreSQL server.",
    );
    return 0;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const { applied } = await applyMigrations(pgExecutor(client), {
      log: (line) => console.log(line),
    });
    const ms = Math.round(performance.now() - started);
    console.log(
      applied.length === 0
        ? "The database is up to date: no migrations to apply."
        : `Applied ${applied.length} migration(s) in ${ms} ms.`,
    );
    return 0;
  } finally {
    await client.end();
  }
}

runScript(main);
