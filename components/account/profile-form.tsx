"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { updateProfileAction } from "@/lib/account/profile-actions";
import { profile } from "@/lib/account/schemas";
import { useActionForm } from "@/lib/forms/use-action-form";

/** One's own name. The email has its own part of the section (email-settings.tsx). */
export function ProfileForm({
  firstName,
  lastName,
  version,
}: {
  firstName: string;
  lastName: string;
  /** Shown by the Email part, not here. */
  email?: string;
  version: number;
}) {
  const { form, formError, onSubmit } = useActionForm(
    profile,
    (values) => updateProfileAction({ ...values, version }),
    { firstName, lastName },
    () => toast.success("Profile saved"),
  );
  const {
    register,
    formState: { errors, isSubmitting, isDirty },
  } = form;
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Profile" className="flex flex-col gap-4">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" required error={errors.firstName?.message}>
          {(c) => <Input {...c} {...register("firstName")} autoComplete="given-name" />}
        </Field>
        <Field label="Last name" required error={errors.lastName?.message}>
          {(c) => <Input {...c} {...register("lastName")} autoComplete="family-name" />}
        </Field>
      </div>
      <div>
        <Button type="submit" pending={isSubmitting} disabled={!isDirty}>
          Save changes
        </Button>
      </div>
    </Form>
  );
}
