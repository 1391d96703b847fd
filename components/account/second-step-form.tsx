"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { signInSecondStepAction } from "@/lib/account/sign-in-actions";
import { secondStepCodeInput } from "@/lib/auth/sign-in-input";
import { useActionForm } from "@/lib/forms/use-action-form";

/** The code of sign-in's second step: from the authenticator app, or a recovery code instead. */
export function SecondStepForm({ callbackUrl }: { callbackUrl: string }) {
  const [recovery, setRecovery] = useState(false);
  const {
    form: {
      register,
      reset,
      setFocus,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(
    secondStepCodeInput,
    (values) => signInSecondStepAction({ ...values, callbackUrl }),
    { code: "" },
  );

  function toggle() {
    setRecovery((r) => !r);
    reset({ code: "" });
    queueMicrotask(() => setFocus("code"));
  }

  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Two-factor authentication"
    >
      {formError && !errors.code ? <Alert variant="error">{formError}</Alert> : null}
      <Field
        label={recovery ? "Recovery code" : "Authentication code"}
        hint={
          recovery
            ? "One of the recovery codes you saved when you set up two-factor authentication. Each works once."
            : "The 6-digit code your authenticator app shows for Roster now."
        }
        error={errors.code?.message}
      >
        {(control) =>
          recovery ? (
            <Input
              key="recovery"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              placeholder="xxxxx-xxxxx"
              {...control}
              {...register("code")}
            />
          ) : (
            <Input
              key="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              autoFocus
              placeholder="123456"
              {...control}
              {...register("code")}
            />
          )
        }
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Verify and sign in
      </Button>
      <Button type="button" variant="ghost" onClick={toggle} className="w-full">
        {recovery ? "Use your authenticator app instead" : "Use a recovery code instead"}
      </Button>
    </Form>
  );
}
