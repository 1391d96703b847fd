// A Roster dump: every table's rows, for moving the embedded database's data to a PostgreSQL
// server (`npm run db:export`, `npm run db:import`; docs/operations.md). Format, version 1 — a
// gzip-compressed text file of JSON values, one per line:
//
//   {"format":"roster-dump","version":1,"createdAt":…,"migrations":[{"name":…,"checksum":…},…]}
//   {"table":"User","columns":["id","email",…],"rows":61}      a table, then exactly `rows` lines:
//   {"id":"…","email":"…",…}                                   one row: PostgreSQL's row_to_json
//   …
//   {"end":true,"tables":14,"rows":1234}                        the last line: nothing cut off
//
// Tables come in foreign-key order (a table after those it references; a table that references
// itself, Workspace, parents first), so they load in file order with every constraint checked.
// Values are written and read by PostgreSQL itself (row_to_json, json_populate_recordset), so
// timestamps keep their precision, and arrays, JSON, enums and bytea come back as they were.
// `_prisma_migrations` is not a table of the dump: the header names the migrations the data is at,
// and the importer applies its own (the same ones) to the new database.
import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { pipeline } from "node:stream/promises";
import type { Writable } from "node:stream";
import zlib from "node:zlib";
import { maintainedColumnDrift } from "./maintained-columns";
import {
  applyMigrations,
  matchesChecksum,
  readMigrationFiles,
  type MigrationFile,
  type SqlExecutor,
} from "./migrate";

export const DUMP_FORMAT = "roster-dump";
export const DUMP_VERSION = 1;

export interface DumpMigration {
  name: string;
  checksum: string;
}

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: number;
  createdAt: string;
  migrations: DumpMigration[];
}

interface TableSection {
  table: string;
  columns: string[];
  rows: number;
}

interface DumpEnd {
  end: true;
  tables: number;
  rows: number;
}

/** Refused or failed export or import, with a message for the person running the command. */
export class DumpError extends Error {
  override name = "DumpError";
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

interface TableInfo {
  name: string;
  columns: string[];
  primaryKey: string[];
  /** A single-column foreign key to the table itself (a tree): [column, referenced column]. */
  selfReference: [string, string] | null;
}

/** Every table of the current schema but the migration history, in foreign-key order. */
async function tablesInLoadOrder(db: Pick<SqlExecutor, "query">): Promise<TableInfo[]> {
  const { rows: tables } = await db.query<{
    name: string;
    columns: string[];
    primary_key: string[] | null;
  }>(
    `SELECT c.relname::text AS name,
       (SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM pg_attribute a
         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY array_position(i.indkey::int2[], a.attnum))
          FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indrelid = c.oid AND i.indisprimary) AS primary_key
     FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND c.relname <> '_prisma_migrations'
     ORDER BY c.relname`,
  );
  const { rows: keys } = await db.query<{
    from_table: string;
    to_table: string;
    columns: string[];
    referenced: string[];
  }>(
    `SELECT src.relname::text AS from_table, dst.relname::text AS to_table,
       (SELECT array_agg(a.attname::text ORDER BY k.n)
          FROM unnest(con.conkey) WITH ORDINALITY k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.n)
          FROM unnest(con.confkey) WITH ORDINALITY k(attnum, n)
          JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced
     FROM pg_constraint con
     JOIN pg_class src ON src.oid = con.conrelid
     JOIN pg_class dst ON dst.oid = con.confrelid
     WHERE con.contype = 'f' AND src.relnamespace = current_schema()::regnamespace`,
  );
  const info = new Map<string, TableInfo>(
    tables.map((t) => [
      t.name,
      { name: t.name, columns: t.columns, primaryKey: t.primary_key ?? [], selfReference: null },
    ]),
  );
  const dependsOn = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const key of keys) {
    const table = info.get(key.from_table);
    if (!table || !info.has(key.to_table)) continue;
    if (key.from_table !== key.to_table) {
      dependsOn.get(key.from_table)!.add(key.to_table);
    } else if (
      key.columns.length === 1 &&
      key.columns[0] !== undefined &&
      key.referenced[0] !== undefined &&
      table.selfReference === null
    ) {
      table.selfReference = [key.columns[0], key.referenced[0]];
    } else {
      throw new DumpError(
        `Table ${key.from_table} references itself in a way the dump cannot order ` +
          `(${key.columns.join(", ")}).`,
      );
    }
  }
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.find(
      (t) => !placed.has(t.name) && [...dependsOn.get(t.name)!].every((d) => placed.has(d)),
    );
    if (!ready) {
      const left = tables.filter((t) => !placed.has(t.name)).map((t) => t.name);
      throw new DumpError(`Tables ${left.join(", ")} reference each other in a cycle.`);
    }
    placed.add(ready.name);
    ordered.push(info.get(ready.name)!);
  }
  return ordered;
}

