import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  checkDataDir,
  DataDirUnusableError,
  MIN_FREE_BYTES,
  type DataDirFs,
} from "./data-dir-check";

// The folders are real (a file in the way fails as it would on any disk, as root too); the
// failures only a real disk can give — read-only file system, disk full, permission denied to
// root — are the errors Node.js raises for them, thrown by a stand-in for one call.

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "roster-data-dir-"));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function errno(code: string, syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${syscall} '${file}'`), { code, syscall, path: file });
}

/** The real file system, but `call` fails with `code` (on the files `when` accepts). */
function failing(
  call: "mkdirSync" | "openSync" | "writeSync" | "fsyncSync",
  code: string,
  when: (file: string) => boolean = () => true,
): DataDirFs {
  const fail = (file: string) => {
    if (when(file)) throw errno(code, call.replace("Sync", ""), file);
  };
  const on = (name: typeof call, file: string) => (name === call ? fail(file) : undefined);
  return {
    mkdirSync: (dir, options) => (on("mkdirSync", dir), fs.mkdirSync(dir, options)),
    statSync: (file) => fs.statSync(file),
    existsSync: (file) => fs.existsSync(file),
    openSync: (file, flags) => (on("openSync", file), fs.openSync(file, flags)),
    writeSync: (fd, data) => (on("writeSync", `fd ${fd}`), fs.writeSync(fd, data)),
    fsyncSync: (fd) => (on("fsyncSync", `fd ${fd}`), fs.fsyncSync(fd)),
    closeSync: (fd) => fs.closeSync(fd),
    rmSync: (file, options) => fs.rmSync(file, options),
    statfsSync: (dir) => fs.statfsSync(dir),
  };
}

function refusal(dataDir: string, io?: DataDirFs): string {
  try {
    checkDataDir(dataDir, io);
  } catch (error) {
    expect(error).toBeInstanceOf(DataDirUnusableError);
    return (error as Error).message;
  }
  throw new Error(`checkDataDir(${dataDir}) accepted it`);
}

/** Nothing but what was there before: no probe file left behind. */
function entries(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
}

describe("checkDataDir", () => {
  it("creates a missing DATA_DIR and accepts it, leaving nothing behind", () => {
    const dataDir = path.join(tmp, "a", "data");
    checkDataDir(dataDir);
    expect(fs.statSync(dataDir).isDirectory()).toBe(true);
    expect(entries(dataDir)).toEqual([]);
  });

  it("accepts a DATA_DIR that holds a database, and leaves it as it was", () => {
    fs.mkdirSync(path.join(tmp, "pgdata"));
    fs.writeFileSync(path.join(tmp, "pgdata", "PG_VERSION"), "17\n");
    checkDataDir(tmp);
    expect(entries(tmp)).toEqual(["pgdata"]);
    expect(entries(path.join(tmp, "pgdata"))).toEqual(["PG_VERSION"]);
  });

  it("refuses a DATA_DIR that is a file", () => {
    const file = path.join(tmp, "data");
    fs.writeFileSync(file, "not a folder");
    expect(refusal(file)).toBe(
      `The embedded database's folder ${file} (DATA_DIR) can't be used: it is a file, not a ` +
        "folder. Point DATA_DIR at a folder. Nothing in it was changed.",
    );
    expect(fs.readFileSync(file, "utf8")).toBe("not a folder");
  });

  it("refuses a DATA_DIR under a file", () => {
    fs.writeFileSync(path.join(tmp, "file"), "");
    const dataDir = path.join(tmp, "file", "data");
    expect(refusal(dataDir)).toMatch(
      new RegExp(
        `^The embedded database's folder ${dataDir} \\(DATA_DIR\\) can't be used: a part of its path is a file, not a folder`,
      ),
    );
  });

  it("refuses a pgdata that is a file, naming it", () => {
    fs.writeFileSync(path.join(tmp, "pgdata"), "");
    expect(refusal(tmp)).toContain(`${path.join(tmp, "pgdata")} is a file, not a folder`);
  });

  it("refuses a DATA_DIR it may not create (permission denied), naming the user", () => {
    const dataDir = path.join(tmp, "data");
    const message = refusal(dataDir, failing("mkdirSync", "EACCES"));
    expect(message).toContain(`${dataDir} (DATA_DIR) can't be used: this process (user `);
    expect(message).toContain("may not write there (permission denied)");
  });

  it("refuses a read-only DATA_DIR (permission denied), leaving nothing behind", () => {
    const message = refusal(tmp, failing("openSync", "EACCES"));
    expect(message).toContain("may not write there (permission denied)");
    expect(entries(tmp)).toEqual([]);
  });

  it("refuses a database folder it may not write to, though DATA_DIR is writable", () => {
    fs.mkdirSync(path.join(tmp, "pgdata"));
    const pgdata = path.join(tmp, "pgdata");
    const message = refusal(
      tmp,
      failing("openSync", "EPERM", (file) => file.startsWith(pgdata)),
    );
    expect(message).toContain("may not write there (permission denied)");
    expect(entries(tmp)).toEqual(["pgdata"]);
    expect(entries(pgdata)).toEqual([]);
  });

  it("refuses a DATA_DIR on a read-only file system", () => {
    expect(refusal(tmp, failing("openSync", "EROFS"))).toContain(
      "can't be used: it is on a read-only file system. Mount it read-write",
    );
  });

  it("refuses a full disk (the probe's write fails with ENOSPC), and removes the probe", () => {
    expect(refusal(tmp, failing("writeSync", "ENOSPC"))).toContain(
      `${tmp} (DATA_DIR) can't be used: its disk is full`,
    );
    expect(entries(tmp)).toEqual([]);
  });

  it("refuses a full disk found on flushing (ENOSPC from fsync) and a used-up quota", () => {
    expect(refusal(tmp, failing("fsyncSync", "ENOSPC"))).toContain("its disk is full");
    expect(refusal(tmp, failing("writeSync", "EDQUOT"))).toContain("disk quota is used up");
    expect(entries(tmp)).toEqual([]);
  });

  it("refuses a disk with less than MIN_FREE_BYTES free, saying how much there is", () => {
    const nearlyFull: DataDirFs = {
      ...failing("mkdirSync", "NONE", () => false),
      statfsSync: () => ({ bavail: 10, bsize: 1024 * 1024 }),
    };
    expect(refusal(tmp, nearlyFull)).toContain(
      "its disk has only 10 MB free, and the embedded database needs at least 64 MB",
    );
    const enough: DataDirFs = {
      ...nearlyFull,
      statfsSync: () => ({ bavail: BigInt(MIN_FREE_BYTES / 4096), bsize: BigInt(4096) }),
    };
    expect(() => checkDataDir(tmp, enough)).not.toThrow();
  });

  it("lets any other error through as it is", () => {
    expect(() => checkDataDir(tmp, failing("openSync", "EIO"))).toThrow(/^EIO: open/);
  });
});
