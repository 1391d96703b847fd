"use client";

import Image from "next/image";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { enableTwoFactorAction } from "@/lib/account/two-factor-actions";
import { enableTwoFactorInput } from "@/lib/account/two-factor-schemas";
import { useActionForm } from "@/lib/forms/use-action-form";

/**
 * Set-up, once started: scan the QR code (or type the key), then confirm with a code from the
 * app. Focus starts on the code's field; the QR code and the key are above it, in reading order.
 */
export function TwoFactorSetup({
  secret,
  qrCode,
  onEnabled,
  onCancel,
}: {
  /** The secret, grouped in fours for typing. */
  secret: string;
  /** A data:image/svg+xml URI of the QR code. */
  qrCode: string;
  onEnabled: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}) {
  const { form, formError, onSubmit } = useActionForm(
    enableTwoFactorInput,
    enableTwoFactorAction,
    { code: "" },
    (result) => onEnabled(result.recoveryCodes),
  );
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;
  return (
    <section aria-labelledby="two-factor-setup-title" className="flex flex-col gap-5">
      <h3 id="two-factor-setup-title" className="text-sm font-semibold">
        Set up two-factor authentication
      </h3>
      <ol className="flex flex-col gap-5 text-sm">
        <li className="flex flex-col gap-3">
          <p>
            <span className="font-medium">1. Scan this QR code</span> with an authenticator app on
            your phone (such as 1Password, Google Authenticator or Microsoft Authenticator).
          </p>
          {/* A data: URI drawn on the server: nothing for the image optimiser to fetch. */}
          <Image
            unoptimized
            src={qrCode}
            alt="QR code for your authenticator app"
            width={192}
            height={192}
            className="size-48 rounded-md border border-border bg-white p-1"
          />
          <div className="flex flex-col gap-1">
            <p className="text-muted-foreground">Can&apos;t scan it? Enter this key instead:</p>
            <code
              aria-label={`Set-up key: ${secret}`}
              className="w-fit rounded-md border border-border bg-muted/40 px-3 py-1.5 font-mono text-sm tracking-wide select-all"
            >
              {secret}
            </code>
          </div>
        </li>
        <li>
          <p className="mb-3">
            <span className="font-medium">2. Confirm</span> with the code your app now shows for
            Roster.
          </p>
          <Form
            onSubmit={onSubmit}
            noValidate
            aria-label="Confirm two-factor authentication"
            className="flex max-w-sm flex-col gap-4"
          >
            {formError && !errors.code ? <Alert variant="error">{formError}</Alert> : null}
            <Field
              label="Enter the 6-digit code from your app"
              required
              hint="Once you have scanned the QR code or entered the key above."
              error={errors.code?.message}
            >
              {(c) => (
                <Input
                  {...c}
                  {...register("code")}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={20}
                  className="w-40 font-mono tracking-widest"
                  autoFocus
                />
              )}
            </Field>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" pending={isSubmitting}>
                Verify
              </Button>
              <Button type="button" variant="outline" disabled={isSubmitting} onClick={onCancel}>
                Cancel
              </Button>
            </div>
          </Form>
        </li>
      </ol>
    </section>
  );
}
