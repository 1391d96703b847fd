"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { formatDateTime } from "@/lib/format";
import { useActionForm } from "@/lib/forms/use-action-form";
import {
  removeSsoConnectionAction,
  saveSsoConnectionAction,
  setSsoEnabledAction,
  setSsoEnforcedAction,
} from "@/lib/sso/config-actions";
import type { SsoConnectionView, SsoSettings } from "@/lib/sso/connection";
import { SSO_DOMAINS_MAX, ssoConnectionForm } from "@/lib/sso/schemas";
import { SSO_TEST_CHANNEL } from "./sso-test-result";

// The organization settings' "Single sign-on" section: the owner sets up the OpenID Connect
// connection, tests it in a pop-up (/api/sso/test, which reports back by postMessage), turns it on,
// enforces it, or removes it. Admins see the same, read-only, without the secret (nobody sees it).

/** What /settings/organization/sso-test posts to this window when the pop-up's test ends. */
interface TestMessage {
  source: "roster-sso-test";
  ok: boolean;
  claims?: Record<string, unknown>;
  error?: string;
}

function isTestMessage(data: unknown): data is TestMessage {
  return (
    typeof data === "object" &&
    data !== null &&
    (data as { source?: unknown }).source === "roster-sso-test" &&
    typeof (data as { ok?: unknown }).ok === "boolean"
  );
}

type Status = { label: string; variant: BadgeVariant };

function statusOf(connection: SsoConnectionView | null): Status {
  if (!connection) return { label: "Not set up", variant: "neutral" };
  if (!connection.enabled) return { label: "Off", variant: "neutral" };
  if (connection.enforced) return { label: "On, enforced", variant: "success" };
  return { label: "On", variant: "success" };
}

export function SsoSettings({ settings }: { settings: SsoSettings }) {
  const { connection, editable } = settings;
  const status = statusOf(connection);
  return (
    <div className="flex flex-col gap-6">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Status:</span>
        <Badge variant={status.variant} dot>
          {status.label}
        </Badge>
      </p>
      {!connection ? (
        <p className="text-sm text-muted-foreground">
          {editable
            ? "Let people with your organization's email domains sign in through your company's identity provider — Okta, Entra ID, Google Workspace, Keycloak or any OpenID Connect provider. Register Roster there with the redirect URI below, enter what the provider gives you, test the connection, then turn it on."
            : "Single sign-on isn't set up. Only the owner can set it up."}
        </p>
      ) : null}
      <RedirectUri uri={settings.redirectUri} />
      <ConnectionForm
        key={connection ? `v${connection.version}` : "new"}
        settings={settings}
        connection={connection}
        editable={editable}
      />
      {connection ? <ConnectionControls connection={connection} editable={editable} /> : null}
    </div>
  );
}

function RedirectUri({ uri }: { uri: string }) {
  async function copy() {
    try {
      await navigator.clipboard.writeText(uri);
      toast.success("Redirect URI copied");
    } catch {
      toast.error("Couldn't copy it. Select the address and copy it instead.");
    }
  }
  return (
    <Field
      label="Redirect URI"
      hint="Register it at your identity provider as the application's redirect (callback) URI, with the scopes openid, email and profile."
    >
      {(c) => (
        <div className="flex flex-wrap gap-2">
          <Input
            {...c}
            value={uri}
            readOnly
            className="min-w-0 flex-1 font-mono text-[13px]"
            onFocus={(event) => event.currentTarget.select()}
          />
          <Button type="button" variant="outline" onClick={copy}>
            Copy
          </Button>
        </div>
      )}
    </Field>
  );
}

