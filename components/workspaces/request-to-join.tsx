"use client";

import { useState, useTransition } from "react";
import {
  requestToJoinAction,
  withdrawJoinRequestAction,
} from "@/lib/workspaces/join-request-actions";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonSize, type ButtonVariant } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { Textarea } from "@/components/ui/textarea";
import { useActionForm } from "@/lib/forms/use-action-form";
import { JOIN_REQUEST_MESSAGE_MAX, requestToJoinInput } from "@/lib/workspaces/schemas";

const schema = requestToJoinInput.pick({ message: true });

interface Workspace {
  id: string;
  path: string;
}

/** "Ask to join": an optional message for the workspace's managers, then a pending request. */
export function RequestToJoinButton({
  workspace,
  variant = "outline",
  size = "sm",
}: {
  workspace: Workspace;
  variant?: ButtonVariant;
  size?: ButtonSize;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size={size}>
          Ask to join<span className="sr-only"> {workspace.path}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Ask to join {workspace.path}</DialogTitle>
          <DialogDescription>
            Its managers see your request and approve or reject it; you&apos;ll get an email either
            way.
          </DialogDescription>
        </DialogHeader>
        {/* Mounted while open only: every opening starts with an empty form. */}
        <RequestToJoinForm workspace={workspace} onSent={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function RequestToJoinForm({ workspace, onSent }: { workspace: Workspace; onSent: () => void }) {
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(
    schema,
    (values) =>
      requestToJoinAction({ workspaceId: workspace.id, message: values.message ?? undefined }),
    { message: "" },
    () => {
      toast.success(`Asked to join ${workspace.path}. You'll get an email when it's decided.`);
      onSent();
    },
  );

  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label={`Ask to join ${workspace.path}`}
      className="flex flex-col gap-5"
    >
      {formError && !errors.message ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label="Message (optional)"
        error={errors.message?.message}
        hint={`Why you'd like to join, in up to ${JOIN_REQUEST_MESSAGE_MAX} characters.`}
      >
        {(control) => (
          <Textarea
            {...control}
            {...register("message")}
            rows={3}
            maxLength={JOIN_REQUEST_MESSAGE_MAX}
          />
        )}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" pending={isSubmitting}>
          Send request
        </Button>
      </DialogFooter>
    </Form>
  );
}

/** "Withdraw request": takes back one's own pending request to join. */
export function WithdrawRequestButton({
  workspace,
  size = "sm",
}: {
  workspace: Workspace;
  size?: ButtonSize;
}) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="ghost"
      size={size}
      pending={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await withdrawJoinRequestAction({ workspaceId: workspace.id });
          if (result.ok) toast.success(`Withdrew your request to join ${workspace.path}.`);
          else toast.error(result.error);
        })
      }
    >
      Withdraw request<span className="sr-only"> to join {workspace.path}</span>
    </Button>
  );
}
