// The workspace roles of the roles & permissions reference (./reference.ts): each role's column of
// the workspace permission table, read off the code that enforces it. A built-in role and a custom
// role (a base role plus workspace permissions) are computed the same way, by asking `decide()`
// what a holder of the role may do in a workspace.
import {
  ACTIONS,
  PERMISSION_MATRIX,
  decide,
  permissionsFor,
  personaOf,
  type Action,
  type Actor,
  type Target,
} from "./matrix";
import {
  WORKSPACE_ROLES,
  WORKSPACE_ROLE_LABELS,
  workspaceRoleRank,
  type WorkspaceRole,
} from "./roles";
import { workspaceAccessOf } from "./workspace-access";
import {
  WORKSPACE_PERMISSIONS,
  WORKSPACE_PERMISSION_TEXT,
  roleRecipe,
  type CustomRoleRef,
  type WorkspacePermission,
} from "./workspace-permissions";
import { WorkspaceTree, actorScope } from "./workspace-roles";

/** Seeing a workspace and its member list; the rest of a workspace role's permissions are actions. */
export const WORKSPACE_VIEW = "workspace.view";
/**
 * A row of the reference's workspace permission table: seeing the workspace, or an action (not to
 * be confused with the `WorkspacePermission`s a role holds, workspace-permissions.ts).
 */
export type ReferencePermission = typeof WORKSPACE_VIEW | Action;

/** What a workspace role is for, in the product's words. */
export const WORKSPACE_ROLE_DESCRIPTIONS: Record<WorkspaceRole, string> = {
  manager: "Runs the workspace and every workspace below it.",
  member: "Takes part in the workspace.",
  viewer: "Read-only.",
  guest: "Chat-only: takes part only in the conversations it is pulled into.",
};

/**
 * One workspace role as the reference shows it. A built-in role is its own base; a custom role
 * (an organization's own) lists what its base role allows and what its additions allow, and is one
 * more entry.
 */
export interface WorkspaceRoleDefinition {
  /** The role's key: a built-in role's name, or "custom:<id>". */
  key: string;
  label: string;
  /** Larger is more powerful; the rank of the base role. */
  rank: number;
  baseRole: WorkspaceRole;
  description: string;
  /** For a custom role: "member + create sub-workspaces"; null for a built-in one. */
  recipe: string | null;
  permissions: readonly ReferencePermission[];
}

// A workspace ("here") with one below it, and the organization they belong to.
const ORG = "reference-org";
const HERE = "here";
const BELOW = "below";
const TREE = new WorkspaceTree([
  { id: HERE, parentId: null, name: "Here" },
  { id: BELOW, parentId: HERE, name: "Below" },
]);

/**
 * A target in the workspace for each kind of action: what "may do it in this workspace" means
 * for the action (a member of it, an invitation into it, it or the workspace below it).
 */
export function targetIn(
  action: Action,
  workspaceId: string,
  below: string,
  organizationId = ORG,
): Target {
  if (action.startsWith("workspaces.") || action === "joinRequests.decide") {
    // workspaces.move: out of one of the role's workspaces into another.
    return { kind: "workspace", organizationId, workspaceId, newParentId: below };
  }
  if (action === "users.invite" || action.startsWith("invitations.")) {
    return { kind: "invitation", organizationId, role: "member", workspaceIds: [workspaceId] };
  }
  if (action.startsWith("users.")) {
    return {
      kind: "user",
      organizationId,
      userId: "reference-someone",
      orgRole: "member",
      workspaceIds: [workspaceId],
      workspaceId,
      newRole: "member",
    };
  }
  return { kind: "organization", organizationId };
}

/**
 * What a role gives in one workspace, read off the code that enforces it: the access it opens
 * (workspaceAccessOf, by its base role) and every action the matrix scopes to workspaces that
 * `decide()` allows an org member holding only this role, there.
 */
export function workspaceRolePermissions(
  role: WorkspaceRole,
  customRole?: Pick<CustomRoleRef, "id" | "name" | "permissions"> | null,
): ReferencePermission[] {
  const grant = customRole
    ? { workspaceId: HERE, role, customRole: { ...customRole } }
    : { workspaceId: HERE, role };
  const holder: Actor = {
    userId: "reference-holder",
    membershipId: "reference-holder-membership",
    organizationId: ORG,
    orgRole: "member",
    status: "active",
    ...actorScope(TREE, [grant]),
  };
  const persona = personaOf(holder);
  const permissions: ReferencePermission[] = [];
  if (workspaceAccessOf(role) === "full") permissions.push(WORKSPACE_VIEW);
  for (const action of ACTIONS) {
    if (PERMISSION_MATRIX[action][persona] !== "scoped") continue;
    if (decide(holder, action, targetIn(action, HERE, BELOW)).allowed) permissions.push(action);
  }
  return permissions;
}

/** The four built-in workspace roles, highest first. */
export function builtInWorkspaceRoles(): WorkspaceRoleDefinition[] {
  return WORKSPACE_ROLES.map((role) => ({
    key: role,
    label: WORKSPACE_ROLE_LABELS[role],
    rank: workspaceRoleRank(role),
    baseRole: role,
    description: WORKSPACE_ROLE_DESCRIPTIONS[role],
    recipe: null,
    permissions: workspaceRolePermissions(role),
  }));
}

/** A custom role as the reference reads it: what the organization defined. */
export interface CustomRoleDefinitionInput extends CustomRoleRef {
  description: string;
  baseRole: WorkspaceRole;
}

/** A custom role's entry: ranked as its base role, its column computed like a built-in one's. */
export function customWorkspaceRole(role: CustomRoleDefinitionInput): WorkspaceRoleDefinition {
  const recipe = roleRecipe(role.baseRole, role);
  return {
    key: `custom:${role.id}`,
    label: role.name,
    rank: workspaceRoleRank(role.baseRole),
    baseRole: role.baseRole,
    description: role.description || `Custom role: ${recipe}.`,
    recipe,
    permissions: workspaceRolePermissions(role.baseRole, role),
  };
}

/**
 * The built-in roles, highest first, then the organization's custom roles, each after the built-in
 * roles by rank (highest first) and then by name.
 */
export function workspaceRoleDefinitions(
  customRoles: readonly CustomRoleDefinitionInput[] = [],
): WorkspaceRoleDefinition[] {
  const custom = customRoles
    .map(customWorkspaceRole)
    .sort((a, b) => b.rank - a.rank || a.label.localeCompare(b.label));
  return [...builtInWorkspaceRoles(), ...custom];
}

/** A workspace permission a custom role may add, and the actions it opens in the workspace. */
export interface AddablePermission {
  permission: WorkspacePermission;
  label: string;
  description: string;
  /** The actions a holder may take there with it (read off `permissionsFor`, as decide() does). */
  actions: Action[];
}

export function addablePermissions(): AddablePermission[] {
  return WORKSPACE_PERMISSIONS.map((permission) => ({
    permission,
    ...WORKSPACE_PERMISSION_TEXT[permission],
    actions: ACTIONS.filter((action) => permissionsFor(action).includes(permission)),
  }));
}