function selectRows(table: TableInfo): string {
  const order = table.primaryKey.map((c) => `t.${quote(c)}`).join(", ") || "1";
  if (!table.selfReference) {
    return `SELECT row_to_json(t)::text AS line FROM ${quote(table.name)} t ORDER BY ${order}`;
  }
  // Parents before children: by depth in the tree.
  const [column, referenced] = table.selfReference.map(quote);
  return `WITH RECURSIVE tree(key, depth) AS (
      SELECT ${referenced}, 0 FROM ${quote(table.name)} WHERE ${column} IS NULL
      UNION ALL
      SELECT c.${referenced}, tree.depth + 1 FROM ${quote(table.name)} c
      JOIN tree ON c.${column} = tree.key
    )
    SELECT row_to_json(t)::text AS line FROM ${quote(table.name)} t
    JOIN tree ON tree.key = t.${referenced}
    ORDER BY tree.depth, ${order}`;
}

/** The migrations a database has finished, by name; refuses one with a failed migration. */
async function appliedMigrations(db: Pick<SqlExecutor, "query">): Promise<DumpMigration[]> {
  const { rows: exists } = await db.query<{ table: string | null }>(
    `SELECT to_regclass('"_prisma_migrations"')::text AS table`,
  );
  if (!exists[0]?.table) return [];
  const { rows } = await db.query<{
    migration_name: string;
    checksum: string;
    finished_at: unknown;
  }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"
     WHERE rolled_back_at IS NULL ORDER BY migration_name`,
  );
  const failed = rows.filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (failed.length > 0) {
    throw new DumpError(
      `The database has unfinished migration(s) ${failed.join(", ")}: repair it first ` +
        `(docs/operations.md, "Upgrading").`,
    );
  }
  return rows.map((r) => ({ name: r.migration_name, checksum: r.checksum }));
}

const FETCH_ROWS = 2000;

async function writeLine(out: Writable, line: string): Promise<void> {
  if (!out.write(`${line}\n`)) {
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        out.off("error", onError);
        resolve();
      };
      const onError = (error: Error) => {
        out.off("drain", onDrain);
        reject(error);
      };
      out.once("drain", onDrain);
      out.once("error", onError);
    });
  }
}

export interface DumpSummary {
  tables: { table: string; rows: number }[];
  rows: number;
  migrations: DumpMigration[];
}

/**
 * Writes a dump of `db` to `out` (uncompressed lines), from one snapshot: a REPEATABLE READ,
 * READ ONLY transaction, rows read through a cursor a few thousand at a time.
 */
export async function writeDump(db: SqlExecutor, out: Writable): Promise<DumpSummary> {
  await db.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    const migrations = await appliedMigrations(db);
    if (migrations.length === 0) {
      throw new DumpError("The database has no migrations applied: there is nothing to export.");
    }
    const tables = await tablesInLoadOrder(db);
    const header: DumpHeader = {
      format: DUMP_FORMAT,
      version: DUMP_VERSION,
      createdAt: new Date().toISOString(),
      migrations,
    };
    await writeLine(out, JSON.stringify(header));
    const summary: DumpSummary = { tables: [], rows: 0, migrations };
    for (const table of tables) {
      const { rows: counted } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${quote(table.name)}`,
      );
      const rows = counted[0]?.n ?? 0;
      const section: TableSection = { table: table.name, columns: table.columns, rows };
      await writeLine(out, JSON.stringify(section));
      await db.exec(`DECLARE roster_dump NO SCROLL CURSOR FOR ${selectRows(table)}`);
      let written = 0;
      for (;;) {
        const { rows: batch } = await db.query<{ line: string }>(
          `FETCH ${FETCH_ROWS} FROM roster_dump`,
        );
        for (const row of batch) await writeLine(out, row.line);
        written += batch.length;
        if (batch.length < FETCH_ROWS) break;
      }
      await db.exec("CLOSE roster_dump");
      if (written !== rows) {
        throw new DumpError(
          `Table ${table.name} has ${rows} rows, but ${written} could be put in order ` +
            `(rows of its tree that are not reached from a root?).`,
        );
      }
      summary.tables.push({ table: table.name, rows });
      summary.rows += rows;
    }
    const end: DumpEnd = { end: true, tables: tables.length, rows: summary.rows };
    await writeLine(out, JSON.stringify(end));
    await db.exec("COMMIT");
    return summary;
  } catch (error) {
    await db.exec("ROLLBACK").catch(() => {});
    throw error;
  }
}

