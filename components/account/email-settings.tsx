"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
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
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import {
  cancelEmailChangeAction,
  requestEmailChangeAction,
} from "@/lib/account/email-change-actions";
import { requestEmailChangeInput } from "@/lib/account/schemas";
import { formatDateTime } from "@/lib/format";
import { useActionForm } from "@/lib/forms/use-action-form";

/**
 * The Email part of the Profile section: the address one signs in with, "Change email" (a dialog
 * asking for the new address and the current password), and a change waiting for confirmation,
 * which can be cancelled.
 */
export function EmailSettings({
  email,
  pending,
}: {
  email: string;
  pending: { newEmail: string; requestedAt: Date; expiresAt: Date; byAdmin: boolean } | null;
}) {
  return (
    <section aria-labelledby="email-title" className="flex flex-col gap-3">
      <h3 id="email-title" className="text-sm font-semibold">
        Email
      </h3>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <p className="text-sm">
          <span className="font-medium">{email}</span>
          <span className="block text-[13px] text-muted-foreground">
            The address you sign in with and receive emails at.
          </span>
        </p>
        <ChangeEmailDialog email={email} />
      </div>
      {pending ? <PendingChange {...pending} /> : null}
    </section>
  );
}

function PendingChange({
  newEmail,
  requestedAt,
  expiresAt,
  byAdmin,
}: {
  newEmail: string;
  requestedAt: Date;
  expiresAt: Date;
  byAdmin: boolean;
}) {
  const router = useRouter();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setCancelling(true);
    setError(null);
    const result = await cancelEmailChangeAction({});
    setCancelling(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    toast.success("Email change cancelled");
    router.refresh();
  };
  return (
    <Alert variant="info" role="status">
      <div className="flex flex-col gap-2">
        <span>
          Waiting for <strong>{newEmail}</strong> to confirm — sent{" "}
          <time dateTime={requestedAt.toISOString()}>{formatDateTime(requestedAt)}</time>
          {byAdmin ? " at an admin's request" : ""}. The link in that email works until{" "}
          <time dateTime={expiresAt.toISOString()}>{formatDateTime(expiresAt)}</time>; your email
          stays the same until it is used.
        </span>
        {error ? (
          <span role="alert" className="text-danger">
            {error}
          </span>
        ) : null}
        <div>
          <Button
            type="button"
            variant="outline"
            size="sm"
            pending={cancelling}
            onClick={() => void cancel()}
          >
            Cancel email change
          </Button>
        </div>
      </div>
    </Alert>
  );
}

function ChangeEmailDialog({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  // A fresh form each time the dialog opens.
  const [round, setRound] = useState(0);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) setRound((r) => r + 1);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">Change email</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change email</DialogTitle>
          <DialogDescription>
            We email a link to the new address; your email changes when you open it and confirm,
            within 24 hours. {email} is told about the request. Confirming signs you out everywhere
            else.
          </DialogDescription>
        </DialogHeader>
        <ChangeEmailForm key={round} email={email} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function ChangeEmailForm({ email, onDone }: { email: string; onDone: () => void }) {
  const router = useRouter();
  const { form, formError, onSubmit } = useActionForm(
    requestEmailChangeInput,
    requestEmailChangeAction,
    { newEmail: "", currentPassword: "" },
    (result) => {
      if (result.emailFailed) {
        toast.error(
          `The confirmation email to ${result.newEmail} could not be sent. Try again in a moment.`,
        );
      } else {
        toast.success(`Check ${result.newEmail}: open the link we sent there to confirm.`);
      }
      onDone();
      router.refresh();
    },
  );
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;
  const shownElsewhere = errors.newEmail ?? errors.currentPassword;
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Change email" className="flex flex-col gap-5">
      {formError && !shownElsewhere ? <Alert variant="error">{formError}</Alert> : null}
      {/* For password managers: whose password this is. */}
      <input type="text" hidden autoComplete="username" value={email} readOnly />
      <Field label="New email" required error={errors.newEmail?.message}>
        {(c) => (
          <Input {...c} {...register("newEmail")} type="email" autoComplete="email" autoFocus />
        )}
      </Field>
      <Field label="Current password" required error={errors.currentPassword?.message}>
        {(c) => (
          <Input
            {...c}
            {...register("currentPassword")}
            type="password"
            autoComplete="current-password"
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
          Send confirmation link
        </Button>
      </DialogFooter>
    </Form>
  );
}
