import fs from "node:fs";
import { randomBytes } from "node:crypto";
import { openPGlite } from "../db/pglite";
import { Client } from "pg";
import { afterAll, beforeAll, beforeEach, inject } from "vitest";
import { prismaForPGlite, prismaForPostgres, setDbForTests, type Db } from "../db/client";
import { applyMigrations, pgExecutor } from "../db/migrate";
import { forgetCatalogs } from "../request/catalog";
import { resetTestSession } from "./actors";

export interface TestDatabase {
  db: Db;
  kind: "pglite" | "postgres";
  /** The PostgreSQL database's URL (another client opens it as a second instance would); null on PGlite. */
  url: string | null;
  /** Empties every table (keeps the schema). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Every table but the migration history, read from the database itself. */
async function truncateAll(db: Db) {
  const tables = await db.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  await db.$executeRawUnsafe(
    `TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`,
  );
  // Catalog versions start again from 1: what the process remembers at the old ones goes.
  forgetCatalogs();
}

/**
 * A migrated, empty database for one test file, installed as the app's database: an in-process
 * PGlite copy by default, or a fresh database on the PostgreSQL server in TEST_DATABASE_URL when
 * ROSTER_TEST_DB=postgres.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (process.env.ROSTER_TEST_DB === "postgres") {
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (!serverUrl) throw new Error("ROSTER_TEST_DB=postgres needs TEST_DATABASE_URL");
    const name = `roster_test_${randomBytes(6).toString("hex")}`;
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const migrator = new Client({ connectionString: url.toString() });
    await migrator.connect();
    await applyMigrations(pgExecutor(migrator));
    await migrator.end();
    const db = prismaForPostgres(url.toString());
    setDbForTests(db);
    return {
      db,
      kind: "postgres",
      url: url.toString(),
      reset: () => truncateAll(db),
      async close() {
        setDbForTests(undefined);
        await db.$disconnect();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const snapshot = fs.readFileSync(inject("pgliteSnapshot"));
  const pglite = await openPGlite({ loadDataDir: new Blob([snapshot]) });
  const db = prismaForPGlite(pglite);
  setDbForTests(db);
  return {
    db,
    kind: "pglite",
    url: null,
    reset: () => truncateAll(db),
    async close() {
      setDbForTests(undefined);
      await db.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * The usual set-up for an integration test file: one database for the file, emptied (and the
 * test session signed out) before each test. `t.db` is valid inside tests and hooks.
 */
export function setUpTestDatabase(): Pick<TestDatabase, "db" | "kind" | "reset"> {
  let current: TestDatabase | undefined;
  const get = () => {
    if (!current) throw new Error("The test database is only available inside tests and hooks.");
    return current;
  };
  beforeAll(async () => {
    current = await createTestDatabase();
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(async () => {
    await get().reset();
    resetTestSession();
  });
  return {
    get db() {
      return get().db;
    },
    get kind() {
      return get().kind;
    },
    reset: () => get().reset(),
  };
}
