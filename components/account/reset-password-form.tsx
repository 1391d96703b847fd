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
import { resetPasswordInput } from "@/lib/account/schemas";
import { resetPasswordWithTokenAction } from "@/lib/account/actions";

export function ResetPasswordForm({ token, userInputs }: { token: string; userInputs: string[] }) {
  const {
    form: {
      register,
      control,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(resetPasswordInput, resetPasswordWithTokenAction, {
    token,
    password: "",
    confirmPassword: "",
  });
  const password = useWatch({ control, name: "password" });

  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Choose a new password"
      className="flex flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <input type="hidden" {...register("token")} />
      <Field
        label="New password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words work well.`}
        error={errors.password?.message}
      >
        {(c) => (
          <>
            <Input
              type="password"
              autoComplete="new-password"
              autoFocus
              onFocus={preloadPasswordStrength}
              {...c}
              {...register("password")}
            />
            <PasswordStrengthMeter password={password} userInputs={userInputs} />
          </>
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
    </Form>
  );
}
