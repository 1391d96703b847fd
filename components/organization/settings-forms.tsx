"use client";

import { X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useWatch } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { useActionForm } from "@/lib/forms/use-action-form";
import {
  ALLOWED_DOMAINS_MAX,
  emailDomain,
  emailSettings,
  generalSettings,
  INVITATION_EXPIRY_DAYS,
  invitationSettings,
  securitySettings,
  subscriptionSettings,
} from "@/lib/organization/schemas";
import {
  updateEmailSettingsAction,
  updateGeneralSettingsAction,
  updateInvitationSettingsAction,
  updateSecuritySettingsAction,
  updateSubscriptionAction,
} from "@/lib/organization/settings-actions";

// The owner's forms for the organization settings, one per section. Admins get the same forms
// read-only (`editable` false): every control disabled, nothing to submit.

/** A section's footer: the save button, and a reload offer when someone else saved first. */
function SaveRow({
  editable,
  pending,
  dirty,
  formError,
}: {
  editable: boolean;
  pending: boolean;
  dirty: boolean;
  formError: string | null;
}) {
  const router = useRouter();
  if (!editable) return null;
  const conflict = formError?.includes("changed by someone else") ?? false;
  return (
    <div className="flex flex-col gap-3">
      {formError ? (
        <Alert variant="error">
          <span>{formError}</span>
          {conflict ? (
            <Button type="button" variant="link" className="ml-2" onClick={() => router.refresh()}>
              Reload
            </Button>
          ) : null}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" pending={pending} disabled={!dirty}>
          Save changes
        </Button>
      </div>
    </div>
  );
}

function toastOnSuccess(message: string) {
  return (result: ActionResult) => {
    if (result.ok) toast.success(message);
  };
}

export function GeneralSettingsForm({
  values,
  editable,
}: {
  values: { name: string; slug: string };
  editable: boolean;
}) {
  const { form, formError, onSubmit } = useActionForm(
    generalSettings,
    (next) => updateGeneralSettingsAction({ ...next, before: values }),
    values,
    toastOnSuccess("Organization saved"),
  );
  const { register, formState } = form;
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="General" className="flex flex-col gap-4">
      <fieldset disabled={!editable} className="contents">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Organization name" error={formState.errors.name?.message}>
            {(c) => <Input {...c} {...register("name")} autoComplete="organization" />}
          </Field>
          <Field
            label="Slug"
            hint="Lower-case letters, digits and hyphens."
            error={formState.errors.slug?.message}
          >
            {(c) => <Input {...c} {...register("slug")} autoComplete="off" spellCheck={false} />}
          </Field>
        </div>
      </fieldset>
      <SaveRow
        editable={editable}
        pending={formState.isSubmitting}
        dirty={formState.isDirty}
        formError={formError}
      />
    </Form>
  );
}

export function InvitationSettingsForm({
  values,
  editable,
}: {
  values: { invitationExpiryDays: number; allowedEmailDomains: string[] };
  editable: boolean;
}) {
  const { form, formError, onSubmit } = useActionForm(
    invitationSettings,
    (next) => updateInvitationSettingsAction({ ...next, before: values }),
    values,
    toastOnSuccess("Invitation settings saved"),
  );
  const { register, formState, setValue, control } = form;
  const domains = useWatch({ control, name: "allowedEmailDomains" }) ?? [];
  const [draft, setDraft] = useState("");
  const [draftError, setDraftError] = useState<string | null>(null);

  function addDomain() {
    const parsed = emailDomain.safeParse(draft);
    if (!parsed.success) {
      setDraftError(parsed.error.issues[0]?.message ?? "Enter a domain such as example.com");
      return;
    }
    if (domains.includes(parsed.data)) {
      setDraftError(`${parsed.data} is already on the list`);
      return;
    }
    setValue("allowedEmailDomains", [...domains, parsed.data], { shouldDirty: true });
    setDraft("");
    setDraftError(null);
  }

  const listError = formState.errors.allowedEmailDomains;
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Invitations" className="flex flex-col gap-5">
      <fieldset disabled={!editable} className="contents">
        <Field
          label="Invitation links expire after (days)"
          hint={`From ${INVITATION_EXPIRY_DAYS.min} to ${INVITATION_EXPIRY_DAYS.max}. Links already sent keep their date.`}
          error={formState.errors.invitationExpiryDays?.message}
        >
          {(c) => (
            <Input
              {...c}
              {...register("invitationExpiryDays")}
              type="number"
              inputMode="numeric"
              min={INVITATION_EXPIRY_DAYS.min}
              max={INVITATION_EXPIRY_DAYS.max}
              className="w-32"
            />
          )}
        </Field>
        <div className="flex flex-col gap-2">
          <h3 className="text-sm font-medium">Allowed email domains</h3>
          <p className="text-[13px] text-muted-foreground">
            {domains.length === 0
              ? "Anyone can be invited, whatever their email address."
              : "Only addresses at these domains can be invited or accept an invitation."}
          </p>
          {domains.length > 0 ? (
            <ul aria-label="Allowed email domains" className="flex flex-wrap gap-2">
              {domains.map((domain) => (
                <li
                  key={domain}
                  className="inline-flex items-center gap-1 rounded-md border border-border bg-muted/50 py-0.5 pr-1 pl-2.5 text-sm"
                >
                  {domain}
                  {editable ? (
                    <Button
                      type="button"
                      variant="ghost"
                      size="icon"
                      className="size-6"
                      aria-label={`Remove ${domain}`}
                      onClick={() =>
                        setValue(
                          "allowedEmailDomains",
                          domains.filter((d) => d !== domain),
                          { shouldDirty: true },
                        )
                      }
                    >
                      <X aria-hidden="true" />
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
          {listError ? (
            <p role="alert" className="text-[13px] text-danger">
              {listError.message ?? listError.root?.message ?? "Check the domains"}
            </p>
          ) : null}
          {editable && domains.length < ALLOWED_DOMAINS_MAX ? (
            <div className="flex flex-wrap items-end gap-2">
              <Field label="Add a domain" error={draftError ?? undefined}>
                {(c) => (
                  <Input
                    {...c}
                    value={draft}
                    placeholder="example.com"
                    className="w-64"
                    onChange={(event) => setDraft(event.target.value)}
                    onKeyDown={(event) => {
                      if (event.key === "Enter") {
                        event.preventDefault();
                        addDomain();
                      }
                    }}
                  />
                )}
              </Field>
              <Button type="button" variant="outline" onClick={addDomain}>
                Add domain
              </Button>
            </div>
          ) : null}
        </div>
      </fieldset>
      <SaveRow
        editable={editable}
        pending={formState.isSubmitting}
        dirty={formState.isDirty}
        formError={formError}
      />
    </Form>
  );
}

export function EmailSettingsForm({
  values,
  editable,
}: {
  values: { emailSenderName: string | null; emailReplyTo: string | null };
  editable: boolean;
}) {
  const loaded = {
    emailSenderName: values.emailSenderName ?? "",
    emailReplyTo: values.emailReplyTo ?? "",
  };
  const { form, formError, onSubmit } = useActionForm(
    emailSettings,
    (next) =>
      updateEmailSettingsAction({
        emailSenderName: next.emailSenderName ?? "",
        emailReplyTo: next.emailReplyTo ?? "",
        before: values,
      }),
    loaded,
    toastOnSuccess("Email settings saved"),
  );
  const { register, formState } = form;
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Email" className="flex flex-col gap-4">
      <fieldset disabled={!editable} className="contents">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Sender name"
            hint="Shown before Roster's address, e.g. “Acme HR”."
            error={formState.errors.emailSenderName?.message}
          >
            {(c) => <Input {...c} {...register("emailSenderName")} autoComplete="off" />}
          </Field>
          <Field
            label="Reply-to address"
            hint="Where replies to Roster's emails go. Empty: no reply-to."
            error={formState.errors.emailReplyTo?.message}
          >
            {(c) => <Input {...c} {...register("emailReplyTo")} type="email" autoComplete="off" />}
          </Field>
        </div>
      </fieldset>
      <SaveRow
        editable={editable}
        pending={formState.isSubmitting}
        dirty={formState.isDirty}
        formError={formError}
      />
    </Form>
  );
}

export function SubscriptionForm({
  activeUntil,
  editable,
}: {
  activeUntil: Date | null;
  editable: boolean;
}) {
  const day = activeUntil ? activeUntil.toISOString().slice(0, 10) : "";
  const { form, formError, onSubmit } = useActionForm(
    subscriptionSettings,
    (next) =>
      updateSubscriptionAction({
        activeUntil: next.activeUntil ? next.activeUntil.toISOString().slice(0, 10) : "",
        before: { activeUntil: activeUntil ? activeUntil.toISOString() : null },
      }),
    { activeUntil: day },
    toastOnSuccess("Subscription saved"),
  );
  const { register, formState, setValue, control } = form;
  const value = useWatch({ control, name: "activeUntil" });
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Subscription" className="flex flex-col gap-4">
      <fieldset disabled={!editable} className="contents">
        <div className="flex flex-wrap items-end gap-4">
          <Field
            label="Active until"
            hint="The last day it is active (UTC). Empty: no end."
            error={formState.errors.activeUntil?.message}
          >
            {(c) => <Input {...c} {...register("activeUntil")} type="date" className="w-48" />}
          </Field>
          {editable && value ? (
            <Button
              type="button"
              variant="outline"
              onClick={() => setValue("activeUntil", "", { shouldDirty: true })}
            >
              No end date
            </Button>
          ) : null}
        </div>
      </fieldset>
      <SaveRow
        editable={editable}
        pending={formState.isSubmitting}
        dirty={formState.isDirty}
        formError={formError}
      />
    </Form>
  );
}

const ownersAndAdmins = (n: number) =>
  n === 1 ? "1 owner or admin hasn't" : `${n} owners and admins haven't`;

export function SecuritySettingsForm({
  values,
  withoutTwoFactor,
  viewerHasTwoFactor,
  editable,
}: {
  values: { requireTwoFactorAdmins: boolean };
  /** Active owners and admins who haven't set up two-factor authentication. */
  withoutTwoFactor: number;
  viewerHasTwoFactor: boolean;
  editable: boolean;
}) {
  const { form, formError, onSubmit } = useActionForm(
    securitySettings,
    (next) => updateSecuritySettingsAction({ ...next, before: values }),
    values,
    (result, saved) => {
      if (!saved.requireTwoFactorAdmins) {
        toast.success("Two-factor authentication is no longer required");
      } else if (result.withoutTwoFactor > 0) {
        toast.success("Two-factor authentication is now required", {
          description: `${ownersAndAdmins(result.withoutTwoFactor)} set it up yet; they'll be asked to on their next visit.`,
        });
      } else {
        toast.success("Two-factor authentication is now required for owners and admins");
      }
    },
  );
  const { register, formState, control } = form;
  const required = useWatch({ control, name: "requireTwoFactorAdmins" });
  // Requiring it needs the owner's own first: they must never be the one shut out.
  const blocked = editable && !viewerHasTwoFactor && !values.requireTwoFactorAdmins;
  const hintId = "require-two-factor-hint";
  return (
    <Form onSubmit={onSubmit} noValidate aria-label="Security" className="flex flex-col gap-4">
      {blocked ? (
        <Alert variant="info" title="Set up your own two-factor authentication first">
          Before you require it of owners and admins, turn it on for your account:{" "}
          <Link href="/settings/account?setup=two-factor">set up two-factor authentication</Link>.
        </Alert>
      ) : null}
      <fieldset disabled={!editable || blocked} className="contents">
        <div className="flex items-start gap-3">
          <input
            id="require-two-factor"
            type="checkbox"
            aria-describedby={hintId}
            className="mt-0.5 size-4 shrink-0 accent-primary disabled:cursor-not-allowed disabled:opacity-60"
            {...register("requireTwoFactorAdmins")}
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="require-two-factor" className="text-sm leading-5 font-medium">
              Require two-factor authentication for owners and admins
            </label>
            <p id={hintId} className="text-[13px] leading-5 text-muted-foreground">
              An owner or admin without it is sent to set it up before anything else in the
              organization works for them. Members and workspace managers aren&apos;t affected.
            </p>
          </div>
        </div>
      </fieldset>
      <p role="status" className="text-sm">
        {withoutTwoFactor === 0
          ? "Every owner and admin has set up two-factor authentication."
          : required
            ? `${ownersAndAdmins(withoutTwoFactor)} set up two-factor authentication; they'll be asked to on their next visit.`
            : `${ownersAndAdmins(withoutTwoFactor)} set up two-factor authentication.`}
      </p>
      <SaveRow
        editable={editable}
        pending={formState.isSubmitting}
        dirty={formState.isDirty}
        formError={formError}
      />
    </Form>
  );
}
