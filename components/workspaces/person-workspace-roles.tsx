"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/people/actions";

type Role = "manager" | "member" | "viewer" | "guest";
const ROLES: Role[] = ["manager", "member", "viewer", "guest"];

export interface WorkspaceRoleRow {
  workspaceId: string;
  path: string;
  explicitRole: Role | null;
  effectiveRole: Role;
  inheritedFrom: string | null;
  editable: boolean;
}

const selectClass =
  "h-8 rounded-md border border-input bg-background px-2 text-sm shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:opacity-60";

export function WorkspaceRoles({
  userId,
  name,
  rows,
  addable,
  roleLabels,
}: {
  userId: string;
  name: string;
  rows: WorkspaceRoleRow[];
  addable: { id: string; path: string }[];
  roleLabels: Record<Role, string>;
}) {
  const [pending, startTransition] = useTransition();
  const [removing, setRemoving] = useState<WorkspaceRoleRow | null>(null);
  const [addWorkspace, setAddWorkspace] = useState("");
  const [addRole, setAddRole] = useState<Role>("member");

  function setRole(workspaceId: string, role: Role, path: string) {
    startTransition(async () => {
      const result = await setWorkspaceRoleAction({ userId, workspaceId, role });
      if (result.ok) toast.success(`${name} is now ${roleLabels[role].toLowerCase()} of ${path}`);
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
            {rows.map((row) => (
              <tr key={row.workspaceId}>
                <td className="py-2 pr-3">
                  <span className="font-medium">{row.path}</span>
                  {row.inheritedFrom ? (
                    <span className="block text-xs text-muted-foreground">
                      {roleLabels[row.effectiveRole]}, inherited from {row.inheritedFrom}
                    </span>
                  ) : null}
                </td>
                <td className="py-2 pr-3">
                  <label className="sr-only" htmlFor={`role-${row.workspaceId}`}>
                    Role in {row.path}
                  </label>
                  <select
                    id={`role-${row.workspaceId}`}
                    className={selectClass}
                    disabled={!row.editable || pending}
                    value={row.explicitRole ?? ""}
                    onChange={(event) => {
                      const role = event.target.value as Role;
                      if (ROLES.includes(role)) setRole(row.workspaceId, role, row.path);
                    }}
                  >
                    {row.explicitRole === null ? (
                      <option value="">{`${roleLabels[row.effectiveRole]} (inherited)`}</option>
                    ) : null}
                    {ROLES.map((role) => (
                      <option key={role} value={role}>
                        {roleLabels[role]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="py-2 text-right">
                  {row.editable && row.explicitRole ? (
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
            ))}
          </tbody>
        </table>
      )}
      {addable.length > 0 ? (
        <form
          aria-label="Add to workspace"
          className="flex flex-wrap items-end gap-3 border-t border-border pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            const workspace = addable.find((w) => w.id === addWorkspace);
            if (workspace) setRole(workspace.id, addRole, workspace.path);
            setAddWorkspace("");
          }}
        >
          <div className="flex min-w-48 flex-1 flex-col gap-1.5">
            <label htmlFor="add-workspace" className="text-sm font-medium">
              Add to workspace
            </label>
            <select
              id="add-workspace"
              className={`${selectClass} h-9`}
              value={addWorkspace}
              onChange={(e) => setAddWorkspace(e.target.value)}
            >
              <option value="">Choose a workspace…</option>
              {addable.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.path}
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1.5">
            <label htmlFor="add-role" className="text-sm font-medium">
              With role
            </label>
            <select
              id="add-role"
              className={`${selectClass} h-9`}
              value={addRole}
              onChange={(e) => setAddRole(e.target.value as Role)}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabels[role]}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="outline" disabled={!addWorkspace} pending={pending}>
            Add
          </Button>
        </form>
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