function ConnectionForm({
  settings,
  connection,
  editable,
}: {
  settings: SsoSettings;
  connection: SsoConnectionView | null;
  editable: boolean;
}) {
  const loaded = {
    issuer: connection?.issuer ?? "",
    clientId: connection?.clientId ?? "",
    clientSecret: "",
    domains: connection?.domains.join("\n") ?? "",
    defaultWorkspaceId: connection?.defaultWorkspaceId ?? "",
  };
  const { form, formError, onSubmit } = useActionForm(
    ssoConnectionForm,
    (values) => saveSsoConnectionAction({ ...values, version: connection?.version ?? null }),
    loaded,
    () => {
      toast.success(connection ? "Single sign-on saved" : "Single sign-on set up", {
        description: connection ? undefined : "Test the connection, then turn it on.",
      });
    },
  );
  const { register, formState } = form;
  const allowed = settings.allowedEmailDomains;
  const secretHint = !connection
    ? "From your identity provider. Stored encrypted; it is never shown again."
    : connection.secretReadable
      ? "Stored — enter a new one to replace it."
      : undefined;
  return (
    <Form
      onSubmit={onSubmit}
      noValidate
      aria-label="Single sign-on connection"
      className="flex flex-col gap-4"
    >
      <fieldset disabled={!editable} className="contents">
        <Field
          label="Issuer URL"
          hint="The provider's issuer, e.g. https://login.example.com/realms/acme. Its discovery document is checked when you save."
          error={formState.errors.issuer?.message}
          required
        >
          {(c) => (
            <Input
              {...c}
              {...register("issuer")}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              placeholder="https://"
            />
          )}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Client ID" error={formState.errors.clientId?.message} required>
            {(c) => (
              <Input {...c} {...register("clientId")} autoComplete="off" spellCheck={false} />
            )}
          </Field>
          <Field
            label="Client secret"
            hint={secretHint}
            error={formState.errors.clientSecret?.message}
            required={!connection}
          >
            {(c) => (
              <Input
                {...c}
                {...register("clientSecret")}
                type="password"
                autoComplete="new-password"
                spellCheck={false}
                placeholder={connection?.secretReadable ? "••••••••" : undefined}
              />
            )}
          </Field>
        </div>
        {connection && !connection.secretReadable ? (
          <Alert variant="warning" title="The client secret can't be read">
            The encryption key changed since it was saved (SSO_ENCRYPTION_KEY or AUTH_SECRET): enter
            it again.
          </Alert>
        ) : null}
        <Field
          label="Email domains"
          hint={`One per line, up to ${SSO_DOMAINS_MAX}. People whose email is at these domains sign in through the provider.${
            allowed.length > 0
              ? ` Each must be one of the allowed email domains: ${allowed.join(", ")}.`
              : ""
          }`}
          error={formState.errors.domains?.message}
          required
        >
          {(c) => (
            <Textarea
              {...c}
              {...register("domains")}
              rows={3}
              autoComplete="off"
              spellCheck={false}
              placeholder="example.com"
              className="font-mono text-[13px]"
            />
          )}
        </Field>
        <Field
          label="Default workspace for new members"
          hint="People whose account is created by their first single sign-on join the organization as members, and this workspace too."
          error={formState.errors.defaultWorkspaceId?.message}
        >
          {(c) => (
            <Select {...c} {...register("defaultWorkspaceId")}>
              <option value="">None</option>
              {settings.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.path}
                </option>
              ))}
            </Select>
          )}
        </Field>
      </fieldset>
      {editable ? (
        <div className="flex flex-col gap-3">
          {formError ? <ActionErrorAlert error={formError} /> : null}
          <div>
            <Button
              type="submit"
              pending={formState.isSubmitting}
              disabled={connection !== null && !formState.isDirty}
            >
              {connection ? "Save changes" : "Save connection"}
            </Button>
          </div>
        </div>
      ) : null}
    </Form>
  );
}

type TestOutcome = { ok: true; claims: string[] } | { ok: false; error: string } | null;

