// Drives Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm, byte-identical
// to the engine in prisma 7.10.0) against an in-memory PGlite, so migrations can be created and
// checked offline: the Prisma CLI's migrate commands need a native engine it cannot download here.
// This is an internal Prisma API: re-test it on every Prisma bump.
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { messages, PGlite } from "@electric-sql/pglite";
import { openPGlite } from "@/lib/db/pglite";
import {
  bindMigrationAwareSqlAdapterFactory,
  DriverAdapterError,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

// ---- The part of the engine's API this project uses (see schema_engine_bg.d.ts in the package). ----

export interface MigrationDirectory {
  path: string;
  migrationFile: {
    path: string;
    content: { tag: "ok"; value: string } | { tag: "error"; value: string };
  };
}

export interface MigrationList {
  baseDir: string;
  lockfile: { path: string; content: string | null };
  shadowDbInitScript: string;
  migrationDirectories: MigrationDirectory[];
}

interface SchemaFilter {
  externalTables: string[];
  externalEnums: string[];
}

interface SchemasContainer {
  files: { path: string; content: string }[];
}

interface MigrationFeedback {
  message: string;
  stepIndex: number;
}

export type DevAction = { tag: "createMigration" } | { tag: "reset"; reason: string };

export interface EvaluateDataLossOutput {
  migrationSteps: number;
  unexecutableSteps: MigrationFeedback[];
  warnings: MigrationFeedback[];
}

export interface CreateMigrationOutput {
  generatedMigrationName: string;
  migrationScript: string | null;
  extension: string;
}

export interface SchemaEngine {
  applyMigrations(input: {
    migrationsList: MigrationList;
    filters: SchemaFilter;
  }): Promise<{ appliedMigrationNames: string[] }>;
  devDiagnostic(input: {
    migrationsList: MigrationList;
    filters: SchemaFilter;
  }): Promise<{ action: DevAction }>;
  evaluateDataLoss(input: {
    migrationsList: MigrationList;
    schema: SchemasContainer;
    filters: SchemaFilter;
  }): Promise<EvaluateDataLossOutput>;
  createMigration(input: {
    draft: boolean;
    migrationName: string;
    migrationsList: MigrationList;
    schema: SchemasContainer;
    filters: SchemaFilter;
  }): Promise<CreateMigrationOutput>;
  diagnoseMigrationHistory(input: {
    migrationsList: MigrationList;
    optInToShadowDatabase: boolean;
    filters: SchemaFilter;
  }): Promise<{
    editedMigrationNames: string[];
    failedMigrationNames: string[];
    hasMigrationsTable: boolean;
    /** Null when the database's history and the folder agree. */
    history: { diagnostic: string } | null;
  }>;
  free(): void;
}

interface SchemaEngineStatic {
  new: (
    options: { datamodels: [string, string][] },
    log: (line: string) => void,
    adapter: object,
  ) => Promise<SchemaEngine>;
}

interface WasmBindings {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: SchemaEngineStatic;
}

// ---- Loading the wasm module ----

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

let lastPanic: string | undefined;
let bindings: Promise<SchemaEngineStatic> | undefined;

// The engine arms a 10 s timer it never cancels (wasm cannot call clearTimeout), which would keep
// the process alive after the work is done. Its timers are tracked and cleared once no session
// runs; unref() instead could let the process exit while the engine still waits on one.
const pendingTimers = new Set<NodeJS.Timeout>();
let activeSessions = 0;

function trackedSetTimeout(callback: () => void, ms: number): NodeJS.Timeout {
  const timer = setTimeout(() => {
    pendingTimers.delete(timer);
    callback();
  }, ms >>> 0);
  pendingTimers.add(timer);
  return timer;
}

function isWasmBindings(value: unknown): value is WasmBindings {
  return (
    typeof value === "object" &&
    value !== null &&
    "__wbg_set_wasm" in value &&
    typeof value.__wbg_set_wasm === "function" &&
    "SchemaEngine" in value
  );
}

async function instantiate(): Promise<SchemaEngineStatic> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
  const glue: unknown = await import(pathToFileURL(gluePath).href);
  if (!isWasmBindings(glue)) throw new Error(`Unexpected exports in ${gluePath}`);

  // The engine reports panics through this global before trapping.
  const g = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message) => void (lastPanic = message) };

  const imports: WebAssembly.ModuleImports = {};
  for (const [name, value] of Object.entries(glue as object as Record<string, unknown>)) {
    if (typeof value !== "function") continue;
    imports[name] = name.startsWith("__wbg_setTimeout_") ? trackedSetTimeout : value;
  }
  const bytes = await readFile(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": imports });
  glue.__wbg_set_wasm(instance.exports);
  const start = instance.exports.__wbindgen_start;
  if (typeof start !== "function") throw new Error("schema_engine_bg.wasm lacks __wbindgen_start");
  (start as () => void)();
  return glue.SchemaEngine;
}

