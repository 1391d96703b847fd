"use client";

import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import type { PersonWorkspaceRoleRow, PersonWorkspaceRoles } from "@/lib/workspaces/person-roles";
import type { RoleOption } from "@/lib/workspaces";

import { useState, useTransition } from "react";
import { Form } from "@/components/ui/form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/workspaces/member-actions";
import { defaultRoleKey, roleHint, roleWords, RoleSelectOptions } from "./role-options";

type WorkspaceRoleRow = PersonWorkspaceRoleRow;

/** The roles offered in one workspace: `choices` picked out of every role, in their order. */
function offered(roles: readonly RoleOption[], choices: RoleKey[] | "all"): RoleOption[] {
  if (choices === "all") return [...roles];
  const keys = new Set<string>(choices);
  return roles.filter((r) => keys.has(r.key));
}

/**
 * Edit user's Workspaces card: a person's roles, explicit or inherited (a custom role by its name),
 * to change or remove where the viewer may; each picker offers only the roles the viewer may give
 * in that workspace.
 */
export function PersonWorkspaceRoles({
  userId,
  name,
  rows,
  addable,
  roles,
}: PersonWorkspaceRoles & { userId: string; name: string }) {
  const [pending, startTransition] = useTransition();
  const [removing, setRemoving] = useState<WorkspaceRoleRow | null>(null);
  const [addWorkspace, setAddWorkspace] = useState("");
  const [addRole, setAddRole] = useState<RoleKey | "">("");
  const addTo = addable.find((w) => w.id === addWorkspace);
  const addOptions = addTo ? offered(roles, addTo.choices) : [];
  // The role chosen, if the chosen workspace offers it; else that workspace's first choice.
  const addChoice =
    addOptions.find((o) => o.key === addRole) ??
    addOptions.find((o) => o.key === defaultRoleKey(addOptions));
  const addHint = roleHint(addChoice);

  function setRole(workspaceId: string, role: RoleOption, path: string) {
    startTransition(async () => {
      const result = await setWorkspaceRoleAction({ userId, workspaceId, role: role.key });
      if (result.ok) toast.success(`${name} is now ${roleWords(role)} of ${path}`);
      else toast.error(result.error);
    });
  }

  return (
    <div className="flex flex-col gap-4" aria-busy={pending || undefined}>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">{name} isn&apos;t in any workspace yet.</p>
      ) : (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Workspaces of {name}</caption>
          <thead className="text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="py-2 font-medium">
                Workspace
              </th>
              <th scope="col" className="py-2 font-medium">
                Role
              </th>
              <th scope="col" className="py-2 text-right font-medium">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {rows.map((row) => {
              const options = offered(roles, row.choices);
              return (
                <tr key={row.workspaceId}>
                  <td className="py-2 pr-3">
                    <span className="font-medium">{row.path}</span>
                    {row.inheritedFrom ? (
                      <span className="block text-xs text-muted-foreground">
                        {row.effectiveRole.label}, inherited from {row.inheritedFrom}
                      </span>
                    ) : null}
                  </td>
                  <td className="py-2 pr-3">
                    <label className="sr-only" htmlFor={`role-${row.workspaceId}`}>
                      Role in {row.path}
                    </label>
                    <Select
                      id={`role-${row.workspaceId}`}
                      size="sm"
                      className="w-auto"
                      disabled={!row.canChange || pending}
                      value={row.explicitRole?.key ?? ""}
                      title={(row.explicitRole ?? row.effectiveRole).recipe ?? undefined}
                      onChange={(event) => {
                        const role = options.find((o) => o.key === event.target.value);
                        if (role) setRole(row.workspaceId, role, row.path);
                      }}
                    >
                      {row.explicitRole === null ? (
                        <option value="">{`${row.effectiveRole.label} (inherited)`}</option>
                      ) : null}
                      <RoleSelectOptions options={options} current={row.explicitRole} />
                    </Select>
                  </td>
                  <td className="py-2 text-right">
                    {row.canRemove ? (
                      <Button
                        type="button"
                        variant="ghost"
                        size="sm"
                        onClick={() => setRemoving(row)}
                      >
                        Remove<span className="sr-only"> from {row.path}</span>
                      </Button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {addable.length > 0 ? (
        <Form
          aria-label="Add to workspace"
          className="flex flex-wrap items-end gap-3 border-t border-border pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (addTo && addChoice) setRole(addTo.id, addChoice, addTo.path);
            setAddWorkspace("");
          }}
        >
          <div className="flex min-w-48 flex-1 flex-col gap-1.5">
            <label htmlFor="add-workspace" className="text-sm font-medium">
              Add to workspace
            </label>
            <Select
              id="add-workspace"
              value={addWorkspace}
              onChange={(e) => setAddWorkspace(e.target.value)}
            >
              <option value="">Choose a workspace…</option>
              {addable.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.path}
                </option>
              ))}
            </Select>
          </div>
          <div className="flex flex-col gap-1.5">
            <label htmlFor="add-role" className="text-sm font-medium">
              With role
            </label>
            <Select
              id="add-role"
              value={addChoice?.key ?? ""}
              disabled={!addTo}
              aria-describedby={addHint ? "add-role-hint" : undefined}
              onChange={(e) => {
                const chosen = addOptions.find((o) => o.key === e.target.value);
                if (chosen) setAddRole(chosen.key);
              }}
            >
              {addTo ? null : <option value="">Choose a workspace first</option>}
              <RoleSelectOptions options={addOptions} />
            </Select>
          </div>
          <Button type="submit" variant="outline" disabled={!addChoice} pending={pending}>
            Add
          </Button>
          {addHint ? (
            <p id="add-role-hint" className="basis-full text-xs text-muted-foreground">
              {addHint}
            </p>
          ) : null}
        </Form>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${name} from ${removing.path}?` : ""}
        description={
          removing ? (
            <>
              <strong>{name}</strong> loses their role in <strong>{removing.path}</strong> and in
              every workspace below it that they only had through it.
            </>
          ) : null
        }
        confirmLabel="Remove from workspace"
        destructive
        onConfirm={async () => {
          if (!removing) return false;
          const result = await removeFromWorkspaceAction({
            userId,
            workspaceId: removing.workspaceId,
          });
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${name} was removed from ${removing.path}`);
          return true;
        }}
      />
    </div>
  );
}
