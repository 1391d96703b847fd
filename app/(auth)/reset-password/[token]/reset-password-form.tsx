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
import { PASSWORD_MIN_LENGTH, resetPasswordInput } from "@/lib/validation/auth";
import { resetPasswordWithTokenAction } from "./actions";

export function ResetPasswordForm({ token }: { token: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof resetPasswordInput>, unknown, z.output<typeof resetPasswordInput>>({
    resolver: zodResolver(resetPasswordInput),
    defaultValues: { token, password: "", confirmPassword: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await resetPasswordWithTokenAction(values);
    if (result && !result.ok) {
      setFormError(result.error);
      applyFieldErrors(setError, result.fieldErrors);
    }
  });

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Choose a new password"
      className="flex flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <input type="hidden" {...register("token")} />
      <Field
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password?.message}
      >
        {(c) => (
          <Input
            type="password"
            autoComplete="new-password"
            autoFocus
            {...c}
            {...register("password")}
          />
        )}
      </Field>
      <Field label="Repeat the new password" error={errors.confirmPassword?.message}>
        {(c) => (
          <Input
            type="password"
            autoComplete="new-password"
            {...c}
            {...register("confirmPassword")}
          />
        )}
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Set new password
      </Button>
    </form>
  );
}