/** An engine call failed; `step` names the call (`new`, `applyMigrations`, ...). */
export class SchemaEngineError extends Error {
  override name = "SchemaEngineError";
  constructor(
    readonly step: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

function engineError(step: string, error: unknown): SchemaEngineError {
  let message: string;
  if (error instanceof WebAssembly.RuntimeError && lastPanic) message = `panic: ${lastPanic}`;
  else if (typeof error === "object" && error !== null && "message" in error)
    message = String(error.message);
  else message = String(error);
  // Drop the engine's span trace ("   0: sql_schema_connector::...").
  message = message.split(/\n\s*0: /)[0]!.trim();
  return new SchemaEngineError(step, message, { cause: error });
}

// ---- In-memory PGlite behind a migration-aware adapter factory ----

/** Converts PGlite's errors into what the engine can print (SQLSTATE, message, detail). */
function toDriverError(error: unknown): never {
  if (error instanceof messages.DatabaseError) {
    throw new DriverAdapterError({
      kind: "postgres",
      code: error.code ?? "",
      severity: error.severity ?? "ERROR",
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
    });
  }
  throw error;
}

// Empties a database the way a freshly created one looks (a new PGlite takes ~2.5 s to start).
const RESET_SQL = `DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
           WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
END $$;`;

/**
 * pglite-prisma-adapter 0.7.2 does not await `executeScript` (a failing migration becomes an
 * unhandled rejection instead of an engine error), and opens a new PGlite for every shadow
 * database without ever closing it. This factory awaits scripts, hands out one pristine shadow
 * database again and again (emptied when the engine disposes it), and closes everything in `close()`.
 */
class PGliteMigrationFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName = "pglite-prisma-adapter";
  private readonly databases: PGlite[] = [];
  private readonly adapters: SqlDriverAdapter[] = [];

  /** `shadow` must be a fresh database, e.g. `main.clone()` taken before anything ran on `main`. */
  constructor(
    private readonly main: PGlite,
    private idleShadow: PGlite | undefined,
    ownsMain: boolean,
  ) {
    if (ownsMain) this.databases.push(main);
    if (idleShadow) this.databases.push(idleShadow);
  }

  async connect(): Promise<SqlDriverAdapter> {
    const adapter = await this.adapt(this.main);
    this.adapters.push(adapter);
    return adapter;
  }

  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    let shadow = this.idleShadow;
    this.idleShadow = undefined;
    if (!shadow) {
      shadow = await openPGlite();
      this.databases.push(shadow);
    }
    const adapter = await this.adapt(shadow);
    adapter.dispose = async () => {
      await shadow.exec(RESET_SQL);
      this.idleShadow = shadow;
    };
    return adapter;
  }

  private async adapt(db: PGlite): Promise<SqlDriverAdapter> {
    const adapter = await new PrismaPGlite(db).connect();
    adapter.executeScript = (script) => db.exec(script).then(() => undefined, toDriverError);
    return adapter;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.adapters.map((adapter) => adapter.dispose()));
    await Promise.allSettled(this.databases.filter((db) => !db.closed).map((db) => db.close()));
  }
}

// ---- Public helpers ----

/** Reads `prisma/migrations` into the engine's `migrationsList` shape (directories in name order). */
export async function readMigrations(migrationsDir: string): Promise<MigrationList> {
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    },
  );
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name): Promise<MigrationDirectory> => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockfile = await readFile(path.join(migrationsDir, "migration_lock.toml"), "utf8").catch(
    () => null,
  );
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockfile },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export interface SchemaSource {
  /** Path reported in the engine's messages; the file itself is not read. */
  path: string;
  content: string;
}

