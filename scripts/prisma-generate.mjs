// Runs `prisma generate` without letting the CLI download its native schema engine: generate only
// checks that PRISMA_SCHEMA_ENGINE_BINARY names an existing file, and never runs it.
//
// Then the generated client is made to load Prisma's query compiler (WebAssembly) from a .wasm
// file instead of from a JavaScript module holding it as base64. The module stays loaded for the
// server's life: its source and the string it exports kept ~9 MB of the JavaScript heap, for
// bytes needed once, at the first query. Now they are read, compiled and let go.
import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
if (result.status !== 0) process.exit(result.status ?? 1);

const generated = path.resolve(import.meta.dirname, "../lib/db/generated");
/** Next to the generated client; `internal/class.ts` reads it as `../query_compiler_bg.wasm`. */
const WASM_FILE = "query_compiler_bg.wasm";
const classFile = path.join(generated, "internal/class.ts");
const source = fs.readFileSync(classFile, "utf8");
// The loader prisma generate writes: `import(...wasm-base64.mjs)`, then decodeBase64AsWasm(wasm).
const loader =
  /getQueryCompilerWasmModule: async \(\) => \{\n\s*const \{ wasm \} = await import\("([^"]+\.wasm-base64\.mjs)"\)\n\s*return await decodeBase64AsWasm\(wasm\)\n\s*\},/;
const found = loader.exec(source);
if (!found) {
  console.error(
    `scripts/prisma-generate.mjs: the query compiler loader in ${classFile} is not the one this ` +
      "script knows (a new Prisma version?); update the script.",
  );
  process.exit(1);
}
const { wasm } = await import(found[1]);
fs.writeFileSync(path.join(generated, WASM_FILE), Buffer.from(wasm, "base64"));
fs.writeFileSync(
  classFile,
  source.replace(
    loader,
    // `new URL(…, import.meta.url)`: Node.js, Vitest and Next.js's bundler (which copies the file
    // into .next/server/assets) all resolve it.
    `getQueryCompilerWasmModule: async () => {
    const { readFile } = await import("node:fs/promises")
    return new WebAssembly.Module(await readFile(new URL("../${WASM_FILE}", import.meta.url)))
  },`,
  ),
);
