// `npm run db:drift`: fails when prisma/schema.prisma and prisma/migrations disagree, or when the
// migration history itself cannot be applied. Replays the history with Prisma's schema engine on a
// scratch in-memory database and asks for the next migration: there must be none.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { planMigration, readMigrations, SchemaEngineError } from "./schema-engine";

export interface DriftReport {
  /** Empty when there is no drift. */
  problems: string[];
  /** The SQL a new migration would contain, when the schema is ahead of the migrations. */
  sql: string | null;
}

export async function checkDrift(options: {
  schemaText: string;
  migrationsDir: string;
  /** Shown in the engine's messages only. */
  schemaPath?: string;
}): Promise<DriftReport> {
  const { migrationDirectories, lockfile } = await readMigrations(options.migrationsDir);
  const problems = migrationDirectories.flatMap(({ path: name, migrationFile }) =>
    migrationFile.content.tag === "error" ? [`${name}: ${migrationFile.content.value}`] : [],
  );
  if (
    migrationDirectories.length > 0 &&
    !/^provider\s*=\s*"postgresql"\s*$/m.test(lockfile.content ?? "")
  ) {
    problems.push(`migration_lock.toml is missing or does not say provider = "postgresql"`);
  }
  if (problems.length > 0) return { problems, sql: null };

  try {
    const plan = await planMigration({
      schema: { path: options.schemaPath ?? "schema.prisma", content: options.schemaText },
      migrationsDir: options.migrationsDir,
      migrationName: "drift",
    });
    if (plan.action.tag === "reset") {
      problems.push(`The migration history cannot be replayed: ${plan.action.reason}`);
    }
    const sql = plan.migration.migrationScript?.trim() ? plan.migration.migrationScript : null;
    if (sql) problems.push("schema.prisma has changes that no migration contains.");
    return { problems, sql };
  } catch (error) {
    if (!(error instanceof SchemaEngineError)) throw error;
    const problem = ["applyMigrations", "devDiagnostic"].includes(error.step)
      ? `The migration history is broken (replaying it on an empty database failed): ${error.message}`
      : `Prisma's schema engine failed (${error.step}): ${error.message}`;
    return { problems: [problem], sql: null };
  }
}

async function main(): Promise<number> {
  const schemaPath = path.join(process.cwd(), "prisma", "schema.prisma");
  const { problems, sql } = await checkDrift({
    schemaText: await readFile(schemaPath, "utf8"),
    migrationsDir: path.join(process.cwd(), "prisma", "migrations"),
    schemaPath,
  });
  if (problems.length === 0) {
    console.log("No drift: prisma/schema.prisma matches prisma/migrations.");
    return 0;
  }
  console.error(
    `Drift between prisma/schema.prisma and prisma/migrations:\n- ${problems.join("\n- ")}`,
  );
  if (sql) {
    console.error(`\nA new migration would contain:\n\n${sql}`);
    console.error("Create it with: npm run db:migration -- <name>");
  }
  return 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
