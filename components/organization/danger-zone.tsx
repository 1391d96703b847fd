"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useWatch } from "react-hook-form";
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
import { useActionForm } from "@/lib/forms/use-action-form";
import {
  deleteOrganizationAction,
  transferOwnershipAction,
} from "@/lib/organization/danger-actions";
import { deleteOrganization, transferOwnership } from "@/lib/organization/schemas";

// The settings page's Danger zone: transfer ownership, delete the organization. The owner uses
// them; admins see them disabled.

interface Candidate {
  email: string;
  name: string;
}

function DangerRow({
  title,
  description,
  action,
}: {
  title: string;
  description: string;
  action: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex flex-col gap-1">
        <h3 className="text-sm font-semibold">{title}</h3>
        <p className="text-[13px] text-muted-foreground">{description}</p>
      </div>
      <div className="shrink-0">{action}</div>
    </div>
  );
}

export function DangerZone({
  organizationName,
  members,
  workspaces,
  admins,
  editable,
}: {
  organizationName: string;
  members: number;
  workspaces: number;
  /** Active admins, offered as suggestions for the new owner. */
  admins: Candidate[];
  editable: boolean;
}) {
  return (
    <div className="flex flex-col divide-y divide-border">
      <DangerRow
        title="Transfer ownership"
        description="Make an active admin or member the owner. You become an admin."
        action={
          <TransferOwnershipDialog
            organizationName={organizationName}
            admins={admins}
            editable={editable}
          />
        }
      />
      <DangerRow
        title="Delete organization"
        description="Delete the organization and everything in it, for everyone. This can't be undone."
        action={
          <DeleteOrganizationDialog
            organizationName={organizationName}
            members={members}
            workspaces={workspaces}
            editable={editable}
          />
        }
      />
    </div>
  );
}

function TransferOwnershipDialog({
  organizationName,
  admins,
  editable,
}: {
  organizationName: string;
  admins: Candidate[];
  editable: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" disabled={!editable}>
          Transfer ownership
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Transfer ownership of {organizationName}</DialogTitle>
          <DialogDescription>
            The person you choose becomes the owner of{" "}
            <strong className="text-foreground">{organizationName}</strong>, with every permission;
            you become an admin. Only the new owner can transfer it again.
          </DialogDescription>
        </DialogHeader>
        <TransferForm admins={admins} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function TransferForm({ admins, onDone }: { admins: Candidate[]; onDone: () => void }) {
  const router = useRouter();
  const { form, formError, onSubmit } = useActionForm(
    transferOwnership,
    (values) => transferOwnershipAction(values),
    { newOwnerEmail: "", password: "" },
    (result) => {
      toast.success(`${result.newOwner} is now the owner`);
      onDone();
      router.refresh();
    },
  );
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;
  const shownElsewhere = errors.newOwnerEmail ?? errors.password;
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Transfer ownership"
      className="flex flex-col gap-5"
    >
      {formError && !shownElsewhere ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label="New owner's email"
        required
        hint="An active admin or member of the organization."
        error={errors.newOwnerEmail?.message}
      >
        {(c) => (
          <Input
            {...c}
            {...register("newOwnerEmail")}
            type="email"
            list="transfer-candidates"
            autoComplete="off"
            autoFocus
          />
        )}
      </Field>
      {admins.length > 0 ? (
        <datalist id="transfer-candidates">
          {admins.map((admin) => (
            <option key={admin.email} value={admin.email}>
              {admin.name}
            </option>
          ))}
        </datalist>
      ) : null}
      <Field label="Your password" required error={errors.password?.message}>
        {(c) => (
          <Input {...c} {...register("password")} type="password" autoComplete="current-password" />
        )}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="destructive" pending={isSubmitting}>
          Transfer ownership
        </Button>
      </DialogFooter>
    </Form>
  );
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function DeleteOrganizationDialog({
  organizationName,
  members,
  workspaces,
  editable,
}: {
  organizationName: string;
  members: number;
  workspaces: number;
  editable: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="destructive" disabled={!editable}>
          Delete organization
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Delete {organizationName}?</DialogTitle>
          <DialogDescription>
            This permanently deletes <strong className="text-foreground">{organizationName}</strong>
            : {plural(members, "member")}&apos; access, {plural(workspaces, "workspace")}, every
            invitation and join request, and its audit log. Accounts that belong to no other
            organization are deleted too, yours included. This can&apos;t be undone.
          </DialogDescription>
        </DialogHeader>
        <p className="text-sm">
          Keep a copy of the audit log first:{" "}
          <a
            href="/settings/organization/audit-log/export"
            className="font-medium text-link underline underline-offset-4"
            download
          >
            Download the audit log (CSV)
          </a>
        </p>
        <DeleteForm organizationName={organizationName} />
      </DialogContent>
    </Dialog>
  );
}

function DeleteForm({ organizationName }: { organizationName: string }) {
  const [leaving, setLeaving] = useState(false);
  const { form, formError, onSubmit } = useActionForm(
    deleteOrganization,
    (values) => deleteOrganizationAction(values),
    { confirmName: "", password: "" },
    (result) => {
      setLeaving(true);
      toast.success(`${organizationName} was deleted`);
      // A full load: the session and the organization the app opens in have changed.
      window.location.assign(
        result.organizationsLeft === 0 ? "/setup" : result.signedOut ? "/sign-in" : "/",
      );
    },
  );
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form;
  const typed = useWatch({ control, name: "confirmName" });
  const shownElsewhere = errors.confirmName ?? errors.password;
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Delete organization"
      className="flex flex-col gap-5"
    >
      {formError && !shownElsewhere ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label={`Type ${organizationName} to confirm`}
        required
        error={errors.confirmName?.message}
      >
        {(c) => (
          <Input
            {...c}
            {...register("confirmName")}
            autoComplete="off"
            spellCheck={false}
            autoFocus
          />
        )}
      </Field>
      <Field label="Your password" required error={errors.password?.message}>
        {(c) => (
          <Input {...c} {...register("password")} type="password" autoComplete="current-password" />
        )}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button
          type="submit"
          variant="destructive"
          pending={isSubmitting || leaving}
          disabled={typed !== organizationName}
        >
          Delete organization
        </Button>
      </DialogFooter>
    </Form>
  );
}
