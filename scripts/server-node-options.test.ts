import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverNodeOptions } from "./server-node-options.mjs";

const packageJson = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, "..", "package.json"), "utf8"),
) as { scripts: Record<string, string> };

/** What the shell runs for `npm start` with ROSTER_MAX_HEAP_MB set to `heap` (or unset). */
function startCommand(heap?: string): string {
  return packageJson.scripts.start!.replace(
    /\$\{ROSTER_MAX_HEAP_MB:-(\d+)\}/,
    (_, fallback: string) => heap || fallback,
  );
}

describe("serverNodeOptions", () => {
  it("gives the options `npm start` runs server.mjs with", () => {
    expect(startCommand()).toBe(`exec node ${serverNodeOptions({}).join(" ")} server.mjs`);
    expect(startCommand("320")).toBe(
      `exec node ${serverNodeOptions({ ROSTER_MAX_HEAP_MB: "320" }).join(" ")} server.mjs`,
    );
  });
});
