"use client";

import { useState } from "react";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/lib/forms/use-action-form";
import { forgotPasswordInput } from "@/lib/account/schemas";
import { forgotPasswordAction } from "@/lib/account/actions";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(forgotPasswordInput, forgotPasswordAction, { email: "" }, (_result, values) =>
    setSentTo(values.email),
  );

  if (sentTo) {
    return (
      <Alert variant="success" title="Check your email">
        If {sentTo} has a Roster account, we&apos;ve sent it a link to choose a new password. The
        link works once, for one hour.
      </Alert>
    );
  }
  return (
    <Form
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
    </Form>
  );
}