/**
 * Writes a gzip-compressed dump to `file`, readable by its owner only (it holds password hashes).
 * Never overwrites: refuses an existing file. Written under a temporary name and renamed at the
 * end, so a failed export leaves no partial file behind.
 */
export async function writeDumpFile(db: SqlExecutor, file: string): Promise<DumpSummary> {
  if (fs.existsSync(file)) {
    throw new DumpError(`${file} already exists: give a new file name (nothing was overwritten).`);
  }
  const partial = `${file}.partial`;
  const output = fs.createWriteStream(partial, { flags: "wx", mode: 0o600 });
  const gzip = zlib.createGzip();
  const written = pipeline(gzip, output);
  try {
    const summary = await writeDump(db, gzip);
    gzip.end();
    await written;
    fs.renameSync(partial, file);
    return summary;
  } catch (error) {
    gzip.destroy();
    await written.catch(() => {});
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** The lines of a gzip-compressed file, read as a stream. */
async function* readLines(file: string): AsyncGenerator<string> {
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  const decoder = new StringDecoder("utf8");
  let pending = "";
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending += decoder.write(chunk);
      let newline = pending.indexOf("\n");
      while (newline !== -1) {
        yield pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DumpError(`${file} does not exist.`);
    if (code === "Z_DATA_ERROR" || code === "Z_BUF_ERROR") {
      throw new DumpError(`${file} is not a Roster dump (not gzip-compressed, or cut off).`);
    }
    throw error;
  } finally {
    input.destroy();
  }
  pending += decoder.end();
  if (pending !== "") yield pending;
}

function parseLine(file: string, line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new DumpError(`${file} is not a Roster dump, or is damaged (a line is not JSON).`);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function parseHeader(file: string, line: string | undefined): DumpHeader {
  const value = line === undefined ? undefined : parseLine(file, line);
  if (!isRecord(value) || value.format !== DUMP_FORMAT) {
    throw new DumpError(
      `${file} is not a Roster dump (made by \`npm run db:export\`): its first line says otherwise.`,
    );
  }
  if (value.version !== DUMP_VERSION) {
    throw new DumpError(
      `${file} is a Roster dump of format version ${String(value.version)}; this version of Roster ` +
        `reads version ${DUMP_VERSION}. Import it with the version of Roster that exported it.`,
    );
  }
  const migrations = value.migrations;
  if (
    !Array.isArray(migrations) ||
    !migrations.every(
      (m) => isRecord(m) && typeof m.name === "string" && typeof m.checksum === "string",
    )
  ) {
    throw new DumpError(`${file} is damaged: its header lists no migrations.`);
  }
  return value as unknown as DumpHeader;
}

/** Why a dump's migrations are not this version's, or null when they are the same. */
function migrationMismatch(dump: DumpMigration[], ours: MigrationFile[]): string | null {
  const theirs = new Map(dump.map((m) => [m.name, m.checksum]));
  const mine = new Map(ours.map((m) => [m.name, m]));
  const missingHere = dump.filter((m) => !mine.has(m.name)).map((m) => m.name);
  const missingThere = ours.filter((m) => !theirs.has(m.name)).map((m) => m.name);
  const changed = dump
    .filter((m) => mine.has(m.name) && !matchesChecksum(mine.get(m.name)!.sql, m.checksum))
    .map((m) => m.name);
  if (missingHere.length + missingThere.length + changed.length === 0) return null;
  const parts: string[] = [];
  if (missingThere.length > 0) {
    parts.push(
      `the dump's data is at an older schema: it lacks ${missingThere.join(", ")} (start this ` +
        `version of Roster once on the embedded database, which applies its migrations, then export again)`,
    );
  }
  if (missingHere.length > 0) {
    parts.push(
      `the dump has migration(s) this version of Roster does not know: ${missingHere.join(", ")} ` +
        `(import with the version of Roster that exported it, or a newer one)`,
    );
  }
  if (changed.length > 0) {
    parts.push(`migration(s) ${changed.join(", ")} differ from this version's files (checksum)`);
  }
  return parts.join("; ");
}

/** Tables of the current schema (but the migration history) that hold at least one row. */
async function tablesWithRows(db: Pick<SqlExecutor, "query">): Promise<string[]> {
  const { rows: tables } = await db.query<{ name: string }>(
    `SELECT c.relname::text AS name FROM pg_class c
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND c.relname <> '_prisma_migrations' ORDER BY 1`,
  );
  const filled: string[] = [];
  for (const { name } of tables) {
    const { rows } = await db.query<{ filled: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ${quote(name)}) AS filled`,
    );
    if (rows[0]?.filled) filled.push(name);
  }
  return filled;
}

function notEmptyError(filled: string[]): DumpError {
  const named = filled.slice(0, 5).join(", ") + (filled.length > 5 ? ", …" : "");
  return new DumpError(
    `The target database is not empty: ${named} hold rows. db:import loads only into an empty ` +
      `database, so that nothing is overwritten or mixed: create a new database (e.g. ` +
      `\`createdb roster\`) and point DATABASE_URL at it.`,
  );
}

/** Rows per INSERT: one statement per batch, its rows passed as one JSON parameter. */
const INSERT_ROWS = 1000;
const INSERT_CHARS = 4 * 1024 * 1024;

async function insertBatch(db: SqlExecutor, table: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  await db.query(
    `INSERT INTO ${quote(table)} SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`,
    [`[${lines.join(",")}]`],
  );
}

/** Sequences behind serial or identity columns continue after the loaded rows. */
async function advanceSequences(db: SqlExecutor): Promise<void> {
  const { rows } = await db.query<{ table: string; column: string; sequence: string }>(
    `SELECT c.relname::text AS table, a.attname::text AS column,
            pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
       AND pg_get_serial_sequence(quote_ident(c.relname), a.attname) IS NOT NULL`,
  );
  for (const row of rows) {
    await db.query(
      `SELECT setval($1, coalesce(max(${quote(row.column)}), 0) + 1, false) FROM ${quote(row.table)}`,
      [row.sequence],
    );
  }
}

export interface ImportOptions {
  migrationsDir?: string;
  log?: (line: string) => void;
}

/**
 * Loads a dump into an empty PostgreSQL database: applies this version's migrations (the dump's
 * must be the same), then, in one transaction, every table's rows with the tables' own triggers
 * off (the maintained counts and copies are loaded as they were, not counted again), checks that
 * those maintained columns equal recomputed ones, and commits. Any failure rolls the rows back:
 * the database keeps its (migrated) schema and no data, and the import can simply be run again.
 * Refuses a database that holds rows.
 */
export async function importDump(
  db: SqlExecutor,
  file: string,
  options: ImportOptions = {},
): Promise<DumpSummary> {
  const log = options.log ?? (() => {});
  const lines = readLines(file);
  try {
    const first = await lines.next();
    const header = parseHeader(file, first.done ? undefined : first.value);
    const mismatch = migrationMismatch(
      header.migrations,
      await readMigrationFiles(options.migrationsDir),
    );
    if (mismatch) {
      throw new DumpError(`${file} does not match this version of Roster: ${mismatch}.`);
    }
    const filledBefore = await tablesWithRows(db);
    if (filledBefore.length > 0) throw notEmptyError(filledBefore);
    const { applied } = await applyMigrations(db, { migrationsDir: options.migrationsDir });
    if (applied.length > 0) log(`Applied ${applied.length} migration(s) to the empty database.`);

    await db.exec("BEGIN");
    try {
      const tables = await tablesInLoadOrder(db);
      const byName = new Map(tables.map((t) => [t.name, t]));
      // Owner's right (the user who just created the tables): the triggers that keep counts and
      // copies would count the loaded rows again. Foreign keys stay checked. The ALTERs also lock
      // the tables against other writers until the commit.
      for (const t of tables) await db.exec(`ALTER TABLE ${quote(t.name)} DISABLE TRIGGER USER`);
      const filled = await tablesWithRows(db);
      if (filled.length > 0) throw notEmptyError(filled);

      const summary: DumpSummary = { tables: [], rows: 0, migrations: header.migrations };
      let end: DumpEnd | null = null;
      let next = await lines.next();
      while (!next.done && end === null) {
        const value = parseLine(file, next.value);
        if (isRecord(value) && value.end === true) {
          end = value as unknown as DumpEnd;
          break;
        }
        if (!isRecord(value) || typeof value.table !== "string") {
          throw new DumpError(`${file} is damaged: a table was expected, found something else.`);
        }
        const section = value as unknown as TableSection;
        const target = byName.get(section.table);
        if (!target) {
          throw new DumpError(`${file} has table ${section.table}, which this database lacks.`);
        }
        if (target.columns.join(",") !== section.columns.join(",")) {
          throw new DumpError(
            `Table ${section.table} has columns ${section.columns.join(", ")} in ${file}, but ` +
              `${target.columns.join(", ")} here.`,
          );
        }
        if (summary.tables.some((t) => t.table === section.table)) {
          throw new DumpError(`${file} is damaged: table ${section.table} appears twice.`);
        }
        const started = performance.now();
        let batch: string[] = [];
        let chars = 0;
        for (let i = 0; i < section.rows; i++) {
          next = await lines.next();
          if (next.done) {
            throw new DumpError(`${file} is cut off in table ${section.table}: rows are missing.`);
          }
          batch.push(next.value);
          chars += next.value.length;
          if (batch.length >= INSERT_ROWS || chars >= INSERT_CHARS) {
            await insertBatch(db, section.table, batch);
            batch = [];
            chars = 0;
          }
        }
        await insertBatch(db, section.table, batch);
        summary.tables.push({ table: section.table, rows: section.rows });
        summary.rows += section.rows;
        log(
          `${section.table}: ${section.rows} row(s) (${Math.round(performance.now() - started)} ms)`,
        );
        next = await lines.next();
      }
      if (end === null) throw new DumpError(`${file} is cut off: its last line is missing.`);
      if (end.rows !== summary.rows || end.tables !== summary.tables.length) {
        throw new DumpError(`${file} is damaged: its last line counts other rows than it holds.`);
      }
      const missing = tables.filter((t) => !summary.tables.some((s) => s.table === t.name));
      if (missing.length > 0) {
        throw new DumpError(`${file} lacks table(s) ${missing.map((t) => t.name).join(", ")}.`);
      }

      await advanceSequences(db);
      for (const t of tables) await db.exec(`ALTER TABLE ${quote(t.name)} ENABLE TRIGGER USER`);
      const drift = await maintainedColumnDrift(db);
      if (drift.length > 0) {
        throw new DumpError(
          `The imported data is inconsistent, so nothing was imported: ${drift.join("; ")}.`,
        );
      }
      await db.exec("COMMIT");
      return summary;
    } catch (error) {
      await db.exec("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await lines.return(undefined);
  }
}
