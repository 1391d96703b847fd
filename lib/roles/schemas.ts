import { z } from "zod";
import { idField, roleKeyField, visibleName } from "@/lib/forms/fields";
import { WORKSPACE_ROLE_LABELS, WORKSPACE_ROLES } from "@/lib/permissions/roles";
import {
  WORKSPACE_PERMISSIONS,
  basePermissions,
  sortedPermissions,
} from "@/lib/permissions/workspace-permissions";

export const ROLE_NAME_MAX = 40;
export const ROLE_DESCRIPTION_MAX = 200;
/** How many custom roles an organization may have. */
export const CUSTOM_ROLES_MAX = 50;

const BUILT_IN_NAMES = new Set(
  WORKSPACE_ROLES.flatMap((role) => [role, WORKSPACE_ROLE_LABELS[role].toLowerCase()]),
);

/** The key a name is unique by, per organization (CustomRole.nameKey). */
export function roleNameKey(name: string): string {
  return name.trim().toLowerCase();
}

/** A custom role's name: unique in the organization whatever its case (checked on the server). */
export const roleNameField = visibleName(
  z
    .string()
    .trim()
    .min(1, "Enter a name")
    .max(ROLE_NAME_MAX, `Keep the name under ${ROLE_NAME_MAX} characters`),
).refine(
  (name) => !BUILT_IN_NAMES.has(roleNameKey(name)),
  "That is the name of a built-in role: choose another",
);

export const roleDescriptionField = visibleName(
  z
    .string()
    .trim()
    .max(ROLE_DESCRIPTION_MAX, `Keep the description under ${ROLE_DESCRIPTION_MAX} characters`),
)
  .optional()
  .transform((description) => description ?? "");

export const baseRoleField = z.enum(WORKSPACE_ROLES, "Choose a base role");

const permissionsField = z
  .array(z.enum(WORKSPACE_PERMISSIONS, "Not a workspace permission"))
  .max(WORKSPACE_PERMISSIONS.length)
  .refine((list) => new Set(list).size === list.length, "Choose each permission once");

/**
 * A custom role's definition. The permissions are those it adds to its base role: any the base role
 * already holds (every one, for a manager) are dropped, not refused, so that changing the base
 * role in a form never leaves it unsaveable; they are kept in canonical order.
 */
const roleDefinition = z.object({
  name: roleNameField,
  description: roleDescriptionField,
  baseRole: baseRoleField,
  permissions: permissionsField,
});

function withoutBase<T extends z.output<typeof roleDefinition>>(role: T): T {
  const held = basePermissions(role.baseRole);
  return { ...role, permissions: sortedPermissions(role.permissions.filter((p) => !held.has(p))) };
}

export const createCustomRoleInput = roleDefinition.transform(withoutBase);
export type CreateCustomRoleInput = z.input<typeof createCustomRoleInput>;

export const updateCustomRoleInput = roleDefinition
  .extend({
    roleId: idField,
    /** The version the form was loaded with: an edit over someone else's change is refused. */
    version: z.coerce.number().int(),
  })
  .transform(withoutBase);
export type UpdateCustomRoleInput = z.input<typeof updateCustomRoleInput>;

const count = z.number().int().min(0);

/**
 * Delete a custom role. Its holders (workspace memberships and invitation workspaces) get the
 * `replacement` instead, required when the role is in use (checked on the server) and never the
 * role itself; `expected` is what the confirmation showed, so a deletion never moves more than the
 * person saw.
 */
export const deleteCustomRoleInput = z
  .object({
    roleId: idField,
    replacement: roleKeyField.optional(),
    expected: z.object({ people: count, workspaces: count, invitations: count }),
  })
  .refine((input) => input.replacement !== `custom:${input.roleId}`, {
    message: "Choose another role: this one is being deleted",
    path: ["replacement"],
  });
export type DeleteCustomRoleInput = z.input<typeof deleteCustomRoleInput>;
