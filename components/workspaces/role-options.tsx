import type { RoleOption } from "@/lib/workspaces";

export { RoleSelectOptions } from "@/components/ui/role-select-options";
export { defaultRoleKey } from "@/lib/permissions/workspace-permissions";

/** A role in a sentence: "member" (a built-in role, lower case), or a custom role's own name. */
export function roleWords(role: Pick<RoleOption, "label" | "recipe">): string {
  return role.recipe === null ? role.label.toLowerCase() : role.label;
}

/** "Editor: member + add people", a custom role's base role and what it adds; null for a built-in one. */
export function roleHint(role: Pick<RoleOption, "label" | "recipe"> | undefined): string | null {
  return role?.recipe ? `${role.label}: ${role.recipe}` : null;
}
