import { describe, expect, it } from "vitest";
import { ACTIONS, PERMISSION_MATRIX, decide, type Actor } from "./matrix";
import { permissionsReference } from "./reference";
import {
  WORKSPACE_VIEW,
  addablePermissions,
  customWorkspaceRole,
  targetIn,
  workspaceRoleDefinitions,
  workspaceRolePermissions,
} from "./reference-roles";
import { WORKSPACE_ROLES } from "./roles";
import { ORG, tree } from "./test-personas";
import { WORKSPACE_PERMISSIONS, type WorkspacePermission } from "./workspace-permissions";
import { actorScope } from "./workspace-roles";

const editor = {
  id: "editor",
  name: "Editor",
  description: "",
  baseRole: "member" as const,
  permissions: ["createSubWorkspaces" as const],
};

/** An org member holding only a member-based custom role with `permissions` in Engineering. */
function holderOf(permissions: WorkspacePermission[]): Actor {
  return {
    userId: "u-holder",
    membershipId: "m-holder",
    organizationId: ORG,
    orgRole: "member",
    status: "active",
    ...actorScope(tree, [
      {
        workspaceId: "eng",
        role: "member",
        customRole: { id: "c", name: "C", permissions },
      },
    ]),
  };
}

describe("a custom role in the reference", () => {
  it('"Editor" = member + create sub-workspaces: creating sub-workspaces, and nothing else of the manager\'s', () => {
    const role = customWorkspaceRole(editor);
    expect(role).toMatchObject({
      key: "custom:editor",
      label: "Editor",
      rank: 2,
      baseRole: "member",
      recipe: "member + create sub-workspaces",
      description: "Custom role: member + create sub-workspaces.",
    });
    expect(role.permissions).toEqual([WORKSPACE_VIEW, "workspaces.createSub"]);
    const manager = workspaceRolePermissions("manager");
    expect(manager.filter((p) => !role.permissions.includes(p))).toEqual(
      manager.filter((p) => p !== WORKSPACE_VIEW && p !== "workspaces.createSub"),
    );
  });

  it("adding nothing to a base role gives its column", () => {
    for (const role of WORKSPACE_ROLES) {
      expect(workspaceRolePermissions(role, { id: "x", name: "X", permissions: [] })).toEqual(
        workspaceRolePermissions(role),
      );
    }
  });

  it("a guest base keeps the workspace out of sight, whatever it adds", () => {
    const role = customWorkspaceRole({
      ...editor,
      baseRole: "guest",
      permissions: ["renameWorkspace"],
    });
    expect(role.permissions).toEqual(["workspaces.rename"]);
    expect(role.rank).toBe(0);
  });

  it("all the permissions on a member base: the manager's column", () => {
    expect(
      workspaceRolePermissions("member", {
        id: "x",
        name: "X",
        permissions: [...WORKSPACE_PERMISSIONS],
      }),
    ).toEqual(workspaceRolePermissions("manager"));
  });

  // Each permission on its own, against decide() for a holder deciding in a workspace below.
  const pairs = WORKSPACE_PERMISSIONS.flatMap((p) => ACTIONS.map((a) => [p, a] as const));
  it.each(pairs)(
    "adding %s: %s is listed exactly when decide() allows it",
    (permission, action) => {
      const listed = workspaceRolePermissions("member", {
        id: "x",
        name: "X",
        permissions: [permission],
      }).includes(action);
      const allowed =
        PERMISSION_MATRIX[action].manager === "scoped" &&
        decide(holderOf([permission]), action, targetIn(action, "backend", "payments", ORG))
          .allowed;
      expect(listed).toBe(allowed);
    },
  );

  it("each addable permission opens the actions listed for it, and never an organization-level one", () => {
    for (const { permission, actions } of addablePermissions()) {
      expect(actions.length, permission).toBeGreaterThan(0);
      for (const action of actions) {
        expect(PERMISSION_MATRIX[action].manager, action).toBe("scoped");
      }
    }
  });

  it("the page lists the built-in roles, then the organization's, highest base role first", () => {
    const roles = workspaceRoleDefinitions([
      { ...editor, id: "b", name: "Browser", baseRole: "viewer", permissions: [] },
      editor,
      { ...editor, id: "a", name: "Author" },
    ]);
    expect(roles.map((r) => r.label)).toEqual([
      "Manager",
      "Member",
      "Viewer",
      "Guest",
      "Author",
      "Editor",
      "Browser",
    ]);
    const reference = permissionsReference([editor]);
    expect(reference.workspaceRoles.at(-1)?.key).toBe("custom:editor");
    // The doc's reference (no custom roles) is unchanged by them.
    expect(permissionsReference().workspaceRoles).toHaveLength(4);
  });
});
