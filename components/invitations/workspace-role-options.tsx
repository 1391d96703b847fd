"use client";

import type { InviteRoleOption, InviteWorkspaceOption } from "@/lib/invitations/invite-options";
import { defaultRoleKey, type RoleKey } from "@/lib/permissions/workspace-permissions";

export { RoleSelectOptions } from "@/components/ui/role-select-options";

/**
 * A workspace row's role when it is added or its workspace changes (`defaultRoleKey`). A row always
 * has one: where nothing may be given, the server refuses whatever the row says.
 */
export function rowRoleKey(roles: readonly InviteRoleOption[]): RoleKey {
  return defaultRoleKey(roles) ?? "guest";
}

/**
 * The roles a workspace row may choose from: those the viewer may give in that workspace (all of
 * `roles` when the workspace doesn't narrow them), and `keep` — the role the row had when the form
 * was loaded, which stays shown even when the viewer could not give it.
 */
export function rolesFor(
  roles: readonly InviteRoleOption[],
  workspace: Pick<InviteWorkspaceOption, "roles"> | undefined,
  keep?: RoleKey,
): InviteRoleOption[] {
  const allowed = workspace?.roles ? new Set(workspace.roles) : null;
  return roles.filter((r) => !allowed || allowed.has(r.key) || r.key === keep);
}

/** A role's description under its select: a custom role's recipe, else nothing. */
export function roleRecipeOf(roles: readonly InviteRoleOption[], key: string | undefined) {
  return roles.find((r) => r.key === key)?.recipe ?? null;
}

/**
 * A row's role once its workspace changes to one where the viewer may give `roles`: null when the
 * row's role (`current`) is among them and stays, else the role that replaces it (`rowRoleKey`).
 */
export function roleAfterWorkspaceChange(
  roles: readonly InviteRoleOption[],
  current: string | undefined,
): RoleKey | null {
  return roles.some((r) => r.key === current) ? null : rowRoleKey(roles);
}
