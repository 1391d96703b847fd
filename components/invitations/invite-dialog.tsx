"use client";

import { useRef, useState } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { DialogTriggerStandIn, useDeferred } from "@/components/ui/deferred";
import { fetchJson } from "@/components/ui/fetch-json";
import { Icon } from "@/components/ui/icon";
import type { InviteChoices } from "@/lib/invitations/invite-options";
import type { InviteDialogForm } from "./invite-dialog-form";

export interface InviteDialogProps {
  canChooseRole: boolean;
  workspaceRequired: boolean;
  /**
   * The workspaces one may invite into and the roles one may give in each, or where to load them
   * from (JSON) when the dialog is first used: a page that may list hundreds need not send them
   * with every view.
   */
  choices: InviteChoices | { url: string };
  intoWorkspaceId?: string;
  triggerLabel?: string;
}

const loadForm = () => import("./invite-dialog-form").then((module) => module.InviteDialogForm);

/**
 * The "Invite users" button and its dialog (invite-dialog-form.tsx), which is loaded — with the
 * form's validation, and the workspaces when they are to be loaded — when the button is first
 * used (components/ui/deferred.tsx).
 */
export function InviteDialog({
  triggerLabel = "Invite users",
  choices,
  ...props
}: InviteDialogProps) {
  // One loader per mount: choices loaded for this view of the page, not for later ones.
  const [load] = useState(() => {
    const url = "url" in choices ? choices.url : null;
    return async (): Promise<{
      Form: typeof InviteDialogForm;
      loaded: InviteChoices | null;
    }> => {
      const [Form, loaded] = await Promise.all([
        loadForm(),
        url ? fetchJson<InviteChoices>(url) : null,
      ]);
      return { Form, loaded };
    };
  });
  const deferred = useDeferred(load);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const part = deferred.part;
  if (part !== null) {
    const { Form, loaded } = part;
    return (
      <Form
        {...props}
        choices={loaded ?? ("url" in choices ? { roles: [], workspaces: [] } : choices)}
        triggerLabel={triggerLabel}
        triggerRef={triggerRef}
      />
    );
  }
  return (
    <DialogTriggerStandIn deferred={deferred} target={triggerRef} className={buttonClasses()}>
      <Icon name="user-plus" /> {triggerLabel}
    </DialogTriggerStandIn>
  );
}
