import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { firstLoadJs } from "./http-client";

const nextDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-first-load-"));
const chunk = (name: string, text: string) => {
  fs.mkdirSync(path.join(nextDir, "static", "chunks"), { recursive: true });
  fs.writeFileSync(path.join(nextDir, "static", "chunks", name), text);
  return Buffer.byteLength(text);
};
afterAll(() => fs.rmSync(nextDir, { recursive: true, force: true }));

describe("firstLoadJs", () => {
  it("counts the script tags and the chunks the inline payload names, each once", () => {
    const main = chunk("main.js", "console.log('main');".repeat(50));
    const boundary = chunk("boundary.js", "export const boundary = 1;");
    const legacy = chunk("polyfills.js", "/* polyfills */");
    const html =
      `<head><script src="/_next/static/chunks/main.js" async=""></script>` +
      `<script src="/_next/static/chunks/polyfills.js" noModule=""></script></head>` +
      // The payload's client reference to a chunk with no tag, and again to one with a tag.
      `<script>self.__next_f.push([1,"1c:I[8821,[\\"/_next/static/chunks/boundary.js\\",` +
      `\\"/_next/static/chunks/main.js\\"],\\"default\\"]"])</script>`;
    const sizes = firstLoadJs(html, nextDir);
    expect(sizes.scripts).toBe(2);
    expect(sizes.bytes).toBe(main + boundary);
    const gz = (name: string) =>
      zlib.gzipSync(fs.readFileSync(path.join(nextDir, "static", "chunks", name))).length;
    expect(sizes.gzip).toBe(gz("main.js") + gz("boundary.js"));
    expect(sizes.legacy).toEqual({ scripts: 1, bytes: legacy, gzip: gz("polyfills.js") });
  });
});
