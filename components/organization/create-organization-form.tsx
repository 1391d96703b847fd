"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { useActionForm } from "@/lib/forms/use-action-form";
import { createOrganizationAction } from "@/lib/organization/actions";
import { createOrganization } from "@/lib/organization/schemas";

/** A further organization: its name. The creator becomes its owner and starts working in it. */
export function CreateOrganizationForm() {
  const [opening, setOpening] = useState(false);
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(
    createOrganization,
    (values) => createOrganizationAction(values),
    { name: "" },
    (_result, values) => {
      setOpening(true);
      toast.success(`Created ${values.name}`);
      // A full load: the whole frame (switcher, navigation) changes to the new organization.
      window.location.assign("/");
    },
  );
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Create organization"
      className="flex flex-col gap-5"
    >
      {formError && !errors.name ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label="Organization name"
        required
        hint="You can change it, and its address name, in its settings later."
        error={errors.name?.message}
      >
        {(c) => <Input {...c} {...register("name")} autoComplete="organization" autoFocus />}
      </Field>
      <div>
        <Button type="submit" pending={isSubmitting || opening}>
          Create organization
        </Button>
      </div>
    </Form>
  );
}
