"use client";

import type { InviteRoleOption, InviteWorkspaceOption } from "@/lib/invitations/invite-options";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";

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

/** A new row's role: Member where it may be given, else the highest built-in role that may. */
export function defaultRoleKey(roles: readonly InviteRoleOption[]): RoleKey {
  const builtIn = roles.filter((r) => r.recipe === null).map((r) => r.key);
  if (builtIn.includes("member")) return "member";
  return builtIn.find((key) => key !== "manager") ?? roles[0]?.key ?? "guest";
}

/** A role's description under its select: a custom role's recipe, else nothing. */
export function roleRecipeOf(roles: readonly InviteRoleOption[], key: string | undefined) {
  return roles.find((r) => r.key === key)?.recipe ?? null;
}

/** The `<option>`s of a workspace row's role select: the built-in roles, then "Custom roles". */
export function RoleOptions({ roles }: { roles: readonly InviteRoleOption[] }) {
  const builtIn = roles.filter((r) => r.recipe === null);
  const custom = roles.filter((r) => r.recipe !== null);
  return (
    <>
      {builtIn.map((r) => (
        <option key={r.key} value={r.key}>
          {r.label}
        </option>
      ))}
      {custom.length > 0 ? (
        <optgroup label="Custom roles">
          {custom.map((r) => (
            <option key={r.key} value={r.key} title={r.recipe ?? undefined}>
              {r.label}
            </option>
          ))}
        </optgroup>
      ) : null}
    </>
  );
}
