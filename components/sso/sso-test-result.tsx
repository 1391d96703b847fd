"use client";

import { useEffect } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** The channel the Test connection pop-up reports on (components/sso/sso-settings.tsx listens). */
export const SSO_TEST_CHANNEL = "roster-sso-test";

/** What the settings page (the opener of this popup) is told about a Test connection. */
export interface SsoTestMessage {
  source: "roster-sso-test";
  ok: boolean;
  claims?: Record<string, unknown>;
  error?: string;
}

function shown(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A Test connection's result in its popup: the claims the provider sent (or what went wrong),
 * also posted to the settings page that opened the popup, on this origin only.
 */
export function SsoTestResultView({
  ok,
  error,
  claims,
}: {
  ok: boolean;
  error?: string;
  claims: Record<string, unknown> | null;
}) {
  useEffect(() => {
    const message: SsoTestMessage = {
      source: "roster-sso-test",
      ok,
      ...(claims ? { claims } : {}),
      ...(error ? { error } : {}),
    };
    // The pop-up went through the provider's origin, and the app's Cross-Origin-Opener-Policy
    // (same-origin) cuts it off from its opener on the way: a BroadcastChannel reaches the
    // settings page anyway (same origin, same browser). The opener is told too where it remains.
    const channel = new BroadcastChannel(SSO_TEST_CHANNEL);
    channel.postMessage(message);
    channel.close();
    const opener = window.opener as Window | null;
    opener?.postMessage(message, window.location.origin);
  }, [ok, error, claims]);

  return (
    <div className="flex flex-col gap-4">
      {ok ? (
        <Alert variant="success">Connection works: the provider signed you in.</Alert>
      ) : (
        <Alert variant="error">{error}</Alert>
      )}
      {claims ? (
        <section aria-labelledby="claims-title" className="flex flex-col gap-2">
          <h2 id="claims-title" className="text-base font-semibold">
            Claims received
          </h2>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {Object.entries(claims).map(([name, value]) => (
              <div key={name} className="contents">
                <dt className="font-mono text-muted-foreground">{name}</dt>
                <dd className="break-all">{shown(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <Button type="button" variant="outline" className="w-fit" onClick={() => window.close()}>
        Close
      </Button>
    </div>
  );
}
