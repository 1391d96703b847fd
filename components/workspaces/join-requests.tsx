"use client";

import { useState, useTransition } from "react";
import {
  approveJoinRequestAction,
  rejectJoinRequestAction,
} from "@/lib/workspaces/join-request-actions";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import type { RoleOption } from "@/lib/workspaces";
import { defaultRoleKey, roleHint, roleWords, RoleSelectOptions } from "./role-options";

export interface PendingJoinRequest {
  id: string;
  name: string;
  email: string;
  message: string | null;
  /** Already formatted on the server (one time zone for everyone). */
  requestedAt: string;
  requestedAtIso: string;
}

function RequestItem({
  request,
  workspace,
  roleOptions,
}: {
  request: PendingJoinRequest;
  workspace: string;
  roleOptions: RoleOption[];
}) {
  const [roleKey, setRoleKey] = useState<RoleKey | undefined>(() => defaultRoleKey(roleOptions));
  const [approving, startApprove] = useTransition();
  const [rejecting, setRejecting] = useState(false);
  const selectId = `join-role-${request.id}`;
  const role = roleOptions.find((o) => o.key === roleKey);
  const hint = roleHint(role);

  function approve() {
    if (!role) return;
    startApprove(async () => {
      const result = await approveJoinRequestAction({ requestId: request.id, role: role.key });
      if (result.ok) toast.success(`${request.name} joined ${workspace} as ${roleWords(role)}`);
      else toast.error(result.error);
    });
  }

  return (
    <li
      className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0"
      aria-label={`${request.name} asks to join`}
      aria-busy={approving || undefined}
    >
      <div className="flex flex-col gap-0.5">
        <p className="text-sm">
          <span className="font-medium">{request.name}</span>{" "}
          <span className="text-muted-foreground">{request.email}</span>
        </p>
        <p className="text-xs text-muted-foreground">
          Asked on <time dateTime={request.requestedAtIso}>{request.requestedAt}</time>
        </p>
        {request.message ? (
          <blockquote className="mt-1.5 border-l-2 border-border pl-3 text-sm text-foreground/85 italic">
            {request.message}
          </blockquote>
        ) : null}
      </div>
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1.5">
          <label htmlFor={selectId} className="text-xs font-medium text-muted-foreground">
            Role for {request.name}
          </label>
          <Select
            id={selectId}
            className="w-36"
            value={roleKey ?? ""}
            disabled={approving}
            aria-describedby={hint ? `${selectId}-hint` : undefined}
            onChange={(event) => {
              const chosen = roleOptions.find((o) => o.key === event.target.value);
              if (chosen) setRoleKey(chosen.key);
            }}
          >
            <RoleSelectOptions options={roleOptions} />
          </Select>
        </div>
        <Button type="button" size="md" pending={approving} disabled={!role} onClick={approve}>
          Approve<span className="sr-only"> {request.name}</span>
        </Button>
        <Button
          type="button"
          variant="outline"
          disabled={approving}
          onClick={() => setRejecting(true)}
        >
          Reject<span className="sr-only"> {request.name}</span>
        </Button>
        {hint ? (
          <p id={`${selectId}-hint`} className="basis-full text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
      </div>
      <ConfirmDialog
        open={rejecting}
        onOpenChange={setRejecting}
        title={`Reject ${request.name}'s request?`}
        description={
          <>
            <strong>{request.name}</strong> won&apos;t join <strong>{workspace}</strong>, and gets
            an email saying so. They can ask again later.
          </>
        }
        confirmLabel="Reject request"
        destructive
        onConfirm={async () => {
          const result = await rejectJoinRequestAction({ requestId: request.id });
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`Rejected ${request.name}'s request`);
          return true;
        }}
      />
    </li>
  );
}

/**
 * The pending join requests of one workspace, each approved with a role (one the viewer may give
 * here: built-in or custom) or rejected.
 */
export function JoinRequests({
  requests,
  workspace,
  roleOptions,
}: {
  requests: PendingJoinRequest[];
  workspace: string;
  roleOptions: RoleOption[];
}) {
  if (requests.length === 0) {
    return <p className="text-sm text-muted-foreground">No pending requests.</p>;
  }
  return (
    <ul className="flex flex-col divide-y divide-border">
      {requests.map((request) => (
        <RequestItem
          key={request.id}
          request={request}
          workspace={workspace}
          roleOptions={roleOptions}
        />
      ))}
    </ul>
  );
}
