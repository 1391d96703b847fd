import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./data-dir-lock";

const dirs: string[] = [];
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-lock-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the embedded database's data-folder lock", () => {
  it("refuses a second holder and names the one that has it", () => {
    const dir = tempDir();
    const lock = path.join(dir, "roster.lock");
    const holder = {
      pid: process.ppid,
      host: os.hostname(),
      command: "next start",
      since: "2026-01-01T00:00:00.000Z",
    };
    fs.writeFileSync(lock, JSON.stringify(holder));
    expect(() => acquireDataDirLock(dir, lock)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir, lock)).toThrow(
      `already open in process ${process.ppid} (next start`,
    );
    expect(JSON.parse(fs.readFileSync(lock, "utf8"))).toEqual(holder);
  });

  it("takes over a lock left by a process that died", () => {
    const dir = tempDir();
    const lock = path.join(dir, "roster.lock");
    fs.writeFileSync(
      lock,
      JSON.stringify({ pid: deadPid(), host: os.hostname(), command: "crashed", since: "x" }),
    );
    acquireDataDirLock(dir, lock);
    expect(JSON.parse(fs.readFileSync(lock, "utf8")).pid).toBe(process.pid);
    // The same process may ask again (Next.js loads modules once per server bundle).
    expect(() => acquireDataDirLock(dir, lock)).not.toThrow();
  });

  it("stops a second process that opens a folder this one holds, before it touches the data", () => {
    const dir = tempDir();
    acquireDataDirLock(dir, path.join(dir, "roster.lock"));
    const result = spawnSync("npx", ["--no-install", "tsx", "prisma/seed.ts"], {
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `The embedded database in ${dir} is already open in process ${process.pid}`,
    );
    expect(fs.existsSync(path.join(dir, "pgdata"))).toBe(false);
  });
});
