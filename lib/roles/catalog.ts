import "server-only";
import { ActionError } from "@/lib/actions/errors";
import { getDb, type Db, type Tx } from "@/lib/db";
import {
  fitsWithin,
  rolePermissions,
  roleRecipe,
  roleToGive,
  WORKSPACE_ROLE_LABELS,
  WORKSPACE_ROLES,
  workspaceRoleRank,
  type Actor,
  type CustomRoleRef,
  type RoleKey,
  type RoleOption,
  type RoleToGive,
  type WorkspacePermission,
  type WorkspaceRole,
} from "@/lib/permissions";
import { perRequest } from "@/lib/request/cache";
import { byCatalogVersion } from "@/lib/request/catalog";

/** A custom role as the organization defined it. */
export interface CustomRoleRow {
  id: string;
  name: string;
  description: string;
  baseRole: WorkspaceRole;
  /** The permissions added to the base role. */
  permissions: WorkspacePermission[];
  version: number;
}

const CUSTOM_ROLE_SELECT = {
  id: true,
  name: true,
  description: true,
  baseRole: true,
  permissions: true,
  version: true,
} as const;

/**
 * The organization's custom roles, by name, once per request, and only when the organization's
 * catalog version has moved since this process last read them (lib/request/catalog.ts).
 */
export const getCustomRoles = perRequest(
  byCatalogVersion("custom-roles", async (organizationId: string) => {
    const db = await getDb();
    const organization = await db.organization.findUnique({
      where: { id: organizationId },
      select: {
        catalogVersion: true,
        customRoles: { orderBy: { nameKey: "asc" }, select: CUSTOM_ROLE_SELECT },
      },
    });
    const rows: CustomRoleRow[] = organization?.customRoles ?? [];
    return { version: organization?.catalogVersion ?? null, value: rows };
  }),
);

/** One role a form may offer: a built-in role or a custom one. */
export interface RoleChoice {
  key: RoleKey;
  label: string;
  /** The built-in role it ranks as (itself for a built-in role). */
  baseRole: WorkspaceRole;
  /** "Custom role: member + create sub-workspaces", for a custom role; null for a built-in one. */
  customRole: CustomRoleRef | null;
  give: RoleToGive;
}

/** Every workspace role of the organization: the built-in ones, highest first, then its own by name. */
export function roleChoices(customRoles: readonly CustomRoleRow[]): RoleChoice[] {
  const builtIn: RoleChoice[] = WORKSPACE_ROLES.map((role) => ({
    key: role,
    label: WORKSPACE_ROLE_LABELS[role],
    baseRole: role,
    customRole: null,
    give: roleToGive(role),
  }));
  const custom: RoleChoice[] = customRoles.map((row) => {
    const customRole = { id: row.id, name: row.name, permissions: row.permissions };
    return {
      key: `custom:${row.id}`,
      label: row.name,
      baseRole: row.baseRole,
      customRole,
      give: roleToGive(row.baseRole, customRole),
    };
  });
  return [...builtIn, ...custom];
}

/**
 * The roles `actor` may give in `workspaceId`: all of them for owners and admins; for anyone else,
 * those ranked no higher than their own role there and with no permission they don't hold there.
 */
export function choicesFor(
  actor: Pick<Actor, "orgRole" | "holdings">,
  workspaceId: string,
  choices: readonly RoleChoice[],
): RoleChoice[] {
  if (actor.orgRole === "owner" || actor.orgRole === "admin") return [...choices];
  const holding = actor.holdings.get(workspaceId);
  return choices.filter((choice) => fitsWithin(choice.give, holding));
}

export const ROLE_GONE =
  "That role no longer exists. It may have been deleted: reload the page and choose another.";

export interface ResolvedRole {
  role: WorkspaceRole;
  customRole: CustomRoleRef | null;
  label: string;
  give: RoleToGive;
}

/**
 * A chosen role key, as stored: a built-in role, or a custom role of `organizationId` (its base
 * role and id). Another organization's custom role, or one deleted meanwhile, is refused with
 * ROLE_GONE (on the `field` given).
 */
export async function resolveRoleKey(
  db: Pick<Db, "customRole"> | Pick<Tx, "customRole">,
  organizationId: string,
  key: RoleKey,
  field = "role",
): Promise<ResolvedRole> {
  if (!key.startsWith("custom:")) {
    const role = key as WorkspaceRole;
    return { role, customRole: null, label: WORKSPACE_ROLE_LABELS[role], give: roleToGive(role) };
  }
  const row = await db.customRole.findFirst({
    where: { id: key.slice("custom:".length), organizationId },
    select: { id: true, name: true, baseRole: true, permissions: true },
  });
  if (!row) throw new ActionError(ROLE_GONE, { [field]: [ROLE_GONE] });
  const customRole = { id: row.id, name: row.name, permissions: row.permissions };
  return {
    role: row.baseRole,
    customRole,
    label: row.name,
    give: roleToGive(row.baseRole, customRole),
  };
}

/** The columns a workspace membership or invitation workspace stores for a resolved role. */
export function storedRole(resolved: Pick<ResolvedRole, "role" | "customRole">): {
  role: WorkspaceRole;
  customRoleId: string | null;
} {
  return { role: resolved.role, customRoleId: resolved.customRole?.id ?? null };
}

/** A choice as a form offers it to the browser. */
export function roleOption(choice: RoleChoice): RoleOption {
  return {
    key: choice.key,
    label: choice.label,
    recipe: choice.customRole ? roleRecipe(choice.baseRole, choice.customRole) : null,
  };
}

/** Highest base role first, then by label: the order roles are listed in. */
export function compareChoices(a: RoleChoice, b: RoleChoice): number {
  return (
    workspaceRoleRank(b.baseRole) - workspaceRoleRank(a.baseRole) ||
    Number(a.customRole !== null) - Number(b.customRole !== null) ||
    a.label.localeCompare(b.label)
  );
}

/** Everything a role allows in a workspace, for a custom role row. */
export function permissionsOfRow(row: Pick<CustomRoleRow, "baseRole" | "permissions">) {
  return rolePermissions(row.baseRole, row);
}
