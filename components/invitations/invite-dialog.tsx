"use client";

import { UserPlus } from "lucide-react";
import { useRef } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { DialogTriggerStandIn, useDeferred } from "@/components/ui/deferred";

export interface InviteDialogProps {
  canChooseRole: boolean;
  workspaceRequired: boolean;
  workspaces: { id: string; path: string }[];
  intoWorkspaceId?: string;
  triggerLabel?: string;
}

const loadDialog = () => import("./invite-dialog-form").then((module) => module.InviteDialogForm);

/**
 * The "Invite users" button and its dialog (invite-dialog-form.tsx), which is loaded — with the
 * form's validation — when the button is first used (components/ui/deferred.tsx).
 */
export function InviteDialog({ triggerLabel = "Invite users", ...props }: InviteDialogProps) {
  const deferred = useDeferred(loadDialog);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const Dialog = deferred.part;
  if (Dialog !== null) {
    return <Dialog {...props} triggerLabel={triggerLabel} triggerRef={triggerRef} />;
  }
  return (
    <DialogTriggerStandIn deferred={deferred} target={triggerRef} className={buttonClasses()}>
      <UserPlus aria-hidden="true" /> {triggerLabel}
    </DialogTriggerStandIn>
  );
}
