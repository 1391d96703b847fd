import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openPGlite } from "@/lib/db/pglite";
import { describe, expect, it } from "vitest";
import { applyMigrations, pgliteExecutor } from "../../lib/db/migrate";
import { checkDrift } from "./check-drift";
import { readMigrations, withSchemaEngine } from "./schema-engine";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

async function withMigrationsCopy<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "roster-migrations-"));
  try {
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("checkDrift", () => {
  it("reports no drift for the real schema and migrations", async () => {
    const schemaText = await readFile(SCHEMA_PATH, "utf8");
    expect(await checkDrift({ schemaText, migrationsDir: MIGRATIONS_DIR })).toEqual({
      problems: [],
      sql: null,
    });
  }, 60_000);

  it("detects a field that no migration contains, and shows the SQL", async () => {
    const schemaText = (await readFile(SCHEMA_PATH, "utf8")).replace(
      /^model User \{$/m,
      `model User {\n  driftProbe String?`,
    );
    expect(schemaText).toContain("driftProbe");
    const report = await checkDrift({ schemaText, migrationsDir: MIGRATIONS_DIR });
    expect(report.problems).toEqual(["schema.prisma has changes that no migration contains."]);
    expect(report.sql).toMatch(/ALTER TABLE "User" ADD COLUMN\s+"driftProbe" TEXT;/);
  }, 60_000);

  it("reports a migration history that cannot be applied", async () => {
    const schemaText = await readFile(SCHEMA_PATH, "utf8");
    await withMigrationsCopy(async (dir) => {
      await mkdir(path.join(dir, "29990101000000_broken"));
      await writeFile(
        path.join(dir, "29990101000000_broken", "migration.sql"),
        `DROP TABLE "NoSuchTable";\n`,
      );
      const report = await checkDrift({ schemaText, migrationsDir: dir });
      expect(report.problems).toHaveLength(1);
      expect(report.problems[0]).toMatch(/migration history is broken/);
    });
  }, 60_000);

  it("lets Prisma's engine read what the runtime runner recorded as its own history", async () => {
    const pglite = await openPGlite();
    try {
      await applyMigrations(pgliteExecutor(pglite));
      const migrationsList = await readMigrations(MIGRATIONS_DIR);
      const schema = { path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, "utf8") };
      const diagnosis = await withSchemaEngine(
        schema,
        async ({ engine, filters }) => ({
          history: await engine.diagnoseMigrationHistory({
            migrationsList,
            optInToShadowDatabase: false,
            filters,
          }),
          applied: await engine.applyMigrations({ migrationsList, filters }),
        }),
        { database: pglite },
      );
      expect(diagnosis.history).toMatchObject({
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
        history: null,
      });
      expect(diagnosis.applied.appliedMigrationNames).toEqual([]);
    } finally {
      await pglite.close();
    }
  }, 60_000);
});
