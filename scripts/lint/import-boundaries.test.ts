import path from "node:path";
import { ESLint, type Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The import rules in eslint.config.mjs, tried on made-up files: each rule must refuse what it is
// there to refuse, and let through what the layout allows (docs/architecture.md).
const root = path.resolve(import.meta.dirname, "../..");
const configFile = path.join(root, "eslint.config.mjs");
const { boundaries } = (await import(configFile)) as { boundaries: Linter.Config[] };
// Only the import rules, exactly as the config states them (the rest of the config needs a
// TypeScript program, which made-up files are not part of).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ["**/*.ts", "**/*.tsx"], languageOptions: { parser: tseslint.parser } },
    ...boundaries,
  ],
});

async function refused(file: string, source: string): Promise<boolean> {
  const [result] = await eslint.lintText(`${source}\n`, { filePath: path.join(root, file) });
  const messages = (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports");
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return messages.length > 0;
}

describe("import boundaries", () => {
  it.each([
    ["components/people/x.tsx", 'import { a } from "@/app/(app)/users/page";'],
    ["lib/people/x.ts", 'import { a } from "@/app/(app)/users/page";'],
    ["app/(app)/users/page.tsx", 'import { a } from "./helpers";'],
    ["app/(app)/users/page.tsx", 'import { a } from "@/lib/people/users-page";'],
    ["lib/people/x.ts", 'import { a } from "@/lib/workspaces/members";'],
    ["components/people/x.tsx", 'import { a } from "@/lib/workspaces/member-actions";'],
    ["components/people/x.tsx", 'import { a } from "@/components/workspaces/workspace-members";'],
    ["lib/people/x.ts", 'import { a } from "../workspaces/members";'],
    ["lib/db/x.ts", 'import { a } from "@/lib/people";'],
    ["components/ui/x.tsx", 'import { a } from "@/lib/invitations";'],
    ["lib/organization/x.test.ts", 'import { a } from "@/lib/people/actions";'],
    ["lib/organization/x.integration.test.ts", 'import { a } from "@/lib/people/queries";'],
  ])("refuses %s: %s", async (file, source) => {
    expect(await refused(file, source)).toBe(true);
  });

  it.each([
    ["app/(app)/users/page.tsx", 'import { a } from "@/lib/people";'],
    ["app/(app)/users/page.tsx", 'import { a } from "@/components/invitations/invite-dialog";'],
    ["app/layout.tsx", 'import "./globals.css";'],
    ["lib/people/x.ts", 'import { a } from "@/lib/workspaces";'],
    ["lib/people/x.ts", 'import { a } from "./queries";'],
    ["components/people/x.tsx", 'import { a } from "@/lib/people/actions";'],
    ["components/people/x.tsx", 'import { a } from "@/components/ui/button";'],
    ["lib/workspaces/x.ts", 'import { a } from "@/lib/permissions";'],
    ["lib/organization/x.integration.test.ts", 'import { a } from "@/lib/people/actions";'],
    ["lib/people/x.integration.test.ts", 'import { a } from "@/lib/organization/danger-actions";'],
  ])("allows %s: %s", async (file, source) => {
    expect(await refused(file, source)).toBe(false);
  });
});
