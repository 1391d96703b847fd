"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import {
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
} from "@/lib/account/two-factor-actions";
import {
  disableTwoFactorInput,
  regenerateRecoveryCodesInput,
} from "@/lib/account/two-factor-schemas";
import { useActionForm } from "@/lib/forms/use-action-form";

// The two dialogs of an account with two-factor authentication on: new recovery codes, and
// turning it off. Both ask for the password again.

/** New recovery codes: the password, then the codes are handed to the section to show once. */
export function RegenerateRecoveryCodesDialog({
  email,
  onCodes,
}: {
  email: string;
  onCodes: (codes: string[]) => void;
}) {
  const [open, setOpen] = useState(false);
  // Once the codes are handed over, focus goes to them, not back to this dialog's button.
  const handedOver = useRef(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">Regenerate recovery codes</Button>
      </DialogTrigger>
      <DialogContent
        onCloseAutoFocus={(event) => {
          if (handedOver.current) event.preventDefault();
        }}
      >
        <DialogHeader>
          <DialogTitle>Regenerate recovery codes</DialogTitle>
          <DialogDescription>
            You get ten new codes, shown once. The codes you have now stop working at once.
          </DialogDescription>
        </DialogHeader>
        <RegenerateForm
          email={email}
          onDone={(codes) => {
            handedOver.current = true;
            setOpen(false);
            onCodes(codes);
          }}
        />
      </DialogContent>
    </Dialog>
  );
}

function RegenerateForm({ email, onDone }: { email: string; onDone: (codes: string[]) => void }) {
  const router = useRouter();
  const { form, formError, onSubmit } = useActionForm(
    regenerateRecoveryCodesInput,
    regenerateRecoveryCodesAction,
    { password: "" },
    (result) => {
      toast.success("New recovery codes made. The old ones no longer work.");
      onDone(result.recoveryCodes);
      router.refresh();
    },
  );
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Regenerate recovery codes"
      className="flex flex-col gap-5"
    >
      {formError && !errors.password ? <Alert variant="error">{formError}</Alert> : null}
      <input type="text" hidden autoComplete="username" value={email} readOnly />
      <Field label="Your password" required error={errors.password?.message}>
        {(c) => (
          <Input
            {...c}
            {...register("password")}
            type="password"
            autoComplete="current-password"
            autoFocus
          />
        )}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" pending={isSubmitting}>
          Regenerate codes
        </Button>
      </DialogFooter>
    </Form>
  );
}

/** Turn off: the password and a code from the app or a recovery code. */
export function DisableTwoFactorDialog({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="destructive">Turn off two-factor authentication</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Turn off two-factor authentication?</DialogTitle>
          <DialogDescription>
            Signing in will ask for your password only. Your authenticator app&apos;s entry and your
            recovery codes stop working; setting it up again starts afresh.
          </DialogDescription>
        </DialogHeader>
        <DisableForm email={email} onDone={() => setOpen(false)} />
      </DialogContent>
    </Dialog>
  );
}

function DisableForm({ email, onDone }: { email: string; onDone: () => void }) {
  const router = useRouter();
  const { form, formError, onSubmit } = useActionForm(
    disableTwoFactorInput,
    disableTwoFactorAction,
    { password: "", code: "" },
    () => {
      toast.success("Two-factor authentication is off");
      onDone();
      router.refresh();
    },
  );
  const {
    register,
    formState: { errors, isSubmitting },
  } = form;
  const shownElsewhere = errors.password ?? errors.code;
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Turn off two-factor authentication"
      className="flex flex-col gap-5"
    >
      {formError && !shownElsewhere ? <Alert variant="error">{formError}</Alert> : null}
      <input type="text" hidden autoComplete="username" value={email} readOnly />
      <Field label="Your password" required error={errors.password?.message}>
        {(c) => (
          <Input
            {...c}
            {...register("password")}
            type="password"
            autoComplete="current-password"
            autoFocus
          />
        )}
      </Field>
      <Field
        label="Code from your app, or a recovery code"
        required
        hint="6 digits from your authenticator app, or one of your recovery codes (used up)."
        error={errors.code?.message}
      >
        {(c) => (
          <Input
            {...c}
            {...register("code")}
            autoComplete="one-time-code"
            autoCapitalize="off"
            spellCheck={false}
          />
        )}
      </Field>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" variant="outline" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="destructive" pending={isSubmitting}>
          Turn off
        </Button>
      </DialogFooter>
    </Form>
  );
}
