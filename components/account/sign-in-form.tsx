"use client";

import Link from "next/link";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/lib/forms/use-action-form";
import { signInInput } from "@/lib/account/schemas";
import { signInAction } from "@/lib/account/sign-in-actions";

export function SignInForm({ callbackUrl, email = "" }: { callbackUrl: string; email?: string }) {
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(signInInput, (values) => signInAction({ ...values, callbackUrl }), {
    email,
    password: "",
  });

  return (
    <Form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Sign in">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <Field label="Email" error={errors.email?.message}>
        {(control) => (
          <Input
            type="email"
            autoComplete="username"
            autoFocus
            {...control}
            {...register("email")}
          />
        )}
      </Field>
      <Field
        label="Password"
        error={errors.password?.message}
        labelAside={
          <Link href="/forgot-password" className="text-link hover:underline">
            Forgot password?
          </Link>
        }
      >
        {(control) => (
          <Input
            type="password"
            autoComplete="current-password"
            {...control}
            {...register("password")}
          />
        )}
      </Field>
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Sign in
      </Button>
    </Form>
  );
}
