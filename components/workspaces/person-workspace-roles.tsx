"use client";

import {
  WORKSPACE_ROLE_LABELS,
  WORKSPACE_ROLES,
  type WorkspaceRole,
} from "@/lib/permissions/roles";
import type { PersonWorkspaceRoleRow, PersonWorkspaceRoles } from "@/lib/workspaces/person-roles";

import { useState, useTransition } from "react";
import { Form } from "@/components/ui/form";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/workspaces/member-actions";

type Role = WorkspaceRole;
type WorkspaceRoleRow = PersonWorkspaceRoleRow;
const ROLES = WORKSPACE_ROLES;
const roleLabels = WORKSPACE_ROLE_LABELS;

/** Edit user's Workspaces card: a person's roles, explicit or inherited, to change or remove. */
export function PersonWorkspaceRoles({
  userId,
  name,
  rows,
  addable,
}: PersonWorkspaceRoles & { userId: string; name: string }) {
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
                  <Select
                    id={`role-${row.workspaceId}`}
                    size="sm"
                    className="w-auto"
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
                  </Select>
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
        <Form
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

              value={addRole}
              onChange={(e) => setAddRole(e.target.value as Role)}
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {roleLabels[role]}
                </option>
              ))}
            </Select>
          </div>
          <Button type="submit" variant="outline" disabled={!addWorkspace} pending={pending}>
            Add
          </Button>
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
