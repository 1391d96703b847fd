"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { Controller, useWatch } from "react-hook-form";
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
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/lib/forms/use-action-form";
import type { WorkspacePermission, WorkspaceRole } from "@/lib/permissions";
import type { CustomRoleListItem, RolesPage } from "@/lib/roles";
import { createCustomRoleAction, updateCustomRoleAction } from "@/lib/roles/actions";
import { createCustomRoleInput, ROLE_DESCRIPTION_MAX, ROLE_NAME_MAX } from "@/lib/roles/schemas";

const CONFLICT_PREFIX = "This role was changed by someone else";

export type RoleFormOptions = Pick<RolesPage, "baseRoles" | "permissions">;

/**
 * "Create role" (no `role`) or "Edit <role>": name, description, base role and the workspace
 * permissions added to it, those the base role already holds shown as included.
 */
export function RoleFormDialog({
  role,
  options,
  trigger,
}: {
  role?: CustomRoleListItem;
  options: RoleFormOptions;
  /** The button that opens it (rendered asChild). */
  trigger: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const title = role ? `Edit ${role.name}` : "Create a custom role";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>
            {role
              ? "Its holders get the change on their next request."
              : "A base role with workspace permissions added to it. It applies in a workspace and every workspace below it, like any other workspace role."}
          </DialogDescription>
        </DialogHeader>
        {/* Mounted while open only, and afresh for each version: every opening starts clean. */}
        <RoleForm
          key={role?.version ?? "new"}
          role={role}
          options={options}
          title={title}
          onDone={() => setOpen(false)}
        />
      </DialogContent>
    </Dialog>
  );
}

function RoleForm({
  role,
  options,
  title,
  onDone,
}: {
  role?: CustomRoleListItem;
  options: RoleFormOptions;
  title: string;
  onDone: () => void;
}) {
  const router = useRouter();
  const {
    form: {
      register,
      control,
      formState: { errors, isSubmitting, isDirty },
    },
    formError,
    onSubmit,
  } = useActionForm(
    createCustomRoleInput,
    (values): Promise<ActionResult> =>
      role
        ? updateCustomRoleAction({ ...values, roleId: role.id, version: role.version })
        : createCustomRoleAction(values),
    {
      name: role?.name ?? "",
      description: role?.description ?? "",
      baseRole: role?.baseRole ?? "member",
      permissions: role ? [...role.permissions] : [],
    },
    (_result, values) => {
      toast.success(role ? `Saved ${values.name}` : `Created ${values.name}`);
      onDone();
    },
  );
  const baseRole = useWatch({ control, name: "baseRole" });
  const fieldErrorShown = Boolean(errors.name || errors.permissions || errors.baseRole);

  return (
    <Form onSubmit={onSubmit} noValidate aria-label={title} className="flex flex-col gap-5">
      {formError && !fieldErrorShown ? (
        <Alert variant="error">
          <span>{formError}</span>
          {formError.startsWith(CONFLICT_PREFIX) ? (
            <Button type="button" variant="link" className="ml-2" onClick={() => router.refresh()}>
              Reload
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <Field
        label="Name"
        required
        error={errors.name?.message}
        hint={`Up to ${ROLE_NAME_MAX} characters, unique in the organization.`}
      >
        {(control) => <Input {...control} {...register("name")} autoComplete="off" autoFocus />}
      </Field>
      <Field
        label="Description"
        error={errors.description?.message}
        hint={`Optional: what the role is for, up to ${ROLE_DESCRIPTION_MAX} characters.`}
      >
        {(control) => <Input {...control} {...register("description")} autoComplete="off" />}
      </Field>
      <Field
        label="Base role"
        required
        error={errors.baseRole?.message}
        hint="Its rank, and what it allows before the permissions below. Inheritance compares base roles."
      >
        {(control) => (
          <Select {...control} {...register("baseRole")}>
            {options.baseRoles.map(({ role: value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Controller
        control={control}
        name="permissions"
        render={({ field }) => (
          <PermissionChecklist
            options={options.permissions}
            baseRole={baseRole}
            baseLabel={options.baseRoles.find((b) => b.role === baseRole)?.label ?? baseRole}
            value={field.value}
            onChange={field.onChange}
            error={errors.permissions?.message}
          />
        )}
      />
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" pending={isSubmitting} disabled={role !== undefined && !isDirty}>
          {role ? "Save changes" : "Create role"}
        </Button>
      </DialogFooter>
    </Form>
  );
}

function PermissionChecklist({
  options,
  baseRole,
  baseLabel,
  value,
  onChange,
  error,
}: {
  options: RoleFormOptions["permissions"];
  baseRole: WorkspaceRole;
  baseLabel: string;
  value: readonly WorkspacePermission[];
  onChange: (next: WorkspacePermission[]) => void;
  error?: string;
}) {
  const chosen = new Set(value);
  return (
    <fieldset
      className="flex flex-col gap-3"
      aria-describedby={error ? "role-permissions-error" : undefined}
    >
      <legend className="mb-1 text-sm font-medium">Added permissions</legend>
      <p className="-mt-1 text-[13px] leading-5 text-muted-foreground">
        What holders may do in the workspace and every workspace below it, besides what the base
        role allows. Never anything at the organization level.
      </p>
      {options.map((option) => {
        const id = `role-permission-${option.permission}`;
        const included = option.heldBy.includes(baseRole);
        return (
          <div key={option.permission} className="flex items-start gap-3">
            <input
              id={id}
              type="checkbox"
              name="permissions"
              value={option.permission}
              checked={included || chosen.has(option.permission)}
              disabled={included}
              aria-describedby={`${id}-hint`}
              className="mt-0.5 size-4 shrink-0 accent-primary disabled:cursor-not-allowed disabled:opacity-60"
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...value, option.permission]
                    : value.filter((p) => p !== option.permission),
                )
              }
            />
            <div className="flex flex-col gap-0.5">
              <label htmlFor={id} className="text-sm leading-5 font-medium">
                {option.label}
              </label>
              <p id={`${id}-hint`} className="text-[13px] leading-5 text-muted-foreground">
                {option.description}
                {included ? ` Included: ${baseLabel} already allows it.` : null}
              </p>
            </div>
          </div>
        );
      })}
      {error ? (
        <p
          id="role-permissions-error"
          role="alert"
          className="text-[13px] leading-5 font-medium text-danger"
        >
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
