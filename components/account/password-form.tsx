"use client";

import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { PasswordStrengthMeter, preloadPasswordStrength } from "@/components/ui/password-strength";
import { toast } from "@/components/ui/toaster";
import { changePasswordAction } from "@/lib/account/profile-actions";
import { changePasswordInput } from "@/lib/account/schemas";
import { PASSWORD_MIN_LENGTH } from "@/lib/forms/fields";
import { useActionForm } from "@/lib/forms/use-action-form";

/**
 * Change password: the current one, then the new one twice. Other sessions end; this browser
 * stays signed in (the action signs it in again), and the form starts afresh.
 */
export function PasswordForm(props: { email: string; userInputs: string[] }) {
  const [round, setRound] = useState(0);
  return <ChangePassword key={round} {...props} onChanged={() => setRound((r) => r + 1)} />;
}

function ChangePassword({
  email,
  userInputs,
  onChanged,
}: {
  email: string;
  userInputs: string[];
  onChanged: () => void;
}) {
  const { form, formError, onSubmit } = useActionForm(
    changePasswordInput,
    changePasswordAction,
    { currentPassword: "", newPassword: "", confirmPassword: "" },
    (result) => {
      toast.success(
        result.otherSessionsEnded > 0
          ? "Password changed. You were signed out everywhere else."
          : "Password changed.",
      );
      onChanged();
    },
  );
  const {
    register,
    control,
    formState: { errors, isSubmitting },
  } = form;
  const newPassword = useWatch({ control, name: "newPassword" });
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Change password"
      className="flex max-w-md flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      {/* For password managers: whose password this is. */}
      <input type="text" hidden autoComplete="username" value={email} readOnly />
      <Field label="Current password" required error={errors.currentPassword?.message}>
        {(c) => (
          <Input
            type="password"
            autoComplete="current-password"
            {...c}
            {...register("currentPassword")}
          />
        )}
      </Field>
      <Field
        label="New password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words work well.`}
        error={errors.newPassword?.message}
      >
        {(c) => (
          <>
            <Input
              type="password"
              autoComplete="new-password"
              onFocus={preloadPasswordStrength}
              {...c}
              {...register("newPassword")}
            />
            <PasswordStrengthMeter password={newPassword} userInputs={userInputs} />
          </>
        )}
      </Field>
      <Field label="Confirm new password" required error={errors.confirmPassword?.message}>
        {(c) => (
          <Input
            type="password"
            autoComplete="new-password"
            {...c}
            {...register("confirmPassword")}
          />
        )}
      </Field>
      <div>
        <Button type="submit" pending={isSubmitting}>
          Change password
        </Button>
      </div>
    </Form>
  );
}
