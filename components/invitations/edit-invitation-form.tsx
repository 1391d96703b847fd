"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { applyFieldErrors } from "@/lib/forms/use-action-form";
import {
  resendInvitationAction,
  revokeInvitationAction,
  updateInvitationAction,
} from "@/lib/invitations/actions";
import type { InviteRoleOption, InviteWorkspaceOption } from "@/lib/invitations/invite-options";
import { updateInvitationInput } from "@/lib/invitations/schemas";
import { ORG_ROLE_LABELS, type AssignableOrgRole } from "@/lib/permissions/roles";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import { WorkspaceGrantRow } from "./workspace-grant-row";
import { rolesFor, rowRoleKey } from "./workspace-role-options";

type Values = z.input<typeof updateInvitationInput>;
type Output = z.output<typeof updateInvitationInput>;

export interface EditableInvitation {
  id: string;
  version: number;
  name: string;
  role: AssignableOrgRole;
  /** Each workspace with its role as a form chooses it: "member", or "custom:<id>". */
  workspaces: { workspaceId: string; role: RoleKey }[];
}

interface EditInvitationFormProps {
  invitation: EditableInvitation;
  /** Owners and admins choose the org role; a workspace manager's invitees stay members. */
  canChooseRole: boolean;
  /** A workspace manager's invitation keeps at least one of their workspaces. */
  workspaceRequired: boolean;
  /** The workspaces the viewer may put in the invitation, by path, with the roles they may give there. */
  workspaceOptions: InviteWorkspaceOption[];
  /** The roles those are chosen from (built-in and custom). */
  roleOptions: InviteRoleOption[];
}

/** Edit user for an invitee: the org role and the workspaces, with a role each, they will get. */
export function EditInvitationForm(props: EditInvitationFormProps) {
  // A new version from the server (after a save, a resend) starts the form afresh.
  return <EditInvitationFields key={props.invitation.version} {...props} />;
}

