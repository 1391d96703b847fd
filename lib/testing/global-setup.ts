import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openPGlite } from "../db/pglite";
import type { TestProject } from "vitest/node";
import { applyMigrations, pgliteExecutor } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteSnapshot: string;
  }
}

/**
 * Initialising PGlite takes seconds; migrating it once and handing every test file a copy of the
 * data directory takes a fraction of that.
 */
export default async function setup(project: TestProject) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-test-"));
  const pglite = await openPGlite();
  await applyMigrations(pgliteExecutor(pglite));
  const snapshot = await pglite.dumpDataDir("none");
  await pglite.close();
  const file = path.join(dir, "migrated.tar");
  fs.writeFileSync(file, Buffer.from(await snapshot.arrayBuffer()));
  project.provide("pgliteSnapshot", file);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
