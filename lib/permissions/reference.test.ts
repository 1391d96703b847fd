import { readFile } from "node:fs/promises";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  PERSONAS,
  decide,
  personaOf,
  type Action,
  type Actor,
  type Decision,
  type Persona,
  type Target,
} from "./matrix";
import { GRANT_CELLS, PERSONA_LABELS } from "./reference";
import { renderPermissionsReference } from "./reference-doc";
import { ACTORS, ORG } from "./test-personas";

const DOC = path.resolve(import.meta.dirname, "../../docs/permissions.md");

/** What scripts/docs/permissions.ts writes: the rendered markdown, through the repo's Prettier. */
async function expectedDoc(): Promise<string> {
  const config = await resolveConfig(DOC);
  return format(renderPermissionsReference(), { ...config, filepath: DOC });
}

describe("docs/permissions.md", () => {
  it("is up to date with lib/permissions", async () => {
    const actual = await readFile(DOC, "utf8").catch(() => "(docs/permissions.md is missing)");
    expect(
      actual,
      "docs/permissions.md is out of date with lib/permissions: run `npm run docs:permissions`",
    ).toBe(await expectedDoc());
  });

  it("renders the same markdown every time", () => {
    expect(renderPermissionsReference()).toBe(renderPermissionsReference());
  });
});

const ORG_TARGET: Target = { kind: "organization", organizationId: ORG };

/** The organization-level matrix as rendered: action key → persona → cell text. */
function renderedMatrix(): Map<string, Record<Persona, string>> {
  const cells = (line: string) =>
    line
      .trim()
      .replace(/^\||\|$/g, "")
      .split("|")
      .map((c) => c.trim());
  const lines = renderPermissionsReference().split("\n");
  const headerAt = lines.findIndex(
    (l) => l.startsWith("|") && cells(l).includes(PERSONA_LABELS.manager),
  );
  expect(headerAt, "the matrix table is in the reference").toBeGreaterThanOrEqual(0);
  const header = cells(lines[headerAt]!);
  const column = (label: string) => header.indexOf(label);
  const keyColumn = column("`action`");
  const matrix = new Map<string, Record<Persona, string>>();
  for (const line of lines.slice(headerAt + 2)) {
    if (!line.startsWith("|")) break;
    const row = cells(line);
    const action = row[keyColumn]!.replace(/`/g, "");
    matrix.set(
      action,
      Object.fromEntries(PERSONAS.map((p) => [p, row[column(PERSONA_LABELS[p])]])) as Record<
        Persona,
        string
      >,
    );
  }
  return matrix;
}

function expectedDecision(cell: string): Decision {
  if (cell === GRANT_CELLS.all) return { allowed: true, grant: "all" };
  if (cell === GRANT_CELLS.scoped) return { allowed: true, grant: "scoped" };
  if (cell === GRANT_CELLS.none) return { allowed: false, reason: "forbidden" };
  throw new Error(`unknown cell "${cell}"`);
}

describe("the rendered matrix agrees with decide()", () => {
  const matrix = renderedMatrix();

  it("has one row per action", () => {
    expect([...matrix.keys()].sort()).toEqual([...ACTIONS].sort());
  });

  it("the test actors have the personas they stand for", () => {
    for (const persona of PERSONAS) expect(personaOf(ACTORS[persona]())).toBe(persona);
  });

  const rows: [Persona, Action][] = PERSONAS.flatMap((p) =>
    ACTIONS.map((a): [Persona, Action] => [p, a]),
  );
  it.each(rows)("%s · %s", (persona, action) => {
    const cell = matrix.get(action)![persona];
    expect(decide(ACTORS[persona](), action, ORG_TARGET)).toEqual(expectedDecision(cell));
  });

  it("a disabled or suspended caller can do nothing, whatever the cell says", () => {
    for (const status of ["disabled", "suspended"] as const) {
      for (const persona of PERSONAS) {
        for (const action of ACTIONS) {
          expect(decide(ACTORS[persona](status), action, ORG_TARGET)).toEqual({
            allowed: false,
            reason: "inactive",
          });
        }
      }
    }
  });
});

describe("the deny reasons come in the documented order", () => {
  const reason = (a: Actor, action: Action, target: Target) => {
    const d = decide(a, action, target);
    return d.allowed ? "allowed" : d.reason;
  };
  const self = (p: Persona, extra: Partial<Extract<Target, { kind: "user" }>> = {}): Target => {
    const a = ACTORS[p]();
    return {
      kind: "user",
      organizationId: ORG,
      userId: a.userId,
      orgRole: a.orgRole,
      workspaceIds: [],
      ...extra,
    };
  };

  it("not_found before inactive", () => {
    expect(
      reason(ACTORS.member("disabled"), "users.remove", {
        kind: "organization",
        organizationId: "org-b",
      }),
    ).toBe("not_found");
  });
  it("inactive before forbidden", () => {
    expect(reason(ACTORS.member("suspended"), "organization.delete", ORG_TARGET)).toBe("inactive");
  });
  it("forbidden before owner_target", () => {
    expect(reason(ACTORS.manager(), "users.remove", self("owner"))).toBe("forbidden");
  });
  it("owner_target before self", () => {
    expect(reason(ACTORS.owner(), "users.remove", self("owner"))).toBe("owner_target");
  });
  it("self before invalid_role", () => {
    expect(reason(ACTORS.admin(), "users.changeOrgRole", self("admin", { newRole: "owner" }))).toBe(
      "self",
    );
  });
  it("invalid_role before out_of_scope", () => {
    expect(
      reason(ACTORS.manager(), "users.invite", {
        kind: "invitation",
        organizationId: ORG,
        role: "admin",
        workspaceIds: ["sales"],
      }),
    ).toBe("invalid_role");
  });
});
