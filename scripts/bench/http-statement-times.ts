// PostgreSQL's own time for the statements a benchmarked server sends (pg_stat_statements), for
// `npm run bench -- http` (http.ts): what "db own" reports.
import pg from "pg";

/**
 * The planning and execution time PostgreSQL itself spent on this database's statements since the
 * last reset (pg_stat_statements, top-level statements only; its own statements left out): what
 * the statements cost the database, without the wait for the server's event loop that the server's
 * own count of time under way includes.
 */
export interface StatementTimes {
  reset(): Promise<void>;
  /** Milliseconds since the last reset. */
  read(): Promise<number>;
  close(): Promise<void>;
}

const OWN_STATEMENTS = "%pg_stat_statements%";

/** pg_stat_statements on the database at `url`, or null if the server has not loaded it. */
export async function openPgStatStatements(url: string): Promise<StatementTimes | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ libraries: string }>(
      "SELECT current_setting('shared_preload_libraries') AS libraries",
    );
    if (!/\bpg_stat_statements\b/.test(rows[0]?.libraries ?? "")) {
      await client.end();
      return null;
    }
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  } catch (error) {
    await client.end();
    throw error;
  }
  const thisDatabase = "(SELECT oid FROM pg_database WHERE datname = current_database())";
  return {
    reset: async () => {
      await client.query(`SELECT pg_stat_statements_reset(0, ${thisDatabase}, 0)`);
    },
    read: async () => {
      const { rows } = await client.query<{ ms: number | null }>(
        `SELECT sum(total_plan_time + total_exec_time)::float8 AS ms
           FROM pg_stat_statements WHERE dbid = ${thisDatabase} AND query NOT LIKE $1`,
        [OWN_STATEMENTS],
      );
      return rows[0]?.ms ?? 0;
    },
    close: () => client.end(),
  };
}
