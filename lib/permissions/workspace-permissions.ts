import { WORKSPACE_ROLE_LABELS, workspaceRoleRank, type WorkspaceRole } from "./roles";

/**
 * What a workspace role may do in its workspace and every workspace below it, besides belonging
 * there (the `WorkspacePermission` enum in prisma/schema.prisma). The manager role holds every
 * one, member, viewer and guest none; a custom role adds some to its base role. Nothing here is an
 * organization-level action: a workspace role can never grant one.
 */
export const WORKSPACE_PERMISSIONS = [
  "viewMembers",
  "addMembers",
  "removeMembers",
  "setMemberRoles",
  "inviteMembers",
  "decideJoinRequests",
  "createSubWorkspaces",
  "renameWorkspace",
  "moveWorkspace",
] as const;
export type WorkspacePermission = (typeof WORKSPACE_PERMISSIONS)[number];

export const WORKSPACE_PERMISSION_TEXT: Record<
  WorkspacePermission,
  { label: string; description: string }
> = {
  viewMembers: {
    label: "See members",
    description: "See the people in the workspace on the Users list and open their details.",
  },
  addMembers: {
    label: "Add people",
    description: "Add people who are already in the organization to the workspace.",
  },
  removeMembers: {
    label: "Remove people",
    description: "Take people's roles in the workspace away.",
  },
  setMemberRoles: {
    label: "Set workspace roles",
    description:
      "Change members' roles in the workspace, to roles no higher than their own and with no permission they lack.",
  },
  inviteMembers: {
    label: "Invite into the workspace",
    description: "Invite new people into the workspace, and resend or revoke those invitations.",
  },
  decideJoinRequests: {
    label: "Approve join requests",
    description: "Approve or reject requests to join the workspace.",
  },
  createSubWorkspaces: {
    label: "Create sub-workspaces",
    description: "Create workspaces inside the workspace.",
  },
  renameWorkspace: { label: "Rename", description: "Rename the workspace." },
  moveWorkspace: {
    label: "Move",
    description: "Move the workspace under another workspace where they may also move.",
  },
};

const ALL: ReadonlySet<WorkspacePermission> = new Set(WORKSPACE_PERMISSIONS);
const NONE: ReadonlySet<WorkspacePermission> = new Set();

/** The permissions a built-in role holds: all for manager, none for the others. */
export function basePermissions(role: WorkspaceRole): ReadonlySet<WorkspacePermission> {
  return role === "manager" ? ALL : NONE;
}

/** A custom workspace role as the permissions see it (a CustomRole row). */
export interface CustomRoleRef {
  id: string;
  name: string;
  /** The permissions added to the base role. */
  permissions: readonly WorkspacePermission[];
}

/** Everything a role held in a workspace allows there: its base role's and what a custom role adds. */
export function rolePermissions(
  role: WorkspaceRole,
  customRole?: Pick<CustomRoleRef, "permissions"> | null,
): ReadonlySet<WorkspacePermission> {
  if (!customRole || customRole.permissions.length === 0) return basePermissions(role);
  return new Set([...basePermissions(role), ...customRole.permissions]);
}

/** In canonical order, each once. */
export function sortedPermissions(
  permissions: Iterable<WorkspacePermission>,
): WorkspacePermission[] {
  const set = new Set(permissions);
  return WORKSPACE_PERMISSIONS.filter((p) => set.has(p));
}

/** A role as it is chosen in a form: a built-in role's name, or "custom:<id>". */
export type RoleKey = WorkspaceRole | `custom:${string}`;

export function roleKeyOf(role: WorkspaceRole, customRoleId?: string | null): RoleKey {
  return customRoleId ? `custom:${customRoleId}` : role;
}

/** "Editor", or "Member" for a built-in role. */
export function roleLabel(
  role: WorkspaceRole,
  customRole?: Pick<CustomRoleRef, "name"> | null,
): string {
  return customRole?.name ?? WORKSPACE_ROLE_LABELS[role];
}

/** "member + create sub-workspaces": a custom role's base role and what it adds, for explanations. */
export function roleRecipe(role: WorkspaceRole, customRole: Pick<CustomRoleRef, "permissions">) {
  const added = sortedPermissions(customRole.permissions).filter(
    (p) => !basePermissions(role).has(p),
  );
  const base = WORKSPACE_ROLE_LABELS[role].toLowerCase();
  if (added.length === 0) return base;
  return `${base} + ${added.map((p) => WORKSPACE_PERMISSION_TEXT[p].label.toLowerCase()).join(", ")}`;
}

/** What someone holds in one workspace: their effective role's rank and every permission there. */
export interface Holding {
  /** The rank of their highest base role there (manager 3 … guest 0). */
  rank: number;
  permissions: ReadonlySet<WorkspacePermission>;
}

/** A role about to be given: no escalation means both fit within what the giver holds there. */
export interface RoleToGive {
  rank: number;
  permissions: Iterable<WorkspacePermission>;
}

export function roleToGive(
  role: WorkspaceRole,
  customRole?: Pick<CustomRoleRef, "permissions"> | null,
): RoleToGive {
  return { rank: workspaceRoleRank(role), permissions: rolePermissions(role, customRole) };
}

/** Whether `holding` may give `role`: a rank no higher and no permission it lacks. */
export function fitsWithin(role: RoleToGive, holding: Holding | undefined): boolean {
  if (!holding || role.rank > holding.rank) return false;
  for (const p of role.permissions) if (!holding.permissions.has(p)) return false;
  return true;
}

/** A workspace role a form offers, as the browser gets it. */
export interface RoleOption {
  /** What the form sends: a built-in role's name, or "custom:<id>". */
  key: RoleKey;
  /** "Member", or a custom role's name. */
  label: string;
  /** A custom role's base role and what it adds ("member + approve join requests"); null for a built-in role. */
  recipe: string | null;
}

/** The role a form starts with: member when it may be given, else the highest built-in one that may, else the first. */
export function defaultRoleKey(options: readonly RoleOption[]): RoleKey | undefined {
  if (options.some((o) => o.key === "member")) return "member";
  return (options.find((o) => o.recipe === null) ?? options[0])?.key;
}
