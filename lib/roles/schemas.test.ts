import { describe, expect, it } from "vitest";
import { NAME_CONTROL_CHARACTERS, NAME_INVISIBLE_CHARACTERS } from "@/lib/forms/fields";
import { WORKSPACE_PERMISSIONS } from "@/lib/permissions";
import {
  createCustomRoleInput,
  deleteCustomRoleInput,
  roleNameKey,
  updateCustomRoleInput,
} from "./schemas";

const valid = { name: "Editor", baseRole: "member", permissions: [] } as const;

function messages(input: unknown) {
  const parsed = createCustomRoleInput.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("a custom role's definition", () => {
  it("trims the name and description, and the description may be left out", () => {
    expect(createCustomRoleInput.parse({ ...valid, name: "  Editor  " })).toEqual({
      name: "Editor",
      description: "",
      baseRole: "member",
      permissions: [],
    });
    expect(
      createCustomRoleInput.parse({ ...valid, description: "  Writes and files.  " }).description,
    ).toBe("Writes and files.");
  });

  it("names: 1 to 40 visible characters, none of them a built-in role's name", () => {
    expect(messages({ ...valid, name: "   " })).toEqual(["name: Enter a name"]);
    expect(messages({ ...valid, name: "x".repeat(40) })).toEqual([]);
    expect(messages({ ...valid, name: "x".repeat(41) })).toEqual([
      "name: Keep the name under 40 characters",
    ]);
    expect(messages({ ...valid, name: "Edit\u202Eor" })).toEqual([
      `name: ${NAME_INVISIBLE_CHARACTERS}`,
    ]);
    expect(messages({ ...valid, name: "Edit\nor" })).toEqual([`name: ${NAME_CONTROL_CHARACTERS}`]);
    for (const name of ["manager", "Member", " VIEWER ", "gUeSt"]) {
      expect(messages({ ...valid, name })).toEqual([
        "name: That is the name of a built-in role: choose another",
      ]);
    }
    expect(messages({ ...valid, name: "Managers" })).toEqual([]);
  });

  it("descriptions: at most 200 characters, on one line", () => {
    expect(messages({ ...valid, description: "x".repeat(200) })).toEqual([]);
    expect(messages({ ...valid, description: "x".repeat(201) })).toEqual([
      "description: Keep the description under 200 characters",
    ]);
    expect(messages({ ...valid, description: "a\nb" })).toEqual([
      `description: ${NAME_CONTROL_CHARACTERS}`,
    ]);
  });

  it("a base role is one of the four built-in workspace roles", () => {
    expect(messages({ ...valid, baseRole: "owner" })).toEqual(["baseRole: Choose a base role"]);
    expect(messages({ ...valid, baseRole: undefined })).toEqual(["baseRole: Choose a base role"]);
  });

  it("permissions: workspace permissions only, each once, in canonical order", () => {
    expect(messages({ ...valid, permissions: ["users.remove"] })).toEqual([
      "permissions.0: Not a workspace permission",
    ]);
    expect(messages({ ...valid, permissions: ["moveWorkspace", "moveWorkspace"] })).toEqual([
      "permissions: Choose each permission once",
    ]);
    expect(
      createCustomRoleInput.parse({
        ...valid,
        permissions: ["moveWorkspace", "viewMembers", "createSubWorkspaces"],
      }).permissions,
    ).toEqual(["viewMembers", "createSubWorkspaces", "moveWorkspace"]);
  });

  it("drops the permissions the base role already holds (a manager holds them all)", () => {
    const all = [...WORKSPACE_PERMISSIONS];
    expect(
      createCustomRoleInput.parse({ ...valid, baseRole: "manager", permissions: all }).permissions,
    ).toEqual([]);
    expect(
      createCustomRoleInput.parse({ ...valid, baseRole: "guest", permissions: all }).permissions,
    ).toEqual(all);
  });

  it("an edit also needs the role's id and the version it was loaded with", () => {
    expect(updateCustomRoleInput.safeParse(valid).success).toBe(false);
    expect(updateCustomRoleInput.parse({ ...valid, roleId: "r1", version: "3" })).toMatchObject({
      roleId: "r1",
      version: 3,
    });
  });

  it("names are unique by their lower-cased, trimmed form", () => {
    expect(roleNameKey("  EdiTor ")).toBe("editor");
  });
});

describe("deleting a custom role", () => {
  const expected = { people: 3, workspaces: 2, invitations: 1 };

  it("takes a replacement role key, never the role itself", () => {
    expect(
      deleteCustomRoleInput.safeParse({ roleId: "r1", replacement: "viewer", expected }).success,
    ).toBe(true);
    expect(
      deleteCustomRoleInput.safeParse({ roleId: "r1", replacement: "custom:r2", expected }).success,
    ).toBe(true);
    const itself = deleteCustomRoleInput.safeParse({
      roleId: "r1",
      replacement: "custom:r1",
      expected,
    });
    expect(itself.success ? [] : itself.error.issues.map((i) => [i.path, i.message])).toEqual([
      [["replacement"], "Choose another role: this one is being deleted"],
    ]);
    expect(
      deleteCustomRoleInput.safeParse({ roleId: "r1", replacement: "owner", expected }).success,
    ).toBe(false);
  });

  it("the replacement may be left out (an unused role); the counts shown may not", () => {
    expect(deleteCustomRoleInput.safeParse({ roleId: "r1", expected }).success).toBe(true);
    expect(deleteCustomRoleInput.safeParse({ roleId: "r1" }).success).toBe(false);
    expect(
      deleteCustomRoleInput.safeParse({ roleId: "r1", expected: { ...expected, people: -1 } })
        .success,
    ).toBe(false);
  });
});
