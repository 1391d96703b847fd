import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import type { RoleOption, RoleShown } from "@/lib/workspaces";

/** The role a form starts with: member when it may be given, else the highest that may. */
export function defaultRoleKey(options: readonly RoleOption[]): RoleKey | undefined {
  return (options.find((o) => o.key === "member") ?? options[0])?.key;
}

/** A role in a sentence: "member" (a built-in role, lower case), or a custom role's own name. */
export function roleWords(role: Pick<RoleOption, "label" | "recipe">): string {
  return role.recipe === null ? role.label.toLowerCase() : role.label;
}

/** "Editor: member + add people", a custom role's base role and what it adds; null for a built-in one. */
export function roleHint(role: Pick<RoleOption, "label" | "recipe"> | undefined): string | null {
  return role?.recipe ? `${role.label}: ${role.recipe}` : null;
}

/**
 * A role select's options: the built-in roles, then the organization's custom roles in a group of
 * their own (each with its recipe as a tooltip). `current`, a role the person holds that the viewer
 * may not give, is listed too (not choosable), so the select can show it.
 */
export function RoleSelectOptions({
  options,
  current,
}: {
  options: readonly RoleOption[];
  current?: RoleShown | null;
}) {
  const missing = current && !options.some((o) => o.key === current.key) ? current : null;
  const builtIn = options.filter((o) => o.recipe === null);
  const custom = options.filter((o) => o.recipe !== null);
  const option = (o: Pick<RoleOption, "key" | "label" | "recipe">, disabled = false) => (
    <option key={o.key} value={o.key} title={o.recipe ?? undefined} disabled={disabled}>
      {o.label}
    </option>
  );
  return (
    <>
      {missing ? option(missing, true) : null}
      {custom.length === 0 ? (
        builtIn.map((o) => option(o))
      ) : (
        <>
          <optgroup label="Built-in roles">{builtIn.map((o) => option(o))}</optgroup>
          <optgroup label="Custom roles">{custom.map((o) => option(o))}</optgroup>
        </>
      )}
    </>
  );
}
