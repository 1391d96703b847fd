"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import { formatDateTime } from "@/lib/format";
import { applyFieldErrors } from "@/lib/forms/use-action-form";
import { editUserInput } from "@/lib/people/schemas";
import { cancelMemberEmailChangeAction, editUserAction } from "@/lib/people/actions";

const schema = editUserInput;
type Values = z.input<typeof schema>;

export interface EditableUser {
  userId: string;
  userVersion: number;
  membershipVersion: number;
  firstName: string;
  lastName: string;
  email: string;
  role: "owner" | "admin" | "member";
  status: "active" | "disabled";
}

export function EditUserForm(props: {
  user: EditableUser;
  canEditProfile: boolean;
  /** Why the name and email are read-only, when it isn't simply the viewer's role. */
  profileNote?: string;
  canChangeRole: boolean;
  canSetStatus: boolean;
  /** A new email waiting for its confirmation (the account keeps its email until then). */
  pendingEmailChange?: { newEmail: string; requestedAt: Date } | null;
}) {
  // A new version from the server (after a save), or a new pending email, starts the form afresh.
  const pending = props.pendingEmailChange;
  return (
    <EditUserFields
      key={`${props.user.userVersion}-${props.user.membershipVersion}-${pending ? `${pending.newEmail}@${pending.requestedAt.getTime()}` : ""}`}
      {...props}
    />
  );
}

function EditUserFields({
  user,
  canEditProfile,
  profileNote,
  canChangeRole,
  canSetStatus,
  pendingEmailChange,
}: Parameters<typeof EditUserForm>[0]) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: {
      userId: user.userId,
      userVersion: user.userVersion,
      membershipVersion: user.membershipVersion,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      role: user.role === "owner" ? undefined : user.role,
      status: user.status,
    },
  });
  const readOnly = !canEditProfile;

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setConflict(false);
    const result = await editUserAction({
      ...values,
      role: canChangeRole ? values.role : undefined,
      status: canSetStatus ? values.status : undefined,
    });
    if (result.ok) {
      if (result.emailFailed) {
        toast.error(
          `Saved, but the email asking ${result.emailChangePending} to confirm could not be sent. Save the new address again to retry.`,
        );
      } else if (result.emailChangePending) {
        toast.success(
          `Saved. The email changes once ${result.emailChangePending} confirms it: we sent a link there.`,
        );
      } else {
        toast.success(`Saved ${values.firstName} ${values.lastName}`);
      }
      return;
    }
    setFormError(result.error);
    setConflict(result.error.startsWith("This person was changed by someone else"));
    applyFieldErrors(setError, result.fieldErrors);
  });

  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Edit user" className="flex flex-col gap-4">
      {formError ? (
        <Alert variant="error">
          <span>{formError}</span>
          {conflict ? (
            <Button type="button" variant="link" className="ml-2" onClick={() => router.refresh()}>
              Reload
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <input type="hidden" {...register("userId")} />
      <input type="hidden" {...register("userVersion")} />
      <input type="hidden" {...register("membershipVersion")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" error={errors.firstName?.message}>
          {(c) => (
            <Input {...c} {...register("firstName")} readOnly={readOnly} autoComplete="off" />
          )}
        </Field>
        <Field label="Last name" error={errors.lastName?.message}>
          {(c) => <Input {...c} {...register("lastName")} readOnly={readOnly} autoComplete="off" />}
        </Field>
      </div>
      {profileNote ? <p className="text-[13px] text-muted-foreground">{profileNote}</p> : null}
      <Field
        label="Email"
        error={errors.email?.message}
        hint={
          readOnly
            ? undefined
            : "A new address takes effect once confirmed from a link sent to it; the current one is told."
        }
      >
        {(c) => (
          <Input
            type="email"
            {...c}
            {...register("email")}
            readOnly={readOnly}
            autoComplete="off"
          />
        )}
      </Field>
      {pendingEmailChange ? (
        <PendingEmailChange
          userId={user.userId}
          {...pendingEmailChange}
          canCancel={canEditProfile}
        />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Role"
          error={errors.role?.message}
          hint={
            user.role === "owner"
              ? "Ownership moves only by transfer, in organization settings."
              : undefined
          }
        >
          {(c) =>
            user.role === "owner" ? (
              <Input {...c} value="Owner" readOnly />
            ) : (
              <Select {...c} {...register("role")} disabled={!canChangeRole}>
                <option value="admin">Admin</option>
                <option value="member">Member</option>
              </Select>
            )
          }
        </Field>
        <Field
          label="Status"
          error={errors.status?.message}
          hint="A disabled person keeps their data but can't use this organization."
        >
          {(c) => (
            <Select {...c} {...register("status")} disabled={!canSetStatus}>
              <option value="active">Active</option>
              <option value="disabled">Disabled</option>
            </Select>
          )}
        </Field>
      </div>
      {canEditProfile || canChangeRole || canSetStatus ? (
        <div className="flex justify-end">
          <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
            Save changes
          </Button>
        </div>
      ) : null}
    </Form>
  );
}

/** "Waiting for … to confirm", with a way to cancel the change (its link stops working). */
function PendingEmailChange({
  userId,
  newEmail,
  requestedAt,
  canCancel,
}: {
  userId: string;
  newEmail: string;
  requestedAt: Date;
  canCancel: boolean;
}) {
  const router = useRouter();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setCancelling(true);
    setError(null);
    const result = await cancelMemberEmailChangeAction({ userId });
    setCancelling(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    toast.success(`Email change to ${newEmail} cancelled`);
    router.refresh();
  };
  return (
    <Alert variant="info" role="status">
      <div className="flex flex-col gap-2">
        <span>
          Waiting for <strong>{newEmail}</strong> to confirm — sent{" "}
          <time dateTime={requestedAt.toISOString()}>{formatDateTime(requestedAt)}</time>. The email
          stays the same until then.
        </span>
        {error ? (
          <span role="alert" className="text-danger">
            {error}
          </span>
        ) : null}
        {canCancel ? (
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
        ) : null}
      </div>
    </Alert>
  );
}