export interface EngineSession {
  engine: SchemaEngine;
  schema: SchemasContainer;
  filters: SchemaFilter;
  /** Lines the engine logged (JSON), useful when something fails. */
  logs: string[];
}

/**
 * Runs `fn` with a schema engine over a fresh in-memory PGlite (or `options.database`), then frees
 * the engine, disposes the adapters and closes every PGlite it opened.
 */
export async function withSchemaEngine<T>(
  schema: SchemaSource,
  fn: (session: EngineSession) => Promise<T>,
  /** `database`: run against this PGlite (left open) instead of a fresh in-memory one. */
  options: { database?: PGlite } = {},
): Promise<T> {
  bindings ??= instantiate();
  const engineClass = await bindings;
  activeSessions++;
  let factory: PGliteMigrationFactory | undefined;
  try {
    if (options.database) {
      factory = new PGliteMigrationFactory(options.database, undefined, false);
    } else {
      const main = await openPGlite();
      const shadow = await main.clone(); // half the time of creating a database
      if (!(shadow instanceof PGlite)) throw new Error("PGlite.clone() returned no PGlite");
      factory = new PGliteMigrationFactory(main, shadow, true);
    }
    const logs: string[] = [];
    const engine = await engineClass
      .new(
        { datamodels: [[schema.path, schema.content]] },
        (line) => void logs.push(line),
        bindMigrationAwareSqlAdapterFactory(factory),
      )
      .catch((error: unknown) => Promise.reject(engineError("new", error)));
    try {
      const schemas = { files: [{ path: schema.path, content: schema.content }] };
      return await fn({ engine: guard(engine), schema: schemas, filters: NO_FILTERS, logs });
    } finally {
      engine.free();
    }
  } finally {
    await factory?.close();
    if (--activeSessions === 0) {
      pendingTimers.forEach((timer) => clearTimeout(timer));
      pendingTimers.clear();
    }
  }
}

/** Wraps each engine method so that rejections become `SchemaEngineError`s. */
function guard(engine: SchemaEngine): SchemaEngine {
  const call =
    <I, O>(step: string, method: (input: I) => Promise<O>) =>
    (input: I) =>
      method
        .call(engine, input)
        .catch((error: unknown) => Promise.reject(engineError(step, error)));
  return {
    applyMigrations: call("applyMigrations", (input) => engine.applyMigrations(input)),
    devDiagnostic: call("devDiagnostic", (input) => engine.devDiagnostic(input)),
    evaluateDataLoss: call("evaluateDataLoss", (input) => engine.evaluateDataLoss(input)),
    createMigration: call("createMigration", (input) => engine.createMigration(input)),
    diagnoseMigrationHistory: call("diagnoseMigrationHistory", (input) =>
      engine.diagnoseMigrationHistory(input),
    ),
    free: () => engine.free(),
  };
}

export interface MigrationPlan {
  /** Migrations from the folder, as the engine applied them to the scratch database. */
  applied: string[];
  /** `reset` means the history cannot be replayed into the state the database reached. */
  action: DevAction;
  dataLoss: EvaluateDataLossOutput;
  /** `migrationScript` is null when the schema and the migrations agree. */
  migration: CreateMigrationOutput;
}

/**
 * What `prisma migrate dev` does, on a scratch database: apply the history, let the engine replay
 * it on a shadow database (devDiagnostic primes what createMigration needs), evaluate data loss,
 * then diff the schema against the history.
 */
export async function planMigration(options: {
  schema: SchemaSource;
  migrationsDir: string;
  migrationName: string;
}): Promise<MigrationPlan> {
  const migrationsList = await readMigrations(options.migrationsDir);
  return withSchemaEngine(options.schema, async ({ engine, schema, filters }) => {
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters });
    const { action } = await engine.devDiagnostic({ migrationsList, filters });
    const dataLoss = await engine.evaluateDataLoss({ migrationsList, schema, filters });
    const migration = await engine.createMigration({
      draft: false,
      migrationName: options.migrationName,
      migrationsList,
      schema,
      filters,
    });
    return { applied: appliedMigrationNames, action, dataLoss, migration };
  });
}

export const LOCKFILE_CONTENT = `# Please do not edit this file manually
# It should be added in your version-control system (e.g., Git)
provider = "postgresql"
`;
