"use client";

import { useState, useTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { sendTestEmailAction } from "@/lib/organization/email-actions";

type Outcome = { ok: true; to: string } | { ok: false; error: string } | null;

/** Sends a test email to the owner's own address and says what became of it. */
export function SendTestEmail() {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome>(null);
  function send() {
    setOutcome(null);
    startTransition(async () => {
      const result = await sendTestEmailAction({});
      if (!result.ok) setOutcome({ ok: false, error: result.error });
      else if (result.status === "sent") setOutcome({ ok: true, to: result.to });
      else {
        setOutcome({
          ok: false,
          error: `The test email to ${result.to} couldn't be sent: ${result.error ?? "unknown error"}`,
        });
      }
    });
  }
  return (
    <div className="flex flex-col gap-3">
      <div>
        <Button type="button" variant="outline" pending={pending} onClick={send}>
          Send a test email
        </Button>
      </div>
      {outcome?.ok ? (
        <Alert variant="success">Sent a test email to {outcome.to}.</Alert>
      ) : outcome ? (
        <Alert variant="error">{outcome.error}</Alert>
      ) : null}
    </div>
  );
}
