// `npm run docs:permissions`: writes docs/permissions.md, the roles & permissions reference, from
// lib/permissions. The markdown goes through Prettier with the repo's config, so the file passes
// `prettier --check` as written; lib/permissions/reference.test.ts fails when it is out of date.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";
import { renderPermissionsReference } from "../../lib/permissions/reference-doc";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const file = path.join(root, "docs/permissions.md");

async function main(): Promise<void> {
  const config = await resolveConfig(file);
  const markdown = await format(renderPermissionsReference(), { ...config, filepath: file });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, markdown);
  console.info(`Wrote ${path.relative(root, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
