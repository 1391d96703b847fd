"use client";

import { Trash2 } from "lucide-react";
import type { UseFormRegisterReturn } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import type { InviteRoleOption, InviteWorkspaceOption } from "@/lib/invitations/invite-options";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import {
  roleAfterWorkspaceChange,
  roleRecipeOf,
  RoleSelectOptions,
} from "./workspace-role-options";

/**
 * One workspace of an invitation, in "Invite users" and in an invitee's Edit user: the workspace
 * (one not chosen in another row), the role in it (from `rolesIn`: those the viewer may give there),
 * a custom role's recipe under it, its error, and a button that removes the row. The two forms
 * register the fields (`workspaceField`, `roleField`) in their own react-hook-form. A role the
 * viewer may not give in a newly chosen workspace is replaced (`onRoleReplaced`).
 */
export function WorkspaceGrantRow({
  index,
  idPrefix,
  workspaces,
  taken,
  workspaceField,
  roleField,
  workspaceId,
  role,
  rolesIn,
  error,
  onRoleReplaced,
  onRemove,
}: {
  /** The row's place, from 0: labels and ids count from 1 ("Workspace 2"). */
  index: number;
  /** Ids are `${idPrefix}-${index}` and `${idPrefix}-role-${index}`, unique within the page. */
  idPrefix: string;
  workspaces: InviteWorkspaceOption[];
  /** The workspaces chosen in the form's rows: offered here only if this row holds it. */
  taken: ReadonlySet<string>;
  workspaceField: UseFormRegisterReturn;
  roleField: UseFormRegisterReturn;
  /** The row's workspace and role as the form holds them now. */
  workspaceId: string | undefined;
  role: string | undefined;
  /** The roles the viewer may give in a workspace. */
  rolesIn: (workspaceId: string | undefined) => InviteRoleOption[];
  error: string | undefined;
  onRoleReplaced: (role: RoleKey) => void;
  onRemove: () => void;
}) {
  const workspaceSelectId = `${idPrefix}-${index}`;
  const roleId = `${idPrefix}-role-${index}`;
  const roles = rolesIn(workspaceId);
  const recipe = roleRecipeOf(roles, role);
  return (
    <div className="grid grid-cols-[1fr_10rem_auto] items-start gap-2">
      <label className="sr-only" htmlFor={workspaceSelectId}>
        Workspace {index + 1}
      </label>
      <Select
        id={workspaceSelectId}
        {...workspaceField}
        // The role is replaced before the form takes the new workspace, so that no render shows
        // the row with a role its new workspace doesn't offer.
        onChange={async (event) => {
          const replaced = roleAfterWorkspaceChange(rolesIn(event.target.value), role);
          if (replaced) onRoleReplaced(replaced);
          await workspaceField.onChange(event);
        }}
      >
        {workspaces.map((w) => (
          <option key={w.id} value={w.id} disabled={taken.has(w.id) && workspaceId !== w.id}>
            {w.path}
          </option>
        ))}
      </Select>
      <div className="flex flex-col gap-1">
        <label className="sr-only" htmlFor={roleId}>
          Role in workspace {index + 1}
        </label>
        <Select
          id={roleId}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${roleId}-error` : recipe ? `${roleId}-recipe` : undefined}
          {...roleField}
          // Controlled, so that a role replaced on a change of workspace shows once the new
          // workspace's roles are listed.
          value={role ?? ""}
        >
          <RoleSelectOptions options={roles} />
        </Select>
        {recipe ? (
          <p id={`${roleId}-recipe`} className="text-[13px] text-muted-foreground">
            Custom role: {recipe}
          </p>
        ) : null}
        {error ? (
          <p id={`${roleId}-error`} role="alert" className="text-[13px] font-medium text-danger">
            {error}
          </p>
        ) : null}
      </div>
      <Button
        type="button"
        variant="ghost"
        size="icon"
        aria-label={`Remove workspace ${index + 1}`}
        onClick={onRemove}
      >
        <Trash2 />
      </Button>
    </div>
  );
}
