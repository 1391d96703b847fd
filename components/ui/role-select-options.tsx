import type { RoleOption } from "@/lib/permissions/workspace-permissions";

/**
 * A workspace role select's options: the built-in roles, then the organization's custom roles in a
 * group of their own (each with its recipe as a tooltip). `current`, a role the person holds that
 * the viewer may not give, is listed too (not choosable), so the select can show it. Every form
 * that chooses a workspace role uses it: workspace members, Edit user, join requests, invitations.
 */
export function RoleSelectOptions({
  options,
  current,
}: {
  options: readonly RoleOption[];
  current?: Pick<RoleOption, "key" | "label" | "recipe"> | null;
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
