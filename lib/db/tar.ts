// The backup archive: a gzip-compressed POSIX tar (ustar) of the embedded database's folder, with
// directories and regular files only (all a PostgreSQL data folder holds), names starting with "/"
// as PGlite's own dumpDataDir() writes them — so PGlite's loadDataDir, `tar -xzf` and this module
// read each other's archives. Both directions stream: a database of any size passes through in
// small pieces.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";

const BLOCK = 512;

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(value.toString(8).padStart(length - 1, "0") + "\0", offset, length, "ascii");
}

function header(name: string, type: "file" | "directory", size: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    prefix = name.slice(0, cut);
    base = name.slice(cut + 1);
    if (cut <= 0 || Buffer.byteLength(prefix) > 155 || Buffer.byteLength(base) > 100) {
      throw new Error(`The path ${name} is too long for the backup archive.`);
    }
  }
  block.write(base, 0, 100, "utf8");
  writeOctal(block, 100, 8, type === "directory" ? 0o755 : 0o600);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, size);
  writeOctal(block, 136, 12, Math.floor(mtime / 1000));
  block.fill(" ", 148, 156);
  block.write(type === "directory" ? "5" : "0", 156, 1, "ascii");
  block.write("ustar\0" + "00", 257, 8, "ascii");
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, 8, "ascii");
  return block;
}

async function* entries(root: string, relative: string): AsyncGenerator<Buffer> {
  const names = fs.readdirSync(path.join(root, relative)).sort();
  for (const name of names) {
    const inArchive = `${relative}/${name}`;
    const full = path.join(root, inArchive);
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      yield header(inArchive, "directory", 0, stat.mtimeMs);
      yield* entries(root, inArchive);
    } else if (stat.isFile()) {
      yield header(inArchive, "file", stat.size, stat.mtimeMs);
      let read = 0;
      for await (const chunk of fs.createReadStream(full) as AsyncIterable<Buffer>) {
        read += chunk.length;
        yield chunk;
      }
      if (read !== stat.size) throw new Error(`${full} changed while it was being archived.`);
      if (read % BLOCK !== 0) yield Buffer.alloc(BLOCK - (read % BLOCK));
    }
  }
}

/** The folder's content as a gzip-compressed tar stream. */
export function tarGzip(folder: string): Readable {
  async function* archive() {
    yield* entries(folder, "");
    yield Buffer.alloc(2 * BLOCK);
  }
  const gzip = zlib.createGzip();
  pipeline(Readable.from(archive()), gzip).catch((error: unknown) => {
    gzip.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return gzip;
}

const readString = (block: Buffer, offset: number, length: number) => {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString("utf8");
};

/** Unpacks a gzip-compressed tar stream into `folder` (which must exist). Refuses to escape it. */
export async function untarGzip(source: Readable, folder: string): Promise<void> {
  const root = path.resolve(folder);
  const gunzip = zlib.createGunzip();
  const unpacked = pipeline(source, gunzip);
  unpacked.catch(() => {}); // awaited below; an early error in the loop must not leave it unhandled
  let pending: Buffer = Buffer.alloc(0);
  let file: { fd: number; left: number; padding: number } | null = null;
  let ended = false;
  const target = (name: string) => {
    const resolved = path.resolve(root, `.${path.posix.normalize(`/${name}`)}`);
    if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`)) {
      throw new Error(`The archive names a path outside its folder: ${name}`);
    }
    return resolved;
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (file) {
          const take = Math.min(file.left, pending.length);
          if (take > 0) fs.writeSync(file.fd, pending, 0, take);
          file.left -= take;
          pending = pending.subarray(take);
          if (file.left > 0) break;
          if (pending.length < file.padding) break;
          pending = pending.subarray(file.padding);
          fs.closeSync(file.fd);
          file = null;
        }
        if (ended || pending.length < BLOCK) break;
        const block = pending.subarray(0, BLOCK);
        pending = pending.subarray(BLOCK);
        if (block.every((byte) => byte === 0)) {
          ended = true;
          break;
        }
        if (readString(block, 257, 5) !== "ustar") throw new Error("Not a tar archive.");
        const prefix = readString(block, 345, 155);
        const name = prefix ? `${prefix}/${readString(block, 0, 100)}` : readString(block, 0, 100);
        const size = parseInt(readString(block, 124, 12).trim() || "0", 8);
        const type = String.fromCharCode(block[156] ?? 0);
        if (type === "5") {
          fs.mkdirSync(target(name), { recursive: true });
        } else if (type === "0" || type === "\0") {
          const into = target(name);
          fs.mkdirSync(path.dirname(into), { recursive: true });
          const padding = size % BLOCK === 0 ? 0 : BLOCK - (size % BLOCK);
          file = { fd: fs.openSync(into, "wx", 0o600), left: size, padding };
        } else {
          throw new Error(`The archive holds an entry of a kind a database folder never has.`);
        }
      }
    }
    await unpacked;
    if (file || !ended) throw new Error("The archive is cut off.");
  } finally {
    if (file) fs.closeSync(file.fd);
  }
}