function EditInvitationFields({
  invitation,
  canChooseRole,
  workspaceRequired,
  workspaceOptions,
  roleOptions,
}: EditInvitationFormProps) {
  const router = useRouter();
  const workspaceById = new Map(workspaceOptions.map((w) => [w.id, w]));
  // A row keeps the role it was loaded with among its choices while it is that workspace's.
  const loadedRole = new Map(invitation.workspaces.map((w) => [w.workspaceId, w.role]));
  const rolesIn = (workspaceId: string | undefined) =>
    rolesFor(
      roleOptions,
      workspaceId ? workspaceById.get(workspaceId) : undefined,
      workspaceId ? loadedRole.get(workspaceId) : undefined,
    );
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const schema: z.ZodType<Output, Values> = workspaceRequired
    ? updateInvitationInput.refine((v) => v.workspaces.length > 0, {
        path: ["workspaces"],
        message: "Keep at least one of your workspaces",
      })
    : updateInvitationInput;
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(schema),
    defaultValues: {
      invitationId: invitation.id,
      version: invitation.version,
      role: invitation.role,
      workspaces: invitation.workspaces,
    },
  });
  const { register, handleSubmit, control, setError, formState } = form;
  const { errors, isSubmitting, isDirty } = formState;
  const grants = useFieldArray({ control, name: "workspaces" });
  const chosen = useWatch({ control, name: "workspaces" });
  const used = new Set(chosen?.map((w) => w.workspaceId));

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    setConflict(false);
    const result = await updateInvitationAction({
      ...values,
      role: canChooseRole ? values.role : undefined,
    });
    if (result.ok) {
      toast.success(`Saved ${invitation.name}'s invitation`);
      return;
    }
    setFormError(result.error);
    setConflict(result.error.startsWith("This invitation was changed by someone else"));
    applyFieldErrors(setError, result.fieldErrors);
  });

  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Edit invitation"
      className="flex flex-col gap-5"
    >
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
      <input type="hidden" {...register("invitationId")} />
      <input type="hidden" {...register("version")} />
      <Field
        label="Role"
        error={errors.role?.message}
        className="sm:w-64"
        hint={
          canChooseRole
            ? "Their role in the organization once they accept."
            : "Workspace managers invite members only."
        }
      >
        {(c) => (
          <Select {...c} {...register("role")} disabled={!canChooseRole}>
            <option value="admin">{ORG_ROLE_LABELS.admin}</option>
            <option value="member">{ORG_ROLE_LABELS.member}</option>
          </Select>
        )}
      </Field>

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-sm font-medium">
          Workspaces{" "}
          <span className="font-normal text-muted-foreground">
            {workspaceRequired ? "(at least one of yours)" : "(optional)"}
          </span>
        </legend>
        {grants.fields.length === 0 ? (
          <p className="text-sm text-muted-foreground">
            {invitation.name} won&apos;t be in any workspace.
          </p>
        ) : null}
        {grants.fields.map((field, index) => {
          const workspaceId = chosen?.[index]?.workspaceId;
          return (
            <WorkspaceGrantRow
              key={field.id}
              index={index}
              idPrefix="invitation-ws"
              workspaces={workspaceOptions}
              taken={used}
              workspaceField={register(`workspaces.${index}.workspaceId`)}
              roleField={register(`workspaces.${index}.role`)}
              workspaceId={workspaceId}
              role={chosen?.[index]?.role}
              rolesIn={rolesIn}
              error={errors.workspaces?.[index]?.role?.message}
              onRoleReplaced={(role) =>
                form.setValue(`workspaces.${index}.role`, role, { shouldDirty: true })
              }
              onRemove={() => grants.remove(index)}
            />
          );
        })}
        {errors.workspaces?.message ? (
          <p role="alert" className="text-[13px] font-medium text-danger">
            {errors.workspaces.message}
          </p>
        ) : null}
        {workspaceOptions.length > grants.fields.length ? (
          <Button
            type="button"
            variant="outline"
            size="sm"
            className="w-fit"
            onClick={() => {
              const next = workspaceOptions.find((w) => !used.has(w.id));
              if (next) grants.append({ workspaceId: next.id, role: rowRoleKey(rolesIn(next.id)) });
            }}
          >
            <Plus aria-hidden="true" /> Add workspace
          </Button>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-[13px] text-muted-foreground">
          Their invitation link stays the same; it gives what is saved here when they accept.
        </p>
        <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
          Save changes
        </Button>
      </div>
    </Form>
  );
}

/** Resend invitation and Revoke invitation, on an invitee's Edit user page. */
export function InvitationActions({
  invitation,
}: {
  invitation: { id: string; name: string; email: string };
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [revoking, setRevoking] = useState(false);

  function resend() {
    startTransition(async () => {
      const result = await resendInvitationAction({ invitationId: invitation.id });
      if (!result.ok) toast.error(result.error);
      else if (result.emailStatus === "failed") {
        toast.error(
          `The invitation was renewed, but the email to ${invitation.email} couldn't be sent. Try again later.`,
        );
      } else toast.success(`Invitation sent again to ${invitation.email}`);
    });
  }

  return (
    <div className="flex flex-wrap gap-2">
      <Button type="button" variant="outline" pending={pending} onClick={resend}>
        Resend invitation
      </Button>
      <Button
        type="button"
        variant="destructive"
        disabled={pending}
        onClick={() => setRevoking(true)}
      >
        Revoke invitation
      </Button>
      <ConfirmDialog
        open={revoking}
        onOpenChange={setRevoking}
        title={`Revoke ${invitation.name}'s invitation?`}
        description={
          <>
            The invitation link sent to <strong>{invitation.email}</strong> stops working at once.
            You can invite them again later.
          </>
        }
        confirmLabel="Revoke invitation"
        destructive
        onConfirm={async () => {
          const result = await revokeInvitationAction({ invitationId: invitation.id });
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${invitation.name}'s invitation was revoked`);
          router.push("/users");
          return true;
        }}
      />
    </div>
  );
}
