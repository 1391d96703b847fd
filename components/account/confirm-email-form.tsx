"use client";

import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";
import { Form } from "@/components/ui/form";
import { confirmEmailChangeAction } from "@/lib/account/email-change-actions";
import { confirmEmailChangeInput } from "@/lib/account/schemas";
import { useActionForm } from "@/lib/forms/use-action-form";

/**
 * The button on a confirmation link's page: the change is made only when it is pressed. Then it
 * says where to go on: the app when this browser is signed in to the account, else sign-in.
 */
export function ConfirmEmailForm({ token, newEmail }: { token: string; newEmail: string }) {
  const [done, setDone] = useState<{ email: string; signedIn: boolean } | null>(null);
  const { form, formError, onSubmit } = useActionForm(
    confirmEmailChangeInput,
    confirmEmailChangeAction,
    { token },
    (result) => setDone({ email: result.email, signedIn: result.signedIn }),
  );
  const {
    register,
    formState: { isSubmitting },
  } = form;

  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <Alert variant="success" title="Email address changed">
          Your account now uses {done.email}.{" "}
          {done.signedIn
            ? "Every other session was signed out."
            : "You were signed out everywhere: sign in with the new address."}
        </Alert>
        <Link
          href={done.signedIn ? "/settings/account" : "/sign-in"}
          className={buttonVariants({ className: "w-full" })}
        >
          {done.signedIn ? "Back to account settings" : "Sign in"}
        </Link>
      </div>
    );
  }
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Confirm new email address"
      className="flex flex-col gap-4"
    >
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      <input type="hidden" {...register("token")} />
      <p className="text-sm text-muted-foreground">
        You will sign in, and receive password resets, at {newEmail}. Other sessions of the account
        are signed out.
      </p>
      <Button type="submit" pending={isSubmitting} className="w-full">
        Confirm new email address
      </Button>
    </Form>
  );
}
