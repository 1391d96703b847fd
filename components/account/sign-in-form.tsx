"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { Form } from "@/components/ui/form";
import { Alert } from "@/components/ui/alert";
import { Button, buttonVariants } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useActionForm } from "@/lib/forms/use-action-form";
import { signInEmailInput, signInInput } from "@/lib/account/schemas";
import { continueSignInAction, signInAction, type SsoChoice } from "@/lib/account/sign-in-actions";

// Email first: the domain decides whether the person signs in with their organization's
// identity provider (single sign-on) or with a password. The two-factor step follows the password
// on its own page, as before.

type Step =
  | { kind: "email" }
  | { kind: "password"; email: string }
  | { kind: "sso"; email: string; sso: SsoChoice; notice?: string };

export function SignInForm({
  callbackUrl,
  email = "",
  sso = null,
}: {
  callbackUrl: string;
  email?: string;
  /** For a prefilled email: single sign-on for its domain, as the first step would answer. */
  sso?: SsoChoice | null;
}) {
  // A prefilled email (?email=, e.g. after an invitation) skips the first step: to single sign-on
  // where its domain has it, else to the password.
  const [step, setStep] = useState<Step>(
    !email ? { kind: "email" } : sso ? { kind: "sso", email, sso } : { kind: "password", email },
  );
  const [lastEmail, setLastEmail] = useState(email);
  const anotherEmail = () => setStep({ kind: "email" });

  if (step.kind === "email") {
    return (
      <EmailStep
        email={lastEmail}
        onContinue={(next, sso) => {
          setLastEmail(next);
          setStep(sso ? { kind: "sso", email: next, sso } : { kind: "password", email: next });
        }}
      />
    );
  }
  if (step.kind === "sso") {
    return (
      <SsoStep
        email={step.email}
        sso={step.sso}
        notice={step.notice}
        callbackUrl={callbackUrl}
        onPassword={() => setStep({ kind: "password", email: step.email })}
        onAnotherEmail={anotherEmail}
      />
    );
  }
  return (
    <PasswordStep
      email={step.email}
      callbackUrl={callbackUrl}
      onSsoRequired={(sso, notice) => setStep({ kind: "sso", email: step.email, sso, notice })}
      onAnotherEmail={anotherEmail}
    />
  );
}

function EmailStep({
  email,
  onContinue,
}: {
  email: string;
  onContinue: (email: string, sso: SsoChoice | null) => void;
}) {
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(signInEmailInput, continueSignInAction, { email }, (result, values) =>
    onContinue(values.email, result.sso),
  );
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
      <Button type="submit" pending={isSubmitting} className="mt-2 w-full">
        Continue
      </Button>
      <Link href="/forgot-password" className="self-center text-sm text-link hover:underline">
        Forgot password?
      </Link>
    </Form>
  );
}

/** The email being signed in with, and the way back to the first step. */
function EmailShown({ email, onAnotherEmail }: { email: string; onAnotherEmail: () => void }) {
  return (
    <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
      <span>
        Signing in as <strong className="font-medium break-all">{email}</strong>
      </span>
      <Button type="button" variant="link" size="sm" onClick={onAnotherEmail}>
        Use another email
      </Button>
    </div>
  );
}

function PasswordStep({
  email,
  callbackUrl,
  onSsoRequired,
  onAnotherEmail,
}: {
  email: string;
  callbackUrl: string;
  onSsoRequired: (sso: SsoChoice, notice: string) => void;
  onAnotherEmail: () => void;
}) {
  const {
    form: {
      register,
      formState: { errors, isSubmitting },
    },
    formError,
    onSubmit,
  } = useActionForm(
    signInInput,
    async (values) => {
      const result = await signInAction({ ...values, callbackUrl });
      if (result && !result.ok && "sso" in result) {
        onSsoRequired(result.sso, result.error);
        return undefined;
      }
      return result;
    },
    { email, password: "" },
  );
  return (
    <Form onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-label="Sign in">
      {formError ? <Alert variant="error">{formError}</Alert> : null}
      {errors.email?.message ? <Alert variant="error">{errors.email.message}</Alert> : null}
      <EmailShown email={email} onAnotherEmail={onAnotherEmail} />
      {/* For password managers: the account the password belongs to. */}
      <input type="email" hidden readOnly autoComplete="username" value={email} />
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
            autoFocus
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

function SsoStep({
  email,
  sso,
  notice,
  callbackUrl,
  onPassword,
  onAnotherEmail,
}: {
  email: string;
  sso: SsoChoice;
  notice?: string;
  callbackUrl: string;
  onPassword: () => void;
  onAnotherEmail: () => void;
}) {
  const start = `/api/sso/start?${new URLSearchParams({ email, callbackUrl })}`;
  const [starting, setStarting] = useState(false);
  const continueLink = useRef<HTMLAnchorElement>(null);
  useEffect(() => continueLink.current?.focus(), []);
  return (
    <section className="flex flex-col gap-4" aria-label="Sign in">
      <EmailShown email={email} onAnotherEmail={onAnotherEmail} />
      {/* After a refused password the same words come as an alert, so they are announced. */}
      {notice ? (
        <Alert variant="info">{notice}</Alert>
      ) : (
        <p className="text-sm">
          {sso.enforced
            ? `${sso.organizationName} signs you in with single sign-on.`
            : `${sso.organizationName} uses single sign-on: sign in with your company account.`}
        </p>
      )}
      {/* A link, not a form: the redirect to the provider is a navigation. */}
      <a
        ref={continueLink}
        href={start}
        onClick={() => setStarting(true)}
        aria-busy={starting || undefined}
        className={buttonVariants({ className: "mt-2 w-full" })}
      >
        Continue with single sign-on
      </a>
      <Button type="button" variant="link" size="sm" className="self-center" onClick={onPassword}>
        Sign in with a password instead
      </Button>
    </section>
  );
}
