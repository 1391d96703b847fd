import "server-only";
import {
  holdsIn,
  permissionsFor,
  roleKeyOf,
  roleLabel,
  roleRecipe,
  workspacesWhere,
  type Actor,
  type CustomRoleRef,
  type RoleKey,
  type RoleOption,
  type WorkspaceChange,
  type WorkspaceRole,
} from "@/lib/permissions";
import { choicesFor, getCustomRoles, roleChoices, roleOption, type RoleChoice } from "@/lib/roles";

export type { RoleOption };

/** A role someone holds, as a page shows it: "Editor" (a custom role) or "Member". */
export interface RoleShown {
  /** The role, or the custom role's base role: what it ranks as. */
  role: WorkspaceRole;
  key: RoleKey;
  label: string;
  /** A custom role's base role and what it adds; null for a built-in role. */
  recipe: string | null;
}

export function roleShown(role: WorkspaceRole, customRole?: CustomRoleRef | null): RoleShown {
  return {
    role,
    key: roleKeyOf(role, customRole?.id),
    label: roleLabel(role, customRole),
    recipe: customRole ? roleRecipe(role, customRole) : null,
  };
}

/** Every workspace role of the caller's organization: the built-in ones, then its own by name. */
export async function organizationRoles(actor: Pick<Actor, "organizationId">) {
  return roleChoices(await getCustomRoles(actor.organizationId));
}

/**
 * The roles the caller may give in `workspaceId` (all for owners and admins; for anyone else, none
 * above their own there nor with a permission they lack there), as a form offers them.
 */
export function roleOptionsIn(
  actor: Pick<Actor, "orgRole" | "holdings">,
  workspaceId: string,
  roles: readonly RoleChoice[],
): RoleOption[] {
  return choicesFor(actor, workspaceId, roles).map(roleOption);
}

/**
 * Whether the caller may do `change` to someone's role in `workspaceId` at all (owners and admins
 * everywhere; anyone else where they hold the permission it needs): what shows a control. The
 * matrix still decides on each person.
 */
export function mayChangeRolesIn(
  actor: Pick<Actor, "orgRole" | "holdings">,
  workspaceId: string,
  change: WorkspaceChange,
): boolean {
  if (actor.orgRole === "owner" || actor.orgRole === "admin") return true;
  return holdsIn(actor, workspaceId, permissionsFor("users.setWorkspaceRoles", change));
}

/** The workspaces where a member caller may do `change` to someone's role (none for owners and admins, who may everywhere). */
export function workspacesWhereMay(
  actor: Pick<Actor, "holdings">,
  change: WorkspaceChange,
): string[] {
  return workspacesWhere(actor, permissionsFor("users.setWorkspaceRoles", change));
}