function ConnectionControls({
  connection,
  editable,
}: {
  connection: SsoConnectionView;
  editable: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [test, setTest] = useState<TestOutcome>(null);

  useEffect(() => {
    // A message from the pop-up's result page: on the channel (the usual way), or posted to the
    // opener where the browser kept the pop-up's link to it.
    function onMessage(event: MessageEvent) {
      if (event.origin !== window.location.origin || !isTestMessage(event.data)) return;
      const data = event.data;
      setTest(
        data.ok
          ? { ok: true, claims: Object.keys(data.claims ?? {}) }
          : { ok: false, error: data.error ?? "The identity provider didn't sign you in." },
      );
      router.refresh();
    }
    window.addEventListener("message", onMessage);
    const channel = new BroadcastChannel(SSO_TEST_CHANNEL);
    channel.addEventListener("message", onMessage);
    return () => {
      window.removeEventListener("message", onMessage);
      channel.close();
    };
  }, [router]);

  function run(action: () => Promise<ActionResult>, success: string) {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (result.ok) toast.success(success);
      else setError(result.error);
    });
  }

  function openTest() {
    setTest(null);
    const popup = window.open("/api/sso/test", "roster-sso-test", "width=520,height=680");
    if (!popup) {
      setTest({
        ok: false,
        error: "Your browser blocked the pop-up: allow pop-ups for this site and try again.",
      });
    }
  }

  const version = connection.version;
  const enforceHintId = "sso-enforce-hint";
  return (
    <div className="flex flex-col gap-6 border-t border-border pt-6">
      <section aria-labelledby="sso-test-title" className="flex flex-col gap-2">
        <h3 id="sso-test-title" className="text-sm font-semibold">
          Test connection
        </h3>
        <p className="text-[13px] text-muted-foreground">
          Signs you in at the identity provider in a pop-up with the saved settings (even while
          single sign-on is off) and shows what it answered. Nobody is signed in to Roster by it.
        </p>
        <p className="text-sm" role="status">
          {connection.lastTestedAt
            ? `Last tested ${formatDateTime(connection.lastTestedAt)}: ${connection.lastTestOk ? "it worked." : "it failed."}`
            : "Not tested yet."}
        </p>
        {editable ? (
          <div>
            <Button type="button" variant="outline" onClick={openTest}>
              Test connection
            </Button>
          </div>
        ) : null}
        {test?.ok ? (
          <Alert variant="success">
            Connection works — received: {test.claims.join(", ") || "no claims"}.
          </Alert>
        ) : test ? (
          <Alert variant="error">{test.error}</Alert>
        ) : null}
      </section>

      <section aria-labelledby="sso-use-title" className="flex flex-col gap-4">
        <h3 id="sso-use-title" className="text-sm font-semibold">
          Use
        </h3>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-sm">
            {connection.enabled
              ? "Single sign-on is on: people with these email domains can sign in through your identity provider."
              : "Single sign-on is off: nobody signs in through it yet."}
          </p>
          {editable ? (
            <Button
              type="button"
              variant={connection.enabled ? "outline" : "primary"}
              pending={pending}
              onClick={() =>
                run(
                  () => setSsoEnabledAction({ enabled: !connection.enabled, version }),
                  connection.enabled ? "Single sign-on turned off" : "Single sign-on turned on",
                )
              }
            >
              {connection.enabled ? "Turn off single sign-on" : "Turn on single sign-on"}
            </Button>
          ) : null}
        </div>
        <div className="flex items-start gap-3">
          <input
            id="sso-enforce"
            type="checkbox"
            aria-describedby={enforceHintId}
            checked={connection.enforced}
            disabled={!editable || pending || (!connection.enabled && !connection.enforced)}
            onChange={(event) => {
              const enforced = event.currentTarget.checked;
              run(
                () => setSsoEnforcedAction({ enforced, version }),
                enforced ? "Single sign-on enforced" : "Single sign-on no longer enforced",
              );
            }}
            className="mt-0.5 size-4 shrink-0 accent-primary disabled:cursor-not-allowed disabled:opacity-60"
          />
          <div className="flex flex-col gap-1">
            <label htmlFor="sso-enforce" className="text-sm leading-5 font-medium">
              Enforce single sign-on
            </label>
            <p id={enforceHintId} className="text-[13px] leading-5 text-muted-foreground">
              Members with these email domains sign in only through your identity provider. You, the
              owner, can still sign in with your password.
              {connection.enabled ? "" : " Turn single sign-on on first."}
            </p>
          </div>
        </div>
        {error ? <ActionErrorAlert error={error} /> : null}
      </section>

      {editable ? (
        <section aria-labelledby="sso-remove-title" className="flex flex-col gap-2">
          <h3 id="sso-remove-title" className="text-sm font-semibold">
            Remove single sign-on
          </h3>
          <div>
            <ConfirmDialog
              trigger={
                <Button type="button" variant="outline">
                  Remove single sign-on
                </Button>
              }
              title="Remove single sign-on?"
              description={
                <>
                  The connection to <strong>{connection.issuer}</strong> is removed, with its client
                  secret and its domains ({connection.domains.join(", ")}).
                  {connection.enforced ? " Enforcement ends with it." : ""} Everyone signs in with a
                  password again; people who never had one set it with &ldquo;Forgot
                  password?&rdquo;.
                </>
              }
              confirmLabel="Remove single sign-on"
              destructive
              onConfirm={async () => {
                const result = await removeSsoConnectionAction({ version });
                if (!result.ok) {
                  setError(result.error);
                  return;
                }
                toast.success("Single sign-on removed");
              }}
            />
          </div>
        </section>
      ) : null}
    </div>
  );
}

/** An action's refusal; when someone else changed the connection meanwhile, a way to reload. */
function ActionErrorAlert({ error }: { error: string }) {
  const router = useRouter();
  const conflict = error.includes("changed by someone else");
  return (
    <Alert variant="error">
      <span>{error}</span>
      {conflict ? (
        <Button type="button" variant="link" className="ml-2" onClick={() => router.refresh()}>
          Reload
        </Button>
      ) : null}
    </Alert>
  );
}
