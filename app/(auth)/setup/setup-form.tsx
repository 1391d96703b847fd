"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { applyFieldErrors } from "@/lib/forms";
import { PASSWORD_MIN_LENGTH, setupInput } from "@/lib/validation/auth";
import { setupAction } from "./actions";

export function SetupForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof setupInput>, unknown, z.output<typeof setupInput>>({
    resolver: zodResolver(setupInput),
    defaultValues: { organizationName: "", firstName: "", lastName: "", email: "", password: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await setupAction(values);
    if (result && !result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Set up Roster">
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
            <Input
              type="password"
              autoComplete="new-password"
              {...control}
              {...register("password")}
            />
          )}
        </Field>
      </fieldset>
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Create organization
      </Button>
    </form>
  );
}
