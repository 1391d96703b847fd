"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { CheckCircle2, CircleAlert, Plus, Trash2, UserPlus } from "lucide-react";
import { useState, type RefObject } from "react";
import { useFieldArray, useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/utils/cn";
import {
  inviteUsersInput,
  inviteUsersWithRoleInput,
  MAX_INVITES_AT_ONCE,
  type InviteRowOutcome,
} from "@/lib/invitations/schemas";
import { inviteUsersAction } from "@/lib/invitations/actions";
import type { InviteChoices } from "@/lib/invitations/invite-options";
import type { InviteDialogProps } from "./invite-dialog";
import { WorkspaceGrantRow } from "./workspace-grant-row";
import { rolesFor, rowRoleKey } from "./workspace-role-options";

type Values = z.input<typeof inviteUsersInput>;
type Output = z.output<typeof inviteUsersInput>;

const emptyRow = { firstName: "", lastName: "", email: "" };

/**
 * "Invite users": rows of people, an org role (owners and admins only, chosen from "Select a
 * role": there is no default) and workspaces with a role each (required for workspace managers,
 * who see only their workspaces): the built-in roles and the organization's custom roles, those
 * the viewer may give in that workspace. Each row gets its result. With `intoWorkspaceId` ("Invite
 * to this workspace") that workspace starts chosen, as member, and can still be changed. Loaded on
 * first use by InviteDialog (invite-dialog.tsx).
 */
export function InviteDialogForm({
  canChooseRole,
  workspaceRequired,
  choices,
  intoWorkspaceId,
  triggerLabel,
  triggerRef,
}: Omit<InviteDialogProps, "choices"> & {
  choices: InviteChoices;
  triggerLabel: string;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const { workspaces } = choices;
  const workspaceById = new Map(workspaces.map((w) => [w.id, w]));
  const rolesIn = (workspaceId: string | undefined) =>
    rolesFor(choices.roles, workspaceId ? workspaceById.get(workspaceId) : undefined);
  const grantFor = (workspaceId: string) => ({
    workspaceId,
    role: rowRoleKey(rolesIn(workspaceId)),
  });
  const [open, setOpen] = useState(false);
  const [outcomes, setOutcomes] = useState<InviteRowOutcome[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const schema: z.ZodType<Output, Values> = canChooseRole
    ? inviteUsersWithRoleInput
    : inviteUsersInput;
  const preselected = workspaces.find((w) => w.id === intoWorkspaceId) ?? null;
  const firstWorkspace = preselected ?? (workspaceRequired ? workspaces[0] : undefined);
  const form = useForm<Values, unknown, Output>({
    resolver: zodResolver(
      workspaceRequired
        ? schema.refine((v) => v.workspaces.length > 0, {
            path: ["workspaces"],
            message: "Choose at least one of your workspaces",
          })
        : schema,
    ),
    defaultValues: {
      rows: [emptyRow],
      // Owners and admins start on "Select a role"; managers invite members.
      role: canChooseRole ? undefined : "member",
      workspaces: firstWorkspace ? [grantFor(firstWorkspace.id)] : [],
    },
  });
  const { register, handleSubmit, control: formControl, reset, setError, formState } = form;
  const rows = useFieldArray({ control: formControl, name: "rows" });
  const grants = useFieldArray({ control: formControl, name: "workspaces" });
  const errors = formState.errors;

  function close(next: boolean) {
    setOpen(next);
    if (!next) {
      reset();
      setOutcomes(null);
      setFormError(null);
    }
  }

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await inviteUsersAction(values);
    if (result.ok) {
      setOutcomes(result.outcomes);
      const invited = result.outcomes.filter((o) => o.status === "invited").length;
      toast.success(invited === 1 ? "1 invitation sent" : `${invited} invitations sent`);
      return;
    }
    setFormError(result.error);
    for (const [key, messages] of Object.entries(result.fieldErrors ?? {})) {
      const match = /^rows\.(\d+)\.(firstName|lastName|email)$/.exec(key);
      const roleMatch = /^workspaces\.(\d+)\.role$/.exec(key);
      if (match && messages[0])
        setError(`rows.${Number(match[1])}.${match[2] as "email"}`, {
          type: "server",
          message: messages[0],
        });
      else if (roleMatch && messages[0])
        setError(`workspaces.${Number(roleMatch[1])}.role`, {
          type: "server",
          message: messages[0],
        });
      else if ((key === "workspaces" || key === "role") && messages[0])
        setError(key, { type: "server", message: messages[0] });
    }
  });

  const chosen = useWatch({ control: formControl, name: "workspaces" });
  const usedWorkspaces = new Set(chosen?.map((w) => w.workspaceId));

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <Button ref={triggerRef}>
          <UserPlus aria-hidden="true" /> {triggerLabel}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>Invite users</DialogTitle>
          <DialogDescription>
            Each person gets an email with a link to join.{" "}
            {workspaceRequired ? "They join as members of the workspaces you choose." : ""}
          </DialogDescription>
        </DialogHeader>
        {outcomes ? (
          <div className="flex flex-col gap-4">
            <ul
              className="flex flex-col divide-y divide-border rounded-lg border border-border"
              aria-label="Invitation results"
            >
              {outcomes.map((outcome, index) => (
                <li
                  key={`${outcome.email}-${index}`}
                  className="flex items-start gap-3 p-3 text-sm"
                >
                  {outcome.status === "invited" && !outcome.emailFailed ? (
                    <CheckCircle2
                      className="mt-0.5 size-4 shrink-0 text-success"
                      aria-hidden="true"
                    />
                  ) : (
                    <CircleAlert
                      className="mt-0.5 size-4 shrink-0 text-warning"
                      aria-hidden="true"
                    />
                  )}
                  <span>
                    <span className="font-medium">{outcome.email}</span>
                    <span className="block text-muted-foreground">
                      {outcome.status === "invited"
                        ? outcome.emailFailed
                          ? "Invited, but the email couldn't be sent. Use Resend invitation from the list."
                          : "Invited"
                        : outcome.message}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
            <DialogFooter>
              <Button
                variant="outline"
                onClick={() => {
                  reset();
                  setOutcomes(null);
                }}
              >
                Invite more
              </Button>
              <Button onClick={() => close(false)}>Done</Button>
            </DialogFooter>
          </div>
        ) : (
          <Form
            onSubmit={onSubmit}
            noValidate
            aria-label="Invite users"
            className="flex flex-col gap-5"
          >
            {formError ? <Alert variant="error">{formError}</Alert> : null}
            <fieldset className="flex flex-col gap-3">
              <legend className="mb-2 text-sm font-semibold">People</legend>
              {rows.fields.map((field, index) => {
                const rowErrors = errors.rows?.[index];
                const n = index + 1;
                return (
                  <div
                    key={field.id}
                    className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_1fr_1.4fr_auto] sm:items-start"
                  >
                    {(["firstName", "lastName", "email"] as const).map((name) => {
                      const label =
                        name === "firstName"
                          ? "First name"
                          : name === "lastName"
                            ? "Last name"
                            : "Email";
                      const id = `invite-${index}-${name}`;
                      const error = rowErrors?.[name]?.message;
                      return (
                        <div key={name} className="flex flex-col gap-1">
                          <label
                            htmlFor={id}
                            className={cn(
                              "text-xs font-medium text-muted-foreground",
                              index > 0 && "sm:sr-only",
                            )}
                          >
                            {label}
                            <span className="sr-only"> (person {n})</span>
                          </label>
                          <Input
                            id={id}
                            type={name === "email" ? "email" : "text"}
                            autoComplete="off"
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? `${id}-error` : undefined}
                            {...register(`rows.${index}.${name}`)}
                          />
                          {error ? (
                            <p
                              id={`${id}-error`}
                              role="alert"
                              className="text-xs font-medium text-danger"
                            >
                              {error}
                            </p>
                          ) : null}
                        </div>
                      );
                    })}
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      className={cn(index === 0 ? "sm:mt-5" : "")}
                      aria-label={`Remove person ${n}`}
                      disabled={rows.fields.length === 1}
                      onClick={() => rows.remove(index)}
                    >
                      <Trash2 />
                    </Button>
                  </div>
                );
              })}
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="w-fit"
                disabled={rows.fields.length >= MAX_INVITES_AT_ONCE}
                onClick={() => rows.append(emptyRow)}
              >
                <Plus aria-hidden="true" /> Add another
              </Button>
              {rows.fields.length >= MAX_INVITES_AT_ONCE ? (
                <p className="text-xs text-muted-foreground">
                  Up to {MAX_INVITES_AT_ONCE} people at once.
                </p>
              ) : null}
            </fieldset>

            {canChooseRole ? (
              <Field
                id="invite-role"
                label="Organization role"
                required
                error={errors.role?.message}
                className="w-56"
              >
                {(c) => (
                  <Select {...c} {...register("role")}>
                    <option value="">Select a role</option>
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                  </Select>
                )}
              </Field>
            ) : null}

            <fieldset className="flex flex-col gap-2">
              <legend className="mb-2 text-sm font-semibold">
                Workspaces{" "}
                {workspaceRequired ? (
                  <span className="font-normal text-muted-foreground">(at least one)</span>
                ) : (
                  <span className="font-normal text-muted-foreground">(optional)</span>
                )}
              </legend>
              {grants.fields.map((field, index) => {
                const workspaceId = chosen?.[index]?.workspaceId;
                return (
                  <WorkspaceGrantRow
                    key={field.id}
                    index={index}
                    idPrefix="invite-ws"
                    workspaces={workspaces}
                    taken={usedWorkspaces}
                    workspaceField={register(`workspaces.${index}.workspaceId`)}
                    roleField={register(`workspaces.${index}.role`)}
                    workspaceId={workspaceId}
                    role={chosen?.[index]?.role}
                    rolesIn={rolesIn}
                    error={errors.workspaces?.[index]?.role?.message}
                    onRoleReplaced={(role) => form.setValue(`workspaces.${index}.role`, role)}
                    onRemove={() => grants.remove(index)}
                  />
                );
              })}
              {errors.workspaces?.message ? (
                <p role="alert" className="text-xs font-medium text-danger">
                  {errors.workspaces.message}
                </p>
              ) : null}
              {workspaces.length > grants.fields.length ? (
                <Button
                  type="button"
                  variant="outline"
                  size="sm"
                  className="w-fit"
                  onClick={() => {
                    const next = workspaces.find((w) => !usedWorkspaces.has(w.id));
                    if (next) grants.append(grantFor(next.id));
                  }}
                >
                  <Plus aria-hidden="true" /> Add workspace
                </Button>
              ) : null}
            </fieldset>

            <DialogFooter>
              <Button type="button" variant="outline" onClick={() => close(false)}>
                Cancel
              </Button>
              <Button type="submit" pending={formState.isSubmitting}>
                Send invitations
              </Button>
            </DialogFooter>
          </Form>
        )}
      </DialogContent>
    </Dialog>
  );
}
