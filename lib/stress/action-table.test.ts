import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTION_INPUTS } from "./action-inputs";

const root = path.resolve(import.meta.dirname, "../..");

/** Every "use server" file under lib/, as a path from the repository's root. */
function serverActionFiles(dir = path.join(root, "lib")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : serverActionFiles(full);
    if (!/\.tsx?$/.test(entry.name)) return [];
    const source = fs.readFileSync(full, "utf8");
    return /^\s*["']use server["']/.test(source) ? [path.relative(root, full)] : [];
  });
}

/** "file#name" for each export of a "use server" file: each is a server action. */
function exportedActions(): string[] {
  return serverActionFiles().flatMap((file) => {
    const source = fs.readFileSync(path.join(root, file), "utf8");
    expect(source, `${file}: export actions one by one, by name`).not.toMatch(
      /^export\s+(\{|\*|default)/m,
    );
    return [...source.matchAll(/^export\s+(?:async\s+)?(?:const|function)\s+(\w+)/gm)].map(
      (m) => `${file}#${m[1]}`,
    );
  });
}

describe("the malformed-input fuzz table (lib/stress/action-inputs.ts)", () => {
  it("has an entry for every exported server action, and none for an action that is gone", () => {
    const actions = exportedActions().sort();
    expect(actions.length).toBeGreaterThanOrEqual(52);
    expect(Object.keys(ACTION_INPUTS).sort()).toEqual(actions);
  });
});
