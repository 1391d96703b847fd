"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  deleteWorkspaceAction,
  moveWorkspaceAction,
  renameWorkspaceAction,
} from "@/lib/workspaces/actions";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import type { WorkspaceDeletion } from "@/lib/workspaces/counts";
import { useActionForm } from "@/lib/forms/use-action-form";
import { renameWorkspaceInput } from "@/lib/workspaces/schemas";

const CONFLICT_PREFIX = "This workspace was changed by someone else";

function ConflictAlert({ message }: { message: string }) {
  const router = useRouter();
  return (
    <Alert variant="error">
      <span>{message}</span>
      {message.startsWith(CONFLICT_PREFIX) ? (
        <Button type="button" variant="link" className="ml-2" onClick={() => router.refresh()}>
          Reload
        </Button>
      ) : null}
    </Alert>
  );
}

const renameSchema = renameWorkspaceInput.pick({ name: true });

export function RenameWorkspaceForm({
  workspace,
}: {
  workspace: { id: string; name: string; version: number };
}) {
  // A new version from the server (after any change) starts the form afresh.
  return <RenameForm key={workspace.version} workspace={workspace} />;
}

function RenameForm({ workspace }: { workspace: { id: string; name: string; version: number } }) {
  const {
    form: {
      register,
      formState: { errors, isSubmitting, isDirty },
    },
    formError,
    onSubmit,
  } = useActionForm(
    renameSchema,
    (values) =>
      renameWorkspaceAction({
        workspaceId: workspace.id,
        version: workspace.version,
        name: values.name,
      }),
    { name: workspace.name },
    (result) => toast.success(`Renamed ${workspace.name} to ${result.name}`),
  );

  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Rename workspace"
      className="flex flex-col gap-3"
    >
      {formError && !errors.name ? <ConflictAlert message={formError} /> : null}
      <Field label="Name" error={errors.name?.message} required>
        {(control) => <Input {...control} {...register("name")} autoComplete="off" />}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" variant="outline" pending={isSubmitting} disabled={!isDirty}>
          Rename
        </Button>
      </div>
    </Form>
  );
}

export function MoveWorkspaceForm({
  workspace,
  destinations,
}: {
  workspace: { id: string; name: string; version: number };
  destinations: { parentId: string | null; label: string }[];
}) {
  const [choice, setChoice] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const selectId = `move-${workspace.id}`;
  const TOP = "__top__";
  const conflict = error?.startsWith(CONFLICT_PREFIX) ? error : null;
  const fieldError = error && !conflict ? error : null;

  return (
    <Form
      aria-label="Move workspace"
      noValidate
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        const destination = destinations.find((d) => (d.parentId ?? TOP) === choice);
        if (!destination) {
          setError("Choose where to move it.");
          return;
        }
        startTransition(async () => {
          const result = await moveWorkspaceAction({
            workspaceId: workspace.id,
            version: workspace.version,
            parentId: destination.parentId,
          });
          if (result.ok) {
            toast.success(
              destination.parentId === null
                ? `Moved ${workspace.name} to the top level`
                : `Moved ${workspace.name} into ${destination.label}`,
            );
            setChoice("");
          } else {
            setError(result.error);
          }
        });
      }}
    >
      {conflict ? <ConflictAlert message={conflict} /> : null}
      <div className="flex flex-col gap-1.5">
        <label htmlFor={selectId} className="text-sm font-medium">
          Move into
        </label>
        <Select
          id={selectId}

          value={choice}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={`${selectId}-hint${fieldError ? ` ${selectId}-error` : ""}`}
          onChange={(event) => {
            setChoice(event.target.value);
            setError(null);
          }}
        >
          <option value="">Choose a place…</option>
          {destinations.map((d) => (
            <option key={d.parentId ?? TOP} value={d.parentId ?? TOP}>
              {d.label}
            </option>
          ))}
        </Select>
        <p id={`${selectId}-hint`} className="text-[13px] leading-5 text-muted-foreground">
          Its sub-workspaces come along. Roles inherited from its current parents no longer apply in
          it; those of its new parents do.
        </p>
        {fieldError ? (
          <p
            id={`${selectId}-error`}
            role="alert"
            className="text-[13px] leading-5 font-medium text-danger"
          >
            {fieldError}
          </p>
        ) : null}
      </div>
      <div className="flex justify-end">
        <Button type="submit" variant="outline" pending={pending}>
          Move
        </Button>
      </div>
    </Form>
  );
}

function plural(count: number, one: string, many: string) {
  return `${count} ${count === 1 ? one : many}`;
}

export function DeleteWorkspaceButton({
  workspace,
  deletion,
}: {
  workspace: { id: string; name: string };
  deletion: WorkspaceDeletion;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const shownNames = deletion.subWorkspaceNames.slice(0, 5);
  const more = deletion.subWorkspaceNames.length - shownNames.length;

  return (
    <ConfirmDialog
      trigger={<Button variant="destructive">Delete workspace…</Button>}
      title={`Delete ${workspace.name}?`}
      description={
        <>
          This deletes <strong>{workspace.name}</strong>
          {deletion.subWorkspaces > 0 ? (
            <>
              {" "}
              and its{" "}
              <strong>{plural(deletion.subWorkspaces, "sub-workspace", "sub-workspaces")}</strong> (
              {shownNames.join(", ")}
              {more > 0 ? `, and ${more} more` : ""})
            </>
          ) : null}
          , with the{" "}
          <strong>
            {plural(deletion.memberships, "workspace membership", "workspace memberships")}
          </strong>{" "}
          in {deletion.subWorkspaces > 0 ? "them" : "it"}. People stay in the organization. This
          can&apos;t be undone.
        </>
      }
      confirmLabel="Delete workspace"
      destructive
      onConfirm={async () => {
        const result = await deleteWorkspaceAction({
          workspaceId: workspace.id,
          expected: {
            subWorkspaces: deletion.subWorkspaces,
            memberships: deletion.memberships,
            joinRequests: deletion.joinRequests,
            invitations: deletion.invitations,
          },
        });
        if (!result.ok) {
          toast.error(result.error);
          return false;
        }
        toast.success(`Deleted ${workspace.name}`);
        startTransition(() => router.replace("/workspaces"));
        return true;
      }}
    >
      {deletion.joinRequests > 0 || deletion.invitations > 0 ? (
        <ul className="list-disc pl-5 text-sm text-muted-foreground">
          {deletion.joinRequests > 0 ? (
            <li>
              {plural(
                deletion.joinRequests,
                "pending join request is",
                "pending join requests are",
              )}{" "}
              dropped.
            </li>
          ) : null}
          {deletion.invitations > 0 ? (
            <li>
              {plural(deletion.invitations, "pending invitation loses", "pending invitations lose")}{" "}
              the role it would give here.
            </li>
          ) : null}
        </ul>
      ) : null}
    </ConfirmDialog>
  );
}
