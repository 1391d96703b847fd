"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/app/(app)/users/actions";
import { StatusBadge } from "@/components/people/status-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import {
  WORKSPACE_ROLE_LABELS,
  WORKSPACE_ROLES,
  type MembershipStatus,
  type WorkspaceRole,
} from "@/lib/permissions/roles";
import { selectClass } from "./form-styles";

export interface MemberRow {
  userId: string;
  name: string;
  email: string;
  status: MembershipStatus;
  explicitRole: WorkspaceRole | null;
  effectiveRole: WorkspaceRole;
  inheritedFrom: { id: string; name: string } | null;
  editable: boolean;
}

function isRole(value: string): value is WorkspaceRole {
  return (WORKSPACE_ROLES as readonly string[]).includes(value);
}

/**
 * The people with a role in a workspace: effective role, where it is inherited from, and (for
 * those who may) a role picker and Remove. An explicit role may raise an inherited one, never
 * lower it: the server refuses, naming the workspace where it must change.
 */
export function WorkspaceMembers({
  workspace,
  members,
  addable,
}: {
  workspace: { id: string; name: string };
  members: MemberRow[];
  addable: { userId: string; name: string; email: string }[];
}) {
  const [pending, startTransition] = useTransition();
  const [busyUser, setBusyUser] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [addUser, setAddUser] = useState("");
  const [addRole, setAddRole] = useState<WorkspaceRole>("member");
  const [addError, setAddError] = useState<string | null>(null);

  function setRole(member: { userId: string; name: string }, role: WorkspaceRole, added = false) {
    setBusyUser(member.userId);
    startTransition(async () => {
      const result = await setWorkspaceRoleAction({
        userId: member.userId,
        workspaceId: workspace.id,
        role,
      });
      setBusyUser(null);
      const label = WORKSPACE_ROLE_LABELS[role].toLowerCase();
      if (result.ok) {
        toast.success(
          added
            ? `Added ${member.name} to ${workspace.name} as ${label}`
            : `${member.name} is now ${label} of ${workspace.name}`,
        );
        if (added) setAddUser("");
      } else {
        toast.error(result.error);
        if (added) setAddError(result.error);
      }
    });
  }

  const canEditSome = members.some((m) => m.editable);

  return (
    <div className="flex flex-col gap-5" aria-busy={pending || undefined}>
      {members.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          Nobody has a role in {workspace.name} yet
          {addable.length > 0 ? ": add someone below." : "."}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Members of {workspace.name}</caption>
            <thead className="text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Name
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Role
                </th>
                {canEditSome ? (
                  <th scope="col" className="py-2 text-right font-medium">
                    <span className="sr-only">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {members.map((member) => {
                const selectId = `member-role-${member.userId}`;
                const busy = busyUser === member.userId;
                return (
                  <tr key={member.userId} aria-busy={busy || undefined}>
                    <td className="py-2.5 pr-3 align-top">
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{member.name}</span>
                        {member.status !== "active" ? <StatusBadge status={member.status} /> : null}
                      </span>
                      <span className="block text-xs text-muted-foreground">{member.email}</span>
                    </td>
                    <td className="py-2.5 pr-3 align-top">
                      {member.editable ? (
                        <>
                          <label className="sr-only" htmlFor={selectId}>
                            Role of {member.name} in {workspace.name}
                          </label>
                          <select
                            id={selectId}
                            className={`${selectClass} h-8 w-44`}
                            disabled={pending}
                            value={member.explicitRole ?? ""}
                            aria-describedby={
                              member.inheritedFrom ? `${selectId}-inherited` : undefined
                            }
                            onChange={(event) => {
                              const role = event.target.value;
                              if (isRole(role)) setRole(member, role);
                            }}
                          >
                            {member.explicitRole === null ? (
                              <option value="">
                                {`${WORKSPACE_ROLE_LABELS[member.effectiveRole]} (inherited)`}
                              </option>
                            ) : null}
                            {WORKSPACE_ROLES.map((role) => (
                              <option key={role} value={role}>
                                {WORKSPACE_ROLE_LABELS[role]}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : (
                        <span className="font-medium">
                          {WORKSPACE_ROLE_LABELS[member.effectiveRole]}
                        </span>
                      )}
                      {member.inheritedFrom ? (
                        <span
                          id={`${selectId}-inherited`}
                          className="mt-1 block text-xs text-muted-foreground"
                        >
                          {WORKSPACE_ROLE_LABELS[member.effectiveRole]}, inherited from{" "}
                          <Link
                            href={`/workspaces/${member.inheritedFrom.id}`}
                            className="font-medium text-link underline-offset-4 hover:underline"
                          >
                            {member.inheritedFrom.name}
                          </Link>
                          {member.explicitRole
                            ? ` (their own role here, ${WORKSPACE_ROLE_LABELS[member.explicitRole].toLowerCase()}, is lower)`
                            : null}
                        </span>
                      ) : null}
                    </td>
                    {canEditSome ? (
                      <td className="py-2.5 text-right align-top">
                        {member.editable && member.explicitRole ? (
                          <Button
                            type="button"
                            variant="ghost"
                            size="sm"
                            disabled={pending}
                            onClick={() => setRemoving(member)}
                          >
                            Remove<span className="sr-only"> {member.name}</span>
                          </Button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {addable.length > 0 ? (
        <form
          aria-label={`Add someone to ${workspace.name}`}
          className="flex flex-wrap items-end gap-3 border-t border-border pt-4"
          onSubmit={(event) => {
            event.preventDefault();
            setAddError(null);
            const person = addable.find((p) => p.userId === addUser);
            if (!person) {
              setAddError("Choose someone to add.");
              return;
            }
            setRole(person, addRole, true);
          }}
        >
          <div className="flex min-w-56 flex-1 flex-col gap-1.5">
            <label htmlFor="add-member" className="text-sm font-medium">
              Add someone
            </label>
            <select
              id="add-member"
              className={selectClass}
              value={addUser}
              aria-invalid={addError ? true : undefined}
              aria-describedby={addError ? "add-member-error" : undefined}
              onChange={(event) => {
                setAddUser(event.target.value);
                setAddError(null);
              }}
            >
              <option value="">Choose a person…</option>
              {addable.map((person) => (
                <option key={person.userId} value={person.userId}>
                  {person.name} ({person.email})
                </option>
              ))}
            </select>
          </div>
          <div className="flex flex-col gap-1.5">
            <label htmlFor="add-member-role" className="text-sm font-medium">
              Role
            </label>
            <select
              id="add-member-role"
              className={`${selectClass} w-36`}
              value={addRole}
              onChange={(event) => {
                if (isRole(event.target.value)) setAddRole(event.target.value);
              }}
            >
              {WORKSPACE_ROLES.map((role) => (
                <option key={role} value={role}>
                  {WORKSPACE_ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="outline" pending={pending && busyUser === addUser}>
            Add to workspace
          </Button>
          {addError ? (
            <p
              id="add-member-error"
              role="alert"
              className="basis-full text-[13px] leading-5 font-medium text-danger"
            >
              {addError}
            </p>
          ) : null}
        </form>
      ) : null}

      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${removing.name} from ${workspace.name}?` : ""}
        description={
          removing ? (
            <>
              <strong>{removing.name}</strong> loses their role in <strong>{workspace.name}</strong>{" "}
              and in every workspace below it that they only had through it. They stay in the
              organization.
            </>
          ) : null
        }
        confirmLabel="Remove from workspace"
        destructive
        onConfirm={async () => {
          if (!removing) return false;
          const result = await removeFromWorkspaceAction({
            userId: removing.userId,
            workspaceId: workspace.id,
          });
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${removing.name} was removed from ${workspace.name}`);
          return true;
        }}
      />
    </div>
  );
}
