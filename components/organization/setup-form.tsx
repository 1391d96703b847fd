"use client";

import { useWatch } from "react-hook-form";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PasswordStrengthMeter, preloadPasswordStrength } from "@/components/ui/password-strength";
import { useActionForm } from "@/lib/forms/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/forms/fields";
import { setupInput } from "@/lib/organization/schemas";
import { setupAction } from "@/lib/organization/actions";

export function SetupForm() {
  const {
    form: {
      register,
      control,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(setupInput, setupAction, {
    organizationName: "",
    firstName: "",
    lastName: "",
    email: "",
    password: "",
  });
  const [password, ...userInputs] = useWatch({
    control,
    name: ["password", "firstName", "lastName", "email", "organizationName"],
  });

  return (
    <Form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Set up Roster">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field label="Organization name" error={errors.organizationName?.message} required>
        {(control) => (
          <Input
            autoComplete="organization"
            autoFocus
            {...control}
            {...register("organizationName")}
          />
        )}
      </Field>
      <fieldset className="flex flex-col gap-4">
        <legend className="mb-3 text-sm font-semibold text-foreground">Owner&apos;s account</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="First name" error={errors.firstName?.message} required>
            {(control) => (
              <Input autoComplete="given-name" {...control} {...register("firstName")} />
            )}
          </Field>
          <Field label="Last name" error={errors.lastName?.message} required>
            {(control) => (
              <Input autoComplete="family-name" {...control} {...register("lastName")} />
            )}
          </Field>
        </div>
        <Field label="Email" error={errors.email?.message} required>
          {(control) => (
            <Input type="email" autoComplete="email" {...control} {...register("email")} />
          )}
        </Field>
        <Field
          label="Password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A short sentence works well.`}
          error={errors.password?.message}
          required
        >
          {(control) => (
            <>
              <Input
                type="password"
                autoComplete="new-password"
                onFocus={preloadPasswordStrength}
                {...control}
                {...register("password")}
              />
              <PasswordStrengthMeter password={password} userInputs={userInputs} />
            </>
          )}
        </Field>
      </fieldset>
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Create organization
      </Button>
    </Form>
  );
}
