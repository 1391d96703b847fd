import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ACTIONS, PERSONAS } from "@/lib/permissions";
import {
  ACTION_LABELS,
  GRANT_CELLS,
  GRANT_WORDS,
  permissionsReference,
  type PermissionsReference,
} from "@/lib/permissions/reference";
import { renderPermissionsReference } from "@/lib/permissions/reference-doc";
import { OrganizationRoles } from "./organization-roles";
import { WorkspaceRoles } from "./workspace-roles";

// The Roles & permissions page and docs/permissions.md render one structure,
// permissionsReference(). Here both are rendered, read back cell by cell, and compared with each
// other and with the data: a cell that one of them drops, adds or changes fails.

function pageHtml(reference: PermissionsReference): string {
  return renderToStaticMarkup(
    createElement("div", null, [
      createElement(OrganizationRoles, { key: "org", reference }),
      createElement(WorkspaceRoles, { key: "ws", roles: reference.workspaceRoles, reference }),
    ]),
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .trim();

/** A table of the page by id: its column headings, and each row's heading → its cells' text. */
function pageTable(html: string, id: string) {
  const table = new RegExp(`<table id="${id}"[\\s\\S]*?</table>`).exec(html)?.[0];
  expect(table, `the page has the table #${id}`).toBeDefined();
  const columns = [...table!.matchAll(/<th scope="col"[^>]*>([\s\S]*?)<\/th>/g)].map((m) =>
    text(m[1]!),
  );
  const rows = new Map<string, string[]>();
  for (const row of table!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)) {
    const header = /<th scope="row"[^>]*>([\s\S]*?)<\/th>/.exec(row[1]!);
    if (!header) continue;
    const cells = [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => text(m[1]!));
    rows.set(text(header[1]!), cells);
  }
  return { columns, rows };
}

/** A markdown table of the doc by its first heading: column headings, row label → cells. */
function docTable(doc: string, firstHeading: string) {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
  const lines = doc.split("\n");
  const at = lines.findIndex((l) => l.startsWith("|") && cells(l)[0] === firstHeading);
  expect(at, `the doc has the table "${firstHeading}"`).toBeGreaterThanOrEqual(0);
  const columns = cells(lines[at]!);
  const rows = new Map<string, string[]>();
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith("|")) break;
    const [label, ...rest] = cells(line);
    rows.set(label!, rest);
  }
  return { columns, rows };
}

const WORD_OF_CELL = new Map(
  (Object.keys(GRANT_CELLS) as (keyof typeof GRANT_CELLS)[]).map((g) => [
    GRANT_CELLS[g],
    GRANT_WORDS[g],
  ]),
);

