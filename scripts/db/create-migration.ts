// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with
// the SQL that takes the database from the current migrations to prisma/schema.prisma.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { LOCKFILE_CONTENT, planMigration, SchemaEngineError } from "./schema-engine";

async function main(): Promise<number> {
  const name = (process.argv[2] ?? "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!name) {
    console.error("Usage: npm run db:migration -- <name>   (e.g. add_user_locale)");
    return 1;
  }
  const schemaPath = path.join(process.cwd(), "prisma", "schema.prisma");
  const migrationsDir = path.join(process.cwd(), "prisma", "migrations");
  const plan = await planMigration({
    schema: { path: schemaPath, content: await readFile(schemaPath, "utf8") },
    migrationsDir,
    migrationName: name,
  });
  if (plan.action.tag === "reset") {
    console.error(`The migration history cannot be replayed: ${plan.action.reason}`);
    return 1;
  }
  const script = plan.migration.migrationScript;
  if (!script?.trim()) {
    console.log("No schema changes: the migrations already match prisma/schema.prisma.");
    return 0;
  }

  const dir = path.join(migrationsDir, plan.migration.generatedMigrationName);
  const file = path.join(dir, `migration.${plan.migration.extension}`);
  await mkdir(dir, { recursive: true });
  await writeFile(file, script);
  await writeFile(path.join(migrationsDir, "migration_lock.toml"), LOCKFILE_CONTENT);
  console.log(
    `Wrote ${path.relative(process.cwd(), file)} (${plan.dataLoss.migrationSteps} steps)`,
  );

  // Prisma's `migrate dev` would ask before applying these; here they are for the reviewer.
  const { warnings, unexecutableSteps } = plan.dataLoss;
  for (const { message } of warnings) console.warn(`Warning: ${message}`);
  for (const { message } of unexecutableSteps)
    console.warn(`Cannot run on existing data: ${message}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const step = error instanceof SchemaEngineError ? ` (schema engine, ${error.step})` : "";
    console.error(
      `Could not create the migration${step}:`,
      error instanceof Error ? error.message : error,
    );
    process.exit(1);
  },
);
