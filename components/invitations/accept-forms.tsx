"use client";

import { useState, useTransition } from "react";
import { useWatch } from "react-hook-form";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { PasswordStrengthMeter, preloadPasswordStrength } from "@/components/ui/password-strength";
import { useActionForm } from "@/lib/forms/use-action-form";
import { PASSWORD_MIN_LENGTH } from "@/lib/forms/fields";
import { acceptNewAccountInput } from "@/lib/invitations/schemas";
import {
  acceptAsSignedInAction,
  acceptWithNewAccountAction,
  switchAccountAction,
} from "@/lib/invitations/accept-actions";

export function AcceptWithNewAccount({
  token,
  firstName,
  lastName,
  email,
  organizationName,
}: {
  token: string;
  firstName: string;
  lastName: string;
  email: string;
  organizationName: string;
}) {
  const {
    form: {
      register,
      control,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(acceptNewAccountInput, acceptWithNewAccountAction, {
    token,
    firstName,
    lastName,
    password: "",
  });
  const [password, first, last] = useWatch({
    control,
    name: ["password", "firstName", "lastName"],
  });
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Create your account"
      className="flex flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <input type="hidden" {...register("token")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" error={errors.firstName?.message}>
          {(c) => <Input autoComplete="given-name" {...c} {...register("firstName")} />}
        </Field>
        <Field label="Last name" error={errors.lastName?.message}>
          {(c) => <Input autoComplete="family-name" {...c} {...register("lastName")} />}
        </Field>
      </div>
      <Field label="Email">
        {(c) => <Input {...c} value={email} readOnly autoComplete="username" />}
      </Field>
      <Field
        label="Password"
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
            <PasswordStrengthMeter
              password={password}
              userInputs={[first, last, email, organizationName]}
            />
          </>
        )}
      </Field>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Create account and join
      </Button>
    </Form>
  );
}

export function AcceptAsSignedIn({
  token,
  organizationName,
}: {
  token: string;
  organizationName: string;
}) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col gap-3">
      {error ? <Alert variant="error">{error}</Alert> : null}
      <Button
        pending={pending}
        className="w-full"
        onClick={() =>
          startTransition(async () => {
            setError(null);
            const result = await acceptAsSignedInAction({ token });
            if (result && !result.ok) setError(result.error);
          })
        }
      >
        Accept and join {organizationName}
      </Button>
    </div>
  );
}

export function SwitchAccount({ token, email }: { token: string; email: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant="outline"
      pending={pending}
      className="w-full"
      onClick={() => startTransition(() => switchAccountAction(token))}
    >
      Sign out and continue as {email}
    </Button>
  );
}
