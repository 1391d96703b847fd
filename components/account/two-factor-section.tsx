"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { toast } from "@/components/ui/toaster";
import { startTwoFactorSetupAction } from "@/lib/account/two-factor-actions";
import { DisableTwoFactorDialog, RegenerateRecoveryCodesDialog } from "./two-factor-dialogs";
import { RecoveryCodes } from "./two-factor-recovery-codes";
import { TwoFactorSetup } from "./two-factor-setup";

export interface TwoFactorSectionProps {
  /** The account's email, for password managers and the downloaded codes. */
  email: string;
  enabled: boolean;
  /** When it was turned on, formatted for reading; null while off. */
  enabledOn: string | null;
  recoveryCodesLeft: number;
  recoveryCodesTotal: number;
  fewRecoveryCodesLeft: boolean;
  /** Why it can't be turned off (an organization requires it); null when it can. */
  stayOnBecause: string | null;
  /** Start set-up as soon as the page opens (/settings/account?setup=two-factor), when off. */
  openSetup?: boolean;
  /**
   * The organization that requires 2FA of this owner or admin before anything else works there:
   * a notice names it above set-up, and after the recovery codes the person is sent on to it.
   */
  required?: { organizationName: string } | null;
}

type View =
  | { kind: "status" }
  | { kind: "setup"; secret: string; qrCode: string }
  | { kind: "codes"; codes: string[]; continueHome: boolean };

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * The Two-factor authentication section of account settings: its status, set-up (QR code, then a
 * code from the app), the recovery codes shown once, and the dialogs to make new codes or turn it
 * off. The page decides nothing here: every step is checked again by its action.
 */
export function TwoFactorSection(props: TwoFactorSectionProps) {
  const { email, enabled, openSetup = false, required = null } = props;
  const router = useRouter();
  const [view, setView] = useState<View>({ kind: "status" });
  // Opened at ?setup=two-factor: set-up starts on arrival, and shows as starting meanwhile.
  const autoStart = openSetup && !enabled;
  const [starting, setStarting] = useState(autoStart);
  const [startError, setStartError] = useState<string | null>(null);
  const statusHeading = useRef<HTMLHeadingElement>(null);
  const autoStarted = useRef(false);

  useEffect(() => {
    if (!autoStart || autoStarted.current) return;
    autoStarted.current = true;
    startTwoFactorSetupAction({}).then(
      (result) => {
        setStarting(false);
        if (result.ok) setView({ kind: "setup", secret: result.secret, qrCode: result.qrCode });
        else setStartError(result.error);
      },
      () => {
        setStarting(false);
        setStartError("Set-up couldn't start. Try again.");
      },
    );
  }, [autoStart]);

  async function startSetup() {
    setStarting(true);
    setStartError(null);
    try {
      const result = await startTwoFactorSetupAction({});
      if (result.ok) setView({ kind: "setup", secret: result.secret, qrCode: result.qrCode });
      else setStartError(result.error);
    } catch {
      setStartError("Set-up couldn't start. Try again.");
    } finally {
      setStarting(false);
    }
  }

  function backToStatus() {
    setView({ kind: "status" });
    // The control that had focus is gone: start again from the section's status.
    requestAnimationFrame(() => statusHeading.current?.focus());
  }

  const notice = required ? (
    <Alert variant="warning" title="Two-factor authentication required">
      {required.organizationName} requires two-factor authentication for owners and admins. Set it
      up to continue.
    </Alert>
  ) : null;

  if (view.kind === "setup") {
    return (
      <div className="flex flex-col gap-5">
        {notice}
        <TwoFactorSetup
          secret={view.secret}
          qrCode={view.qrCode}
          onCancel={backToStatus}
          onEnabled={(codes) => {
            toast.success("Two-factor authentication is on");
            setView({ kind: "codes", codes, continueHome: required !== null });
            router.refresh();
          }}
        />
      </div>
    );
  }

  if (view.kind === "codes") {
    return (
      <RecoveryCodes
        codes={view.codes}
        email={email}
        doneLabel={view.continueHome ? "Continue" : "Done"}
        onDone={() => {
          if (view.continueHome) router.push("/");
          else backToStatus();
        }}
      />
    );
  }

  return (
    <div className="flex flex-col gap-4">
      {enabled ? null : notice}
      <h3 ref={statusHeading} tabIndex={-1} className="sr-only">
        Two-factor authentication status
      </h3>
      {enabled ? (
        <EnabledStatus
          {...props}
          onCodes={(codes) => setView({ kind: "codes", codes, continueHome: false })}
        />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-medium">Status:</span>
            <Badge variant="neutral" dot>
              Off
            </Badge>
          </div>
          <p className="max-w-prose text-sm text-muted-foreground">
            Signing in will ask for a 6-digit code from an authenticator app on your phone, as well
            as your password, so a stolen password alone can&apos;t open your account.
          </p>
          {startError ? <Alert variant="error">{startError}</Alert> : null}
          <div>
            <Button type="button" pending={starting} onClick={() => void startSetup()}>
              Set up two-factor authentication
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

function EnabledStatus({
  email,
  enabledOn,
  recoveryCodesLeft,
  recoveryCodesTotal,
  fewRecoveryCodesLeft,
  stayOnBecause,
  onCodes,
}: TwoFactorSectionProps & { onCodes: (codes: string[]) => void }) {
  return (
    <>
      <dl className="grid w-fit grid-cols-[auto_auto] items-center gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium">Status</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <Badge variant="success" dot>
            On
          </Badge>
          {enabledOn ? <span className="text-muted-foreground">since {enabledOn}</span> : null}
        </dd>
        <dt className="font-medium">Recovery codes</dt>
        <dd>
          {recoveryCodesLeft} of {recoveryCodesTotal} left
        </dd>
      </dl>
      {fewRecoveryCodesLeft ? (
        <Alert variant="warning" title="Few recovery codes left">
          {recoveryCodesLeft === 0
            ? "You have no recovery codes left."
            : `You have only ${plural(recoveryCodesLeft, "recovery code")} left.`}{" "}
          Regenerate them, so that you can still sign in if you lose your phone.
        </Alert>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <RegenerateRecoveryCodesDialog email={email} onCodes={onCodes} />
        {stayOnBecause ? (
          <Button variant="destructive" disabled aria-describedby="two-factor-stays-on">
            Turn off two-factor authentication
          </Button>
        ) : (
          <DisableTwoFactorDialog email={email} />
        )}
      </div>
      {stayOnBecause ? (
        <p id="two-factor-stays-on" className="text-sm text-muted-foreground">
          {stayOnBecause}
        </p>
      ) : null}
    </>
  );
}
