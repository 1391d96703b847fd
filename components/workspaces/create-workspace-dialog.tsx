"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createWorkspaceAction } from "@/lib/workspaces/actions";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button, type ButtonVariant } from "@/components/ui/button";
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
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/lib/forms/use-action-form";
import { createWorkspaceInput } from "@/lib/workspaces/schemas";

const schema = createWorkspaceInput.pick({ name: true });

type Parent = { id: string; path: string } | null;

/**
 * "New workspace" (top level) or "New sub-workspace" (under `parent`): a name, unique among its
 * future siblings. After creating, it opens the new workspace.
 */
export function CreateWorkspaceDialog({
  parent,
  variant = "primary",
}: {
  parent: Parent;
  variant?: ButtonVariant;
}) {
  const [open, setOpen] = useState(false);
  const title = parent ? "New sub-workspace" : "New workspace";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant}>
          <Plus aria-hidden="true" />
          {title}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>
            {parent ? (
              <>
                It goes inside <strong className="text-foreground">{parent.path}</strong>, and
                everyone with a role there has the same role in it.
              </>
            ) : (
              "A top-level workspace. Add sub-workspaces and people to it afterwards."
            )}
          </DialogDescription>
        </DialogHeader>
        {/* Mounted while open only: every opening starts with an empty form. */}
        <CreateWorkspaceForm parent={parent} title={title} onCreated={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function CreateWorkspaceForm({
  parent,
  title,
  onCreated,
}: {
  parent: Parent;
  title: string;
  onCreated: () => void;
}) {
  const router = useRouter();
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(
    schema,
    (values) => createWorkspaceAction({ name: values.name, parentId: parent?.id ?? null }),
    { name: "" },
    (result, values) => {
      toast.success(`Created ${values.name}${parent ? ` in ${parent.path}` : ""}`);
      onCreated();
      router.push(`/workspaces/${result.workspaceId}`);
    },
  );

  return (
    <Form onSubmit={onSubmit} noValidate aria-label={title} className="flex flex-col gap-5">
      {formError && !errors.name ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label="Name"
        required
        error={errors.name?.message}
        hint="Unique among the workspaces next to it."
      >
        {(control) => <Input {...control} {...register("name")} autoComplete="off" autoFocus />}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" pending={isSubmitting}>
          Create workspace
        </Button>
      </DialogFooter>
    </Form>
  );
}
