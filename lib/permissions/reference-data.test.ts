import { describe, expect, it } from "vitest";
import {
  ACTIONS,
  PERSONAS,
  decide,
  type Action,
  type Actor,
  type Decision,
  type Grant,
  type Target,
} from "./matrix";
import {
  GRANT_CELLS,
  WORKSPACE_VIEW,
  permissionsReference,
  permissionsReferenceFor,
  type PermissionsReference,
} from "./reference";
import { renderPermissionsReference } from "./reference-doc";
import {
  WORKSPACE_ROLES,
  WORKSPACE_ROLE_LABELS,
  workspaceRoleRank,
  type WorkspaceRole,
} from "./roles";
import { ACTORS, ORG, tree } from "./test-personas";
import { workspaceAccessOf } from "./workspace-access";
import { actorScope } from "./workspace-roles";

const ORG_TARGET: Target = { kind: "organization", organizationId: ORG };

function grantOf(decision: Decision): Grant {
  return decision.allowed ? decision.grant : "none";
}

describe("permissionsReference(): the organization layer", () => {
  const reference = permissionsReference();

  it("has one row per action, in the matrix's order", () => {
    expect(reference.organizationPermissions.map((row) => row.action)).toEqual(ACTIONS);
  });

  it("has one column per persona", () => {
    expect(reference.personas.map((column) => column.persona)).toEqual(PERSONAS);
  });

  const cells = PERSONAS.flatMap((persona) => ACTIONS.map((action) => [persona, action] as const));
  it.each(cells)("%s · %s is what decide() answers", (persona, action) => {
    const row = reference.organizationPermissions.find((r) => r.action === action)!;
    expect(row.grants[persona]).toBe(grantOf(decide(ACTORS[persona](), action, ORG_TARGET)));
  });

  it("roles.view: owners and admins only", () => {
    const row = reference.organizationPermissions.find((r) => r.action === "roles.view")!;
    expect(row.grants).toEqual({ owner: "all", admin: "all", manager: "none", member: "none" });
  });
});

/**
 * A target in Payments (inherited from Backend, where the test manager is explicitly manager) for
 * each kind of action: what "may do it in this workspace" means for the action.
 */
function targetInPayments(action: Action): Target {
  if (action.startsWith("workspaces.")) {
    return {
      kind: "workspace",
      organizationId: ORG,
      workspaceId: "payments",
      newParentId: "backend",
    };
  }
  if (action === "users.invite" || action.startsWith("invitations.")) {
    return { kind: "invitation", organizationId: ORG, role: "member", workspaceIds: ["payments"] };
  }
  if (action.startsWith("users.")) {
    return {
      kind: "user",
      organizationId: ORG,
      userId: "u-someone",
      orgRole: "member",
      workspaceIds: ["payments"],
      workspaceId: "payments",
      newRole: "member",
    };
  }
  return ORG_TARGET;
}

/** An active org member whose only workspace role is `role` in Backend. */
function memberWithRole(role: WorkspaceRole): Actor {
  return {
    userId: `u-${role}`,
    membershipId: `m-${role}`,
    organizationId: ORG,
    orgRole: "member",
    status: "active",
    ...actorScope(tree, [{ workspaceId: "backend", role }]),
  };
}

describe("permissionsReference(): the workspace layer", () => {
  const reference = permissionsReference();

  it("lists the built-in workspace roles, highest first, each its own base", () => {
    expect(
      reference.workspaceRoles.map(({ key, label, rank, baseRole }) => ({
        key,
        label,
        rank,
        baseRole,
      })),
    ).toEqual(
      WORKSPACE_ROLES.map((role) => ({
        key: role,
        label: WORKSPACE_ROLE_LABELS[role],
        rank: workspaceRoleRank(role),
        baseRole: role,
      })),
    );
  });

  const pairs = WORKSPACE_ROLES.flatMap((role) => ACTIONS.map((action) => [role, action] as const));
  it.each(pairs)(
    "%s, inherited into a sub-workspace: %s there is listed exactly when decide() allows it",
    (role, action) => {
      const definition = reference.workspaceRoles.find((r) => r.key === role)!;
      const allowed = decide(memberWithRole(role), action, targetInPayments(action)).allowed;
      expect(definition.permissions.includes(action)).toBe(allowed);
    },
  );

  it.each(WORKSPACE_ROLES)(
    "%s sees the workspace's members exactly when the page shows them",
    (role) => {
      const definition = reference.workspaceRoles.find((r) => r.key === role)!;
      expect(definition.permissions.includes(WORKSPACE_VIEW)).toBe(
        workspaceAccessOf(role) === "full",
      );
    },
  );

  it("the permission rows are exactly those some workspace role holds", () => {
    const held = new Set(reference.workspaceRoles.flatMap((r) => r.permissions));
    expect(new Set(reference.workspacePermissions.map((p) => p.permission))).toEqual(held);
  });

  it("upgrade-only: a higher role holds every permission of a lower one", () => {
    const roles = reference.workspaceRoles;
    for (let i = 1; i < roles.length; i++) {
      for (const permission of roles[i]!.permissions) {
        expect(roles[i - 1]!.permissions, `${roles[i - 1]!.key} ⊇ ${roles[i]!.key}`).toContain(
          permission,
        );
      }
    }
  });

  it("owners and admins are manager everywhere", () => {
    expect(reference.managersEverywhere).toEqual(["owner", "admin"]);
  });

  it("the inheritance example is refused when it would lower an inherited role", () => {
    expect(reference.inheritanceExample.managed).toEqual(["Backend", "Payments"]);
    expect(reference.inheritanceExample.downgrade.refusal).toMatch(
      /Change their role in "Backend"/,
    );
  });
});

describe("permissionsReferenceFor(): who may read the page", () => {
  it.each(["owner", "admin"] as const)("an active %s reads it", (persona) => {
    expect(permissionsReferenceFor(ACTORS[persona]())).toEqual(permissionsReference());
  });
  it.each(["manager", "member"] as const)("a %s does not", (persona) => {
    expect(permissionsReferenceFor(ACTORS[persona]())).toBeNull();
  });
  it("a disabled owner does not", () => {
    expect(permissionsReferenceFor(ACTORS.owner("disabled"))).toBeNull();
  });
});

describe("the doc is rendered from the data", () => {
  it("a cell changed in the data changes in the doc", () => {
    const reference = permissionsReference();
    const changed: PermissionsReference = {
      ...reference,
      organizationPermissions: reference.organizationPermissions.map((row) =>
        row.action === "users.remove" ? { ...row, grants: { ...row.grants, member: "all" } } : row,
      ),
    };
    const line = (doc: string) =>
      doc.split("\n").find((l) => l.includes("`users.remove`") && l.startsWith("|"));
    expect(line(renderPermissionsReference(reference))).toMatch(
      new RegExp(`\\| ${GRANT_CELLS.none} \\| \`users.remove\``),
    );
    expect(line(renderPermissionsReference(changed))).toMatch(
      new RegExp(`\\| ${GRANT_CELLS.all} \\| \`users.remove\``),
    );
  });

  it("renderPermissionsReference() with no argument renders permissionsReference()", () => {
    expect(renderPermissionsReference()).toBe(renderPermissionsReference(permissionsReference()));
  });
});
