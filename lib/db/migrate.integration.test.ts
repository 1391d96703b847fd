import { createHash, randomUUID } from "node:crypto";
import { appendFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { openPGlite } from "@/lib/db/pglite";
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  migrationStatus,
  pgExecutor,
  pgliteExecutor,
  type SqlExecutor,
} from "./migrate";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const MODEL_TABLES = [
  "AuditEvent",
  "CustomRole",
  "EmailChangeToken",
  "EmailMessage",
  "Invitation",
  "InvitationWorkspace",
  "JoinRequest",
  "Membership",
  "MembershipCount",
  "Organization",
  "PasswordResetToken",
  "RateLimitBucket",
  "RemovedMember",
  "Session",
  "SignInChallenge",
  "SsoConnection",
  "SsoDomain",
  "SsoIdentity",
  "SsoLogin",
  "User",
  "Workspace",
  "WorkspaceMembership",
  "WorkspaceRoleCount",
];

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function withPGlite<T>(fn: (db: SqlExecutor, pglite: PGlite) => Promise<T>): Promise<T> {
  const pglite = await openPGlite();
  try {
    return await fn(pgliteExecutor(pglite), pglite);
  } finally {
    await pglite.close();
  }
}

/** A copy of prisma/migrations that a test may edit. */
async function withMigrationsCopy<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "roster-migrations-"));
  try {
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Checks the schema a full migration run produced, in whatever schema `db` resolves names in. */
async function expectFullSchema(db: SqlExecutor): Promise<void> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
     WHERE table_schema = current_schema() ORDER BY 1`,
  );
  expect(tables.map((t) => t.name).sort()).toEqual([...MODEL_TABLES, "_prisma_migrations"].sort());

  // The same-organization guarantees are composite foreign keys on [id, organizationId].
  const { rows: compositeKeys } = await db.query<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint
     WHERE contype = 'f' AND cardinality(conkey) = 2 
       AND connamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     ORDER BY 1`,
  );
  expect(compositeKeys.map((k) => k.name)).toEqual([
    "InvitationWorkspace_customRoleId_organizationId_fkey",
    "InvitationWorkspace_invitationId_organizationId_fkey",
    "InvitationWorkspace_workspaceId_organizationId_fkey",
    "JoinRequest_membershipId_organizationId_fkey",
    "JoinRequest_workspaceId_organizationId_fkey",
    "SsoDomain_connectionId_organizationId_fkey",
    "WorkspaceMembership_customRoleId_organizationId_fkey",
    "WorkspaceMembership_membershipId_organizationId_fkey",
    "WorkspaceMembership_workspaceId_organizationId_fkey",
  ]);

  const { rows: recorded } = await db.query<{
    migration_name: string;
    checksum: string;
    applied_steps_count: number;
  }>(
    `SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
  );
  const names = await migrationNames();
  const checksums = await Promise.all(
    names.map(async (name) =>
      createHash("sha256")
        .update(await readFile(path.join(MIGRATIONS_DIR, name, "migration.sql")))
        .digest("hex"),
    ),
  );
  expect(recorded).toEqual(
    names.map((name, i) => ({
      migration_name: name,
      checksum: checksums[i],
      applied_steps_count: 1,
    })),
  );
}

describe("migrationStatus (what /api/ready reports)", () => {
  it("all pending on a new database, none once applied; a new folder's migration is pending", async () => {
    await withMigrationsCopy((dir) =>
      withPGlite(async (db) => {
        const names = await migrationNames();
        const none = { pending: [], unknown: [], failed: [] };
        expect(await migrationStatus(db, { migrationsDir: dir })).toEqual({
          ...none,
          pending: names,
        });
        await applyMigrations(db, { migrationsDir: dir });
        expect(await migrationStatus(db, { migrationsDir: dir })).toEqual(none);

        // A newer version of the app, started before `npm run db:migrate`.
        await mkdir(path.join(dir, "29991231000000_next"));
        await writeFile(path.join(dir, "29991231000000_next", "migration.sql"), "SELECT 1;");
        expect(await migrationStatus(db, { migrationsDir: dir })).toEqual({
          ...none,
          pending: ["29991231000000_next"],
        });
      }),
    );
  }, 60_000);

  it("names a migration the folder lacks, and one that never finished", async () => {
    await withPGlite(async (db) => {
      await applyMigrations(db);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, 'x', '29991231000000_from_the_future', now(), 1),
                ($2, 'x', '29991231000001_half_done', NULL, 0)`,
        [randomUUID(), randomUUID()],
      );
      expect(await migrationStatus(db)).toEqual({
        pending: [],
        unknown: ["29991231000000_from_the_future"],
        failed: ["29991231000001_half_done"],
      });
    });
  }, 60_000);
});

