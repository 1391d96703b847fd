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
import { forgotPasswordInput } from "@/lib/validation/auth";
import { forgotPasswordAction } from "./actions";

export function ForgotPasswordForm() {
  const [formError, setFormError] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof forgotPasswordInput>, unknown, z.output<typeof forgotPasswordInput>>({
    resolver: zodResolver(forgotPasswordInput),
    defaultValues: { email: "" },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await forgotPasswordAction(values);
    if (result.ok) {
      setSentTo(values.email);
      return;
    }
    setFormError(result.error);
    applyFieldErrors(setError, result.fieldErrors);
  });

  if (sentTo) {
    return (
      <Alert variant="success" title="Check your email">
        If {sentTo} has a Roster account, we&apos;ve sent it a link to choose a new password. The
        link works once, for one hour.
      </Alert>
    );
  }
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="Forgot password"
      className="flex flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field label="Email" error={errors.email?.message}>
        {(c) => <Input type="email" autoComplete="email" autoFocus {...c} {...register("email")} />}
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Send reset link
      </Button>
    </form>
  );
}
