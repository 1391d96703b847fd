import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { handleBackupRequest } from "./backup";
import { BACKUP_PATH, NonceCache, signBackupRequest, verifyBackupRequest } from "./backup-auth";
import { prismaForPGlite, setDbForTests, type Db } from "./client";
import { acquireDataDirLock } from "./data-dir-lock";
import {
  backupEmbeddedDatabase,
  DataDirError,
  pgdataDir,
  restoreEmbeddedDatabase,
} from "./embedded-tools";
import { maintainedColumnDrift } from "./maintained-columns";
import { applyMigrations, migrationStatus, pgliteExecutor } from "./migrate";
import { openPGlite } from "./pglite";

// A "server" in this process: the embedded database open (and locked) as the app opens it, the
// backup route served over HTTP, and writes going on while `db:backup` asks for a snapshot.
const SECRET = "backup-test-secret-0123456789abcdef";
let work: string;
let dataDir: string;
let pglite: PGlite;
let db: Db;
let server: http.Server;
let url: string;
const saved = { DATA_DIR: process.env.DATA_DIR, AUTH_SECRET: process.env.AUTH_SECRET };

async function serve(): Promise<void> {
  server = http.createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string") headers.set(name, value);
    }
    void handleBackupRequest(
      new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers }),
    ).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) {
        const reader = response.body.getReader();
        for (let part = await reader.read(); !part.done; part = await reader.read()) {
          res.write(part.value);
        }
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const post = (headers: Record<string, string> = {}, method = "POST") =>
  fetch(`${url}${BACKUP_PATH}`, { method, headers });

async function addPerson(organizationId: string, n: number): Promise<string> {
  // Each write lets timers and I/O run first, as requests arriving at a server do: PGlite answers
  // within the same tick, so a loop of writes alone would starve the backup request's I/O.
  await new Promise((resolve) => setImmediate(resolve));
  // The snapshot holds the transactions' turn while it copies the files: wait for it.
  return db.$transaction(
    async (tx) => {
      const user = await tx.user.create({
        data: { email: `p${n}@backup.example`, firstName: `P${n}`, lastName: "Person" },
      });
      await tx.membership.create({ data: { userId: user.id, organizationId, role: "member" } });
      await tx.auditEvent.create({
        data: { organizationId, action: "member.added", targetType: "user", targetId: user.id },
      });
      return user.id;
    },
    { maxWait: 30_000 },
  );
}

describe("db:backup while the server runs, and db:restore", () => {
  let organizationId: string;

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "roster-backup-"));
    dataDir = path.join(work, "data");
    fs.mkdirSync(dataDir);
    process.env.DATA_DIR = dataDir;
    process.env.AUTH_SECRET = SECRET;
    acquireDataDirLock(dataDir, path.join(dataDir, "roster.lock"));
    // The migrated empty database the integration tests start from (lib/testing/global-setup.ts).
    const snapshot = fs.readFileSync(inject("pgliteSnapshot"));
    pglite = await openPGlite({ dataDir: pgdataDir(dataDir), loadDataDir: new Blob([snapshot]) });
    await applyMigrations(pgliteExecutor(pglite));
    db = prismaForPGlite(pglite);
    setDbForTests(db, pglite);
    organizationId = (await db.organization.create({ data: { name: "Backup", slug: "backup" } }))
      .id;
    await serve();
  }, 120_000);

  afterAll(async () => {
    setDbForTests(undefined);
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await pglite?.close();
    process.env.DATA_DIR = saved.DATA_DIR;
    process.env.AUTH_SECRET = saved.AUTH_SECRET;
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("takes a consistent snapshot while writes go on; the restored database opens with them", async () => {
    const committed: string[] = [];
    for (let n = 0; n < 20; n++) committed.push(await addPerson(organizationId, n));
    let writing = true;
    const writer = (async () => {
      for (let n = 1000; writing; n++) committed.push(await addPerson(organizationId, n));
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = [...committed];
    const backup = await backupEmbeddedDatabase(dataDir, {
      dir: path.join(work, "backups"),
      secret: SECRET,
      url,
    });
    const after = [...committed];
    writing = false;
    await writer;
    expect(backup.takenBy).toBe("server");
    expect(after.length).toBeGreaterThan(before.length); // writes went on meanwhile
    // The server's temporary copy is gone.
    expect(fs.readdirSync(dataDir).filter((f) => f.startsWith("pgdata.backup-"))).toEqual([]);

    const restoredDir = path.join(work, "restored");
    const result = await restoreEmbeddedDatabase(backup.file, restoredDir);
    expect(result.pendingMigrations).toBe(0);
    const restored = await openPGlite({ dataDir: pgdataDir(restoredDir) });
    try {
      const q = pgliteExecutor(restored);
      const { rows } = await q.query<{ id: string }>(`SELECT id FROM "User"`);
      const ids = new Set(rows.map((r) => r.id));
      // Everything committed before the backup began, nothing that was never committed, and
      // each person whole: user, membership and audit event came in one transaction.
      for (const id of before) expect(ids.has(id)).toBe(true);
      for (const id of ids) expect(committed).toContain(id);
      const counts = await q.query<{ memberships: number; events: number }>(
        `SELECT (SELECT count(*)::int FROM "Membership") AS memberships,
                (SELECT count(*)::int FROM "AuditEvent") AS events`,
      );
      expect(counts.rows[0]).toEqual({ memberships: ids.size, events: ids.size });
      expect(await maintainedColumnDrift(q)).toEqual([]);
      expect(await migrationStatus(q)).toEqual({ pending: [], unknown: [], failed: [] });
    } finally {
      await restored.close();
    }
  }, 240_000);

  it("answers 404 to anything but a fresh, correctly signed POST", async () => {
    expect((await post()).status).toBe(404);
    expect((await post(signBackupRequest(SECRET), "GET")).status).toBe(404);
    expect((await post(signBackupRequest("another-secret"))).status).toBe(404);
    expect((await post(signBackupRequest(SECRET, Date.now() - 5 * 60_000))).status).toBe(404);
    const headers = signBackupRequest(SECRET);
    const first = await post(headers);
    expect(first.status).toBe(200);
    await first.arrayBuffer();
    expect((await post(headers)).status).toBe(404); // replayed
    process.env.DATABASE_URL = "postgres://nowhere.invalid/roster";
    try {
      expect((await post(signBackupRequest(SECRET))).status).toBe(404);
    } finally {
      delete process.env.DATABASE_URL;
    }
    await expect(
      backupEmbeddedDatabase(dataDir, { dir: path.join(work, "b2"), secret: "wrong", url }),
    ).rejects.toThrow(/refused the backup request \(404\).*AUTH_SECRET/);
    expect(fs.readdirSync(path.join(work, "b2"))).toEqual([]);
  });

  it("signatures: compared in constant time, each usable once, within a minute", () => {
    const nonces = new NonceCache();
    const now = Date.now();
    const headers = new Headers(signBackupRequest(SECRET, now));
    expect(verifyBackupRequest(headers, SECRET, now + 59_000, nonces)).toBe(true);
    expect(verifyBackupRequest(headers, SECRET, now + 59_000, nonces)).toBe(false);
    const late = new Headers(signBackupRequest(SECRET, now));
    expect(verifyBackupRequest(late, SECRET, now + 61_000, new NonceCache())).toBe(false);
    const tampered = new Headers(signBackupRequest(SECRET, now));
    tampered.set("x-roster-backup-time", String(now + 1));
    expect(verifyBackupRequest(tampered, SECRET, now, new NonceCache())).toBe(false);
  });

  it("restore refuses a folder that holds a database or that a running process holds", async () => {
    const backups = path.join(work, "backups");
    const [name] = fs.readdirSync(backups);
    const file = path.join(backups, name ?? "");
    await expect(restoreEmbeddedDatabase(file, dataDir)).rejects.toThrow(
      /already holds a database, and a restore never overwrites one/,
    );
    const holder = spawn("sleep", ["30"]);
    const held = path.join(work, "held");
    try {
      fs.mkdirSync(held);
      fs.writeFileSync(
        path.join(held, "roster.lock"),
        JSON.stringify({ pid: holder.pid, host: os.hostname(), command: "next start", since: "" }),
      );
      await expect(restoreEmbeddedDatabase(file, held)).rejects.toThrow(DataDirError);
      await expect(restoreEmbeddedDatabase(file, held)).rejects.toThrow(
        /already open in process \d+.*Stop the server first/s,
      );
      expect(fs.existsSync(pgdataDir(held))).toBe(false);
      // Without a URL, a holder that is not a server (no port in its lock) is named, not asked.
      await expect(
        backupEmbeddedDatabase(held, { dir: path.join(work, "b3"), secret: SECRET }),
      ).rejects.toThrow(/is not a Roster server/);
    } finally {
      holder.kill();
    }
    const garbage = path.join(work, "garbage.tar.gz");
    fs.writeFileSync(garbage, "not a backup");
    await expect(restoreEmbeddedDatabase(garbage, path.join(work, "r2"))).rejects.toThrow(
      /not a Roster backup, or it is damaged/,
    );
    expect(fs.readdirSync(path.join(work, "r2"))).toEqual([]);
  });
});
