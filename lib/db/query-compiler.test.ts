import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// `npm run db:generate` (scripts/prisma-generate.mjs) makes the generated client read Prisma's query
// compiler from a .wasm file, instead of keeping it in the heap as a base64 JavaScript string.
const generated = path.resolve(import.meta.dirname, "generated");

describe("the generated Prisma client's query compiler", () => {
  it("is loaded from the .wasm file next to the client, not from the base64 module", () => {
    const source = fs.readFileSync(path.join(generated, "internal/class.ts"), "utf8");
    expect(source).not.toContain("wasm-base64");
    expect(source).toContain('new URL("../query_compiler_bg.wasm", import.meta.url)');
  });

  it("is a valid WebAssembly module, the one @prisma/client ships", async () => {
    const bytes = fs.readFileSync(path.join(generated, "query_compiler_bg.wasm"));
    expect(WebAssembly.validate(bytes)).toBe(true);
    // Named through a variable: the module has no type declarations.
    const base64Module = "@prisma/client/runtime/query_compiler_fast_bg.postgresql.wasm-base64.mjs";
    const { wasm } = (await import(base64Module)) as { wasm: string };
    expect(bytes.equals(Buffer.from(wasm, "base64"))).toBe(true);
  });
});