describe("applyMigrations on PGlite", () => {
  it("creates every table on a fresh database and applies nothing the second time", async () => {
    await withPGlite(async (db) => {
      const lines: string[] = [];
      const first = await applyMigrations(db, { log: (line) => lines.push(line) });
      expect(first.applied).toEqual(await migrationNames());
      expect(lines).toHaveLength(first.applied.length);
      await expectFullSchema(db);

      expect(await applyMigrations(db)).toEqual({ applied: [] });
    });
  }, 60_000);

  it("refuses a migration whose file changed after it was applied", async () => {
    await withMigrationsCopy((dir) =>
      withPGlite(async (db) => {
        await applyMigrations(db, { migrationsDir: dir });
        const file = path.join(dir, (await migrationNames())[0]!, "migration.sql");
        // A checkout that turned LF into CRLF is not an edit (Prisma agrees).
        await writeFile(file, (await readFile(file, "utf8")).replaceAll("\n", "\r\n"));
        expect(await applyMigrations(db, { migrationsDir: dir })).toEqual({ applied: [] });

        await appendFile(file, "\n-- edited\n");
        await expect(applyMigrations(db, { migrationsDir: dir })).rejects.toThrow(
          /checksum differs/,
        );
      }),
    );
  }, 60_000);

  it("refuses a database that has a migration the folder lacks", async () => {
    await withPGlite(async (db) => {
      await applyMigrations(db);
      await db.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count)
         VALUES ($1, 'x', '29991231000000_from_the_future', now(), 1)`,
        [randomUUID()],
      );
      await expect(applyMigrations(db)).rejects.toThrow(/29991231000000_from_the_future/);
    });
  }, 60_000);

  it("rolls back a failing migration entirely and records nothing", async () => {
    await withMigrationsCopy((dir) =>
      withPGlite(async (db) => {
        const name = "29990101000000_broken";
        await mkdir(path.join(dir, name));
        await writeFile(
          path.join(dir, name, "migration.sql"),
          `CREATE TABLE "Partial" (id INT);\nALTER TABLE "NoSuchTable" ADD COLUMN x INT;\n`,
        );
        await expect(applyMigrations(db, { migrationsDir: dir })).rejects.toThrow(
          /29990101000000_broken failed and was rolled back/,
        );
        const { rows } = await db.query<{ partial: string | null; recorded: number }>(
          `SELECT to_regclass('"Partial"')::text AS partial,
                  (SELECT count(*)::int FROM "_prisma_migrations" WHERE migration_name = $1) AS recorded`,
          [name],
        );
        expect(rows).toEqual([{ partial: null, recorded: 0 }]);
      }),
    );
  }, 60_000);

  it("runs a script that commits by itself (as Prisma writes for enum changes) outside its own transaction", async () => {
    await withMigrationsCopy((dir) =>
      withPGlite(async (db) => {
        const addMigration = async (name: string, sql: string) => {
          await mkdir(path.join(dir, name));
          await writeFile(path.join(dir, name, "migration.sql"), sql);
        };
        await addMigration(
          "29990101000000_enum",
          `BEGIN;\nCREATE TYPE "Mood" AS ENUM ('calm');\nCOMMIT;\n\nALTER TABLE "User" ADD COLUMN "mood" "Mood";\n`,
        );
        expect((await applyMigrations(db, { migrationsDir: dir })).applied).toContain(
          "29990101000000_enum",
        );

        await addMigration(
          "29990102000000_half",
          `BEGIN;\nCREATE TABLE "Half" (id INT);\nCOMMIT;\nALTER TABLE "NoSuchTable" ADD COLUMN x INT;\n`,
        );
        await expect(applyMigrations(db, { migrationsDir: dir })).rejects.toThrow(
          /commits by itself/,
        );
        const { rows } = await db.query<{
          half: string | null;
          finished: boolean;
          logs: string | null;
        }>(
          `SELECT to_regclass('"Half"')::text AS half, finished_at IS NOT NULL AS finished, logs
           FROM "_prisma_migrations" WHERE migration_name = '29990102000000_half'`,
        );
        expect(rows).toEqual([
          { half: '"Half"', finished: false, logs: expect.stringMatching(/NoSuchTable/) },
        ]);
        // Like Prisma, a failed migration blocks every later run until someone resolves it.
        await expect(applyMigrations(db, { migrationsDir: dir })).rejects.toThrow(/failed earlier/);
      }),
    );
  }, 60_000);
});

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("applyMigrations on a PostgreSQL server (TEST_DATABASE_URL)", () => {
  /** Runs `fn` with clients whose search_path is a fresh schema, dropped afterwards. */
  async function withFreshSchema(clients: number, fn: (dbs: SqlExecutor[]) => Promise<void>) {
    const schema = `migrate_test_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    const opened: pg.Client[] = [];
    try {
      await admin.query(`CREATE SCHEMA "${schema}"`);
      for (let i = 0; i < clients; i++) {
        const client = new pg.Client({
          connectionString: serverUrl,
          options: `-c search_path=${schema}`,
        });
        await client.connect();
        opened.push(client);
      }
      await fn(opened.map(pgExecutor));
    } finally {
      await Promise.allSettled(opened.map((client) => client.end()));
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }

  it("creates every table and applies nothing the second time", async () => {
    await withFreshSchema(1, async ([db]) => {
      expect((await applyMigrations(db!)).applied).toEqual(await migrationNames());
      await expectFullSchema(db!);
      expect(await applyMigrations(db!)).toEqual({ applied: [] });
    });
  }, 60_000);

  it("lets instances that start together take turns (advisory lock)", async () => {
    await withFreshSchema(3, async (dbs) => {
      const results = await Promise.all(dbs.map((db) => applyMigrations(db)));
      expect(results.flatMap((r) => r.applied).sort()).toEqual(await migrationNames());
      await expectFullSchema(dbs[0]!);
    });
  }, 60_000);
});