describe("the roles page and docs/permissions.md show the same permissions", () => {
  const reference = permissionsReference();
  const html = pageHtml(reference);
  const doc = renderPermissionsReference(reference);

  it("organization roles: every action × role cell, on the page, in the doc and in the data", () => {
    const page = pageTable(html, "org-permissions");
    const md = docTable(doc, "Action");
    const labels = reference.personas.map((p) => p.label);
    expect(page.columns).toEqual(["Action", ...labels]);
    expect(md.columns.slice(1, 1 + labels.length)).toEqual(labels);
    expect([...page.rows.keys()]).toEqual(ACTIONS.map((a) => ACTION_LABELS[a]));
    expect([...md.rows.keys()]).toEqual([...page.rows.keys()]);
    for (const row of reference.organizationPermissions) {
      const onPage = page.rows.get(row.label)!;
      const inDoc = md.rows.get(row.label)!.slice(0, PERSONAS.length);
      expect(onPage, row.action).toEqual(
        reference.personas.map((p) => GRANT_WORDS[row.grants[p.persona]]),
      );
      expect(
        inDoc.map((cell) => WORD_OF_CELL.get(cell)),
        row.action,
      ).toEqual(onPage);
    }
  });

  it("workspace roles: every permission × role cell, on the page, in the doc and in the data", () => {
    const page = pageTable(html, "workspace-permissions");
    const md = docTable(doc, "Permission");
    const labels = reference.workspaceRoles.map((r) => r.label);
    expect(page.columns).toEqual(["Permission", ...labels]);
    expect(md.columns.slice(1, 1 + labels.length)).toEqual(labels);
    expect([...md.rows.keys()]).toEqual([...page.rows.keys()]);
    expect([...page.rows.keys()]).toEqual(reference.workspacePermissions.map((p) => p.label));
    for (const { permission, label } of reference.workspacePermissions) {
      const onPage = page.rows.get(label)!;
      const inDoc = md.rows.get(label)!.slice(0, labels.length);
      expect(onPage, permission).toEqual(
        reference.workspaceRoles.map(
          (r) => GRANT_WORDS[r.permissions.includes(permission) ? "all" : "none"],
        ),
      );
      expect(
        inDoc.map((cell) => WORD_OF_CELL.get(cell)),
        permission,
      ).toEqual(onPage);
    }
  });

  it("the ranked role lists agree", () => {
    const orgPage = pageTable(html, "org-roles");
    const orgDoc = docTable(doc, "Rank");
    expect([...orgPage.rows].map(([label, [rank]]) => [label, rank])).toEqual(
      [...orgDoc.rows].map(([rank, [label]]) => [label, rank]),
    );
    const wsPage = pageTable(html, "workspace-role-list");
    const wsLines = doc.split("\n").filter((l) => /^\| \d+ +\| /.test(l));
    const wsDoc = wsLines.slice(orgDoc.rows.size).map((l) => l.split("|").map((c) => c.trim()));
    expect([...wsPage.rows].map(([label, [rank, what]]) => [rank, label, what])).toEqual(
      wsDoc.map((cells) => [cells[1], cells[2], cells[4]]),
    );
  });

  it("every target rule is on the page and in the doc", () => {
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => text(m[1]!));
    expect(items).toHaveLength(reference.targetRules.length);
    const section = doc.split("\n## Target rules\n")[1]!;
    const list = section.split("\n\n").find((block) => block.startsWith("- **"))!;
    const bullets = list.split(/^- /m).slice(1);
    expect(bullets).toHaveLength(reference.targetRules.length);
    // The page names actions by their words where the doc gives their keys.
    for (const [i, rule] of reference.targetRules.entries()) {
      for (const phrase of [...rule.title, ...rule.detail]) {
        if (typeof phrase === "string") continue;
        if ("action" in phrase) {
          expect(items[i]).toContain(`${ACTION_LABELS[phrase.action]}`);
          expect(bullets[i]).toContain(`\`${phrase.action}\``);
        } else {
          expect(items[i]).toContain(phrase.code);
          expect(bullets[i]).toContain(`\`${phrase.code}\``);
        }
      }
    }
  });

  it("the inheritance example agrees", () => {
    const page = pageTable(html, "inheritance-example");
    const md = docTable(doc, "Workspace");
    expect([...page.rows]).toEqual([...md.rows]);
  });
});

describe("the roles page with an organization's custom role", () => {
  const editor = {
    id: "editor",
    name: "Editor",
    description: "Writes, and files it in sub-workspaces.",
    baseRole: "member" as const,
    permissions: ["createSubWorkspaces" as const],
  };
  const reference = permissionsReference([editor]);
  const html = pageHtml(reference);

  it("lists it after the built-in roles, ranked as its base role, with its recipe", () => {
    const list = pageTable(html, "workspace-role-list");
    expect([...list.rows.keys()]).toEqual(["Manager", "Member", "Viewer", "Guest", "Editor"]);
    expect(list.rows.get("Editor")).toEqual([
      "2",
      "Writes, and files it in sub-workspaces.Custom role: member + create sub-workspaces",
    ]);
  });

  it("gives it a column of the permission table, cell by cell from the data", () => {
    const page = pageTable(html, "workspace-permissions");
    expect(page.columns.at(-1)).toBe("Editor");
    const allowed = [...page.rows].filter(([, cells]) => cells.at(-1) === GRANT_WORDS.all);
    expect(allowed.map(([label]) => label)).toEqual([
      "see the workspace and its members",
      ACTION_LABELS["workspaces.createSub"],
    ]);
  });

  it("leaves the doc to the built-in roles", () => {
    expect(renderPermissionsReference(permissionsReference())).not.toContain("Editor");
  });
});
