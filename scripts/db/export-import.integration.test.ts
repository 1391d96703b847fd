import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import type { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { auditLogPageFor } from "@/lib/organization/audit-log";
import { auditLogQuery } from "@/lib/organization/schemas";
import { usersQuery } from "@/lib/people/schemas";
import { usersPageFor } from "@/lib/people/users-page";
import { workspaceTreeFor } from "@/lib/workspaces/overview";
import { actAs, signedOut } from "@/lib/testing/actors";
import { prismaForPGlite, prismaForPostgres, setDbForTests, type Db } from "@/lib/db/client";
import { importDump, writeDumpFile } from "@/lib/db/dump";
import {
  DataDirError,
  exportEmbeddedDatabase,
  lockForTool,
  pgdataDir,
} from "@/lib/db/embedded-tools";
import { maintainedColumnDrift } from "@/lib/db/maintained-columns";
import { pgExecutor, pgliteExecutor, type SqlExecutor } from "@/lib/db/migrate";
import { openPGlite } from "@/lib/db/pglite";

// The demo data (`npm run db:seed`) on the embedded database, exported, imported into a new
// PostgreSQL database (TEST_DATABASE_URL), and found there the same. Runs in the
// integration-postgres project only.
const serverUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.ROSTER_TEST_DB === "postgres" && Boolean(serverUrl);
const DEMO_PASSWORD = "roster-demo-password";

let work: string;
let dataDir: string;
let dumpFile: string;
let admin: Client;
const databases: string[] = [];

async function newDatabase(): Promise<{ url: string; client: Client }> {
  const name = `roster_dump_${randomBytes(6).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  databases.push(name);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  return { url: url.toString(), client };
}

async function tableNames(db: Pick<SqlExecutor, "query">): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT tablename::text AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

async function rowCounts(db: Pick<SqlExecutor, "query">): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of await tableNames(db)) {
    if (name === "_prisma_migrations") continue;
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
    counts[name] = rows[0]?.n ?? -1;
  }
  return counts;
}

/** Every row of a table as PostgreSQL writes it as JSON, in primary-key order. */
async function tableContent(db: Pick<SqlExecutor, "query">, table: string): Promise<string[]> {
  const { rows } = await db.query<{ line: string }>(
    `SELECT row_to_json(t)::text AS line FROM "${table}" t ORDER BY row_to_json(t)::text`,
  );
  return rows.map((r) => r.line);
}

/** What the app shows the demo organization's owner: Users page, workspaces, audit log. */
async function ownerViews(db: Db) {
  setDbForTests(db);
  try {
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.example" } });
    await actAs(db, owner.id);
    const actor = await getActor();
    if (!actor) throw new Error("signed out");
    const users = await usersPageFor(actor, usersQuery.parse({ size: 100 }));
    const byEmail = await usersPageFor(
      actor,
      usersQuery.parse({ sort: "email", dir: "desc", size: 100 }),
    );
    const tree = await workspaceTreeFor(actor);
    const audit = await auditLogPageFor(actor, auditLogQuery.parse({}));
    return { users, byEmail, tree, audit };
  } finally {
    signedOut();
    setDbForTests(undefined);
  }
}

/**
 * The demo data has no single sign-on set-up: give the demo organization one (a connection, a
 * domain that references it by two columns, a sign-in under way, an SSO session and an enforced
 * domain), so that the SSO tables and columns are carried too.
 */
async function addSsoRows(dir: string): Promise<void> {
  const release = lockForTool(dir, "");
  const db = await openPGlite({ dataDir: pgdataDir(dir) });
  try {
    await db.exec(`
      UPDATE "Organization" SET "ssoEnforcedDomains" = ARRAY['acme.example']
        WHERE "slug" = 'acme';
      INSERT INTO "SsoConnection" ("id", "organizationId", "issuer", "clientId",
          "clientSecretSealed", "enabled", "enforced", "lastTestedAt", "lastTestOk", "updatedAt")
        SELECT 'sso_conn_dump', "id", 'https://idp.acme.example', 'roster-client',
          'sealed:v1:abc', true, true, '2026-12-01 10:00:00.123', true, '2026-12-01 10:00:00.456'
        FROM "Organization" WHERE "slug" = 'acme';
      INSERT INTO "SsoDomain" ("domain", "organizationId", "connectionId")
        SELECT 'acme.example', "organizationId", "id" FROM "SsoConnection"
        WHERE "id" = 'sso_conn_dump';
      INSERT INTO "SsoLogin" ("id", "stateHash", "organizationId", "codeVerifier", "nonce",
          "purpose", "expiresAt")
        SELECT 'sso_login_dump', 'state-hash-dump', "organizationId", 'verifier', 'nonce',
          'sign-in', '2026-12-31 00:00:00' FROM "SsoConnection" WHERE "id" = 'sso_conn_dump';
      INSERT INTO "Session" ("id", "userId", "tokenHash", "expiresAt", "method",
          "ssoOrganizationId")
        SELECT 'session_sso_dump', u."id", 'token-hash-dump', '2026-12-31 00:00:00', 'sso',
          c."organizationId"
        FROM "User" u, "SsoConnection" c
        WHERE u."email" = 'member@acme.example' AND c."id" = 'sso_conn_dump';
    `);
  } finally {
    await db.close();
    release();
  }
}

/** A copy of the dump with its text changed by `edit` (line by line). */
function editedDump(name: string, edit: (lines: string[]) => string[]): string {
  const lines = zlib.gunzipSync(fs.readFileSync(dumpFile)).toString("utf8").split("\n");
  const file = path.join(work, name);
  fs.writeFileSync(file, zlib.gzipSync(edit(lines).join("\n")));
  return file;
}

describe.skipIf(!onPostgres)(
  "db:export from the embedded database, db:import into PostgreSQL",
  () => {
    let source: PGlite;
    let releaseSource: () => void;

    beforeAll(async () => {
      work = fs.mkdtempSync(path.join(os.tmpdir(), "roster-dump-"));
      dataDir = path.join(work, "data");
      dumpFile = path.join(work, "roster.jsonl.gz");
      // The demo data exactly as `npm run db:seed` writes it, in a process of its own.
      const seeded = spawnSync(process.execPath, ["--import", "tsx", "prisma/seed.ts"], {
        env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "" },
        encoding: "utf8",
      });
      expect(seeded.status, seeded.stderr).toBe(0);
      await addSsoRows(dataDir);
      await exportEmbeddedDatabase(dataDir, dumpFile);
      releaseSource = lockForTool(dataDir, "");
      source = await openPGlite({ dataDir: pgdataDir(dataDir) });
      admin = new Client({ connectionString: serverUrl });
      await admin.connect();
    }, 120_000);

    afterAll(async () => {
      await source?.close();
      releaseSource?.();
      for (const name of databases)
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin?.end();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    it("brings every row across: the same tables, counts and values, counts kept exact", async () => {
      const { client } = await newDatabase();
      try {
        const target = pgExecutor(client);
        const summary = await importDump(target, dumpFile);
        const from = pgliteExecutor(source);
        await from.exec("SET TimeZone = 'UTC'");
        await target.exec("SET TimeZone = 'UTC'");

        expect(await tableNames(target)).toEqual(await tableNames(from));
        const counts = await rowCounts(from);
        expect(await rowCounts(target)).toEqual(counts);
        expect(counts.User).toBeGreaterThan(50);
        expect(counts.Invitation).toBeGreaterThan(0);
        expect(counts.AuditEvent).toBeGreaterThan(0);
        for (const table of ["SsoConnection", "SsoDomain", "SsoLogin"]) {
          expect(counts[table], table).toBe(1);
        }
        const { rows: sso } = await target.query<{ method: string; domains: string[] }>(
          `SELECT s."method", o."ssoEnforcedDomains" AS domains FROM "Session" s
           JOIN "Organization" o ON o."id" = s."ssoOrganizationId"`,
        );
        expect(sso).toEqual([{ method: "sso", domains: ["acme.example"] }]);
        expect(summary.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
        // Value for value, as PostgreSQL writes them: timestamps to the microsecond, arrays, JSON.
        for (const table of Object.keys(counts)) {
          expect(await tableContent(target, table), table).toEqual(await tableContent(from, table));
        }
        const migrations = `SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`;
        expect((await target.query(migrations)).rows).toEqual((await from.query(migrations)).rows);
        // The triggers are back on and the counts they keep equal counts from scratch.
        expect(await maintainedColumnDrift(target)).toEqual([]);
        const { rows: triggers } = await target.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'`,
        );
        expect(triggers[0]?.n).toBe(0);
      } finally {
        await client.end();
      }
    });

    it("the app shows the same people, workspaces, invitations and audit log; passwords work", async () => {
      const { url, client } = await newDatabase();
      await importDump(pgExecutor(client), dumpFile);
      await client.end();
      const target = prismaForPostgres(url);
      try {
        const before = await ownerViews(prismaForPGlite(source));
        const after = await ownerViews(target);
        expect(before.users?.rows.length).toBeGreaterThan(20);
        expect(before.users?.rows.some((row) => row.kind === "invitation")).toBe(true);
        expect(before.tree.length).toBeGreaterThan(0);
        expect(before.audit?.rows.length).toBeGreaterThan(0);
        expect(after).toEqual(before);

        setDbForTests(target);
        for (const email of ["owner@acme.example", "owner@globex.example"]) {
          const result = await authorizeCredentials(
            { email, password: DEMO_PASSWORD },
            new Headers({ "x-forwarded-for": "203.0.113.7" }),
          );
          expect(result, email).toMatchObject({ email });
        }
        // The right password of a member single sign-on covers: refused, as before the move
        // (Acme enforces it for acme.example above; only its owner keeps a password).
        expect(
          await authorizeCredentials(
            { email: "member@acme.example", password: DEMO_PASSWORD },
            new Headers({ "x-forwarded-for": "203.0.113.7" }),
          ),
        ).toEqual({ refused: "sso_required" });
        const wrong = await authorizeCredentials(
          { email: "owner@acme.example", password: "not-the-password" },
          new Headers({ "x-forwarded-for": "203.0.113.8" }),
        );
        expect(wrong).toMatchObject({ refused: expect.any(String) });
      } finally {
        setDbForTests(undefined);
        await target.$disconnect();
      }
    });

    it("refuses a database that holds rows, and changes nothing there", async () => {
      const { client } = await newDatabase();
      try {
        const target = pgExecutor(client);
        await importDump(target, dumpFile);
        const counts = await rowCounts(target);
        await expect(importDump(target, dumpFile)).rejects.toThrow(
          /not empty.*create a new database/s,
        );
        expect(await rowCounts(target)).toEqual(counts);
      } finally {
        await client.end();
      }
    });

    it("refuses a dump from another set of migrations before touching the database", async () => {
      const { client } = await newDatabase();
      try {
        const target = pgExecutor(client);
        const older = editedDump("older.jsonl.gz", ([header = "", ...rest]) => {
          const parsed = JSON.parse(header) as { migrations: unknown[] };
          parsed.migrations.pop();
          return [JSON.stringify(parsed), ...rest];
        });
        await expect(importDump(target, older)).rejects.toThrow(/older schema: it lacks \d+_/);
        const newer = editedDump("newer.jsonl.gz", ([header = "", ...rest]) => {
          const parsed = JSON.parse(header) as { migrations: unknown[] };
          parsed.migrations.push({ name: "29991231000000_future", checksum: "0".repeat(64) });
          return [JSON.stringify(parsed), ...rest];
        });
        await expect(importDump(target, newer)).rejects.toThrow(
          /does not know: 29991231000000_future/,
        );
        const notADump = path.join(work, "plain.txt");
        fs.writeFileSync(notADump, "hello");
        await expect(importDump(target, notADump)).rejects.toThrow(/not a Roster dump/);
        expect(await tableNames(target)).toEqual([]);
      } finally {
        await client.end();
      }
    });

    it("leaves the database without rows when an import fails halfway, and a rerun works", async () => {
      const { client } = await newDatabase();
      try {
        const target = pgExecutor(client);
        // Cut off in the last table: every other table was already loaded when it fails.
        const cut = editedDump("cut.jsonl.gz", (lines) => lines.slice(0, -4));
        await expect(importDump(target, cut)).rejects.toThrow(/cut off/);
        const counts = await rowCounts(target);
        expect(Object.keys(counts).length).toBeGreaterThan(10);
        expect(Object.values(counts).every((n) => n === 0)).toBe(true);
        // A row that breaks a constraint (a membership of a user the dump doesn't have).
        const broken = editedDump("broken.jsonl.gz", (lines) => {
          const membership = lines.findIndex((line) => line.includes('"ownerOfOrganizationId":'));
          return lines.map((line, i) =>
            i === membership ? line.replace(/"userId":"[^"]+"/, '"userId":"nobody"') : line,
          );
        });
        await expect(importDump(target, broken)).rejects.toThrow(/foreign key/);
        expect(Object.values(await rowCounts(target)).every((n) => n === 0)).toBe(true);
        await importDump(target, dumpFile);
        expect(await maintainedColumnDrift(target)).toEqual([]);
      } finally {
        await client.end();
      }
    });

    it("refuses to export while another process holds the data folder, or over an existing file", async () => {
      const holder = spawn("sleep", ["30"]);
      const other = path.join(work, "held");
      try {
        fs.mkdirSync(pgdataDir(other), { recursive: true });
        fs.writeFileSync(path.join(pgdataDir(other), "PG_VERSION"), "17");
        fs.writeFileSync(
          path.join(other, "roster.lock"),
          JSON.stringify({
            pid: holder.pid,
            host: os.hostname(),
            command: "next start",
            since: "",
          }),
        );
        await expect(exportEmbeddedDatabase(other, path.join(work, "x.gz"))).rejects.toThrow(
          DataDirError,
        );
        await expect(exportEmbeddedDatabase(other, path.join(work, "x.gz"))).rejects.toThrow(
          /already open in process \d+ \(next start.*stop the server first.*db:backup/s,
        );
        expect(fs.existsSync(path.join(work, "x.gz"))).toBe(false);
        await expect(writeDumpFile(pgliteExecutor(source), dumpFile)).rejects.toThrow(
          /already exists/,
        );
      } finally {
        holder.kill();
      }
    });
  },
);
