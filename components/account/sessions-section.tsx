"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toaster";
import { revokeSessionAction, signOutOtherSessionsAction } from "@/lib/account/sessions-actions";

export interface SessionItem {
  id: string;
  device: string;
  ip: string | null;
  signedIn: string;
  lastActive: string;
  current: boolean;
}

/** Sessions: where the person is signed in; sign one out, or every one but this browser. */
export function SessionsSection({ sessions }: { sessions: SessionItem[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current).length;

  async function revoke(session: SessionItem) {
    setError(null);
    const result = await revokeSessionAction({ sessionId: session.id });
    if (!result.ok) {
      setError(result.error);
      router.refresh();
      return false;
    }
    toast.success(`Signed out ${session.device}`);
    router.refresh();
  }

  async function signOutOthers() {
    setError(null);
    const result = await signOutOtherSessionsAction({});
    if (!result.ok) {
      setError(result.error);
      router.refresh();
      return false;
    }
    toast.success(
      result.ended === 1
        ? "Signed out 1 other session"
        : `Signed out ${result.ended} other sessions`,
    );
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-4">
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
      <ul aria-label="Your sessions" className="flex flex-col divide-y divide-border">
        {sessions.map((session) => (
          <li
            key={session.id}
            aria-label={session.current ? `${session.device} (this device)` : session.device}
            className="flex flex-wrap items-center justify-between gap-3 py-3 first:pt-0 last:pb-0"
          >
            <div className="flex min-w-0 flex-col gap-0.5">
              <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                {session.device}
                {session.current ? <Badge variant="success">This device</Badge> : null}
              </p>
              <p className="text-sm text-muted-foreground">
                {session.ip ? `${session.ip} · ` : ""}Signed in {session.signedIn} · Last active{" "}
                {session.current ? "now" : session.lastActive}
              </p>
            </div>
            {session.current ? null : (
              <ConfirmDialog
                trigger={
                  <Button variant="outline" size="sm">
                    Sign out<span className="sr-only"> {session.device}</span>
                  </Button>
                }
                title={`Sign out ${session.device}?`}
                description={
                  <>
                    The session on <strong>{session.device}</strong>
                    {session.ip ? <> ({session.ip})</> : null}, signed in {session.signedIn}, ends
                    now: that browser must sign in again.
                  </>
                }
                confirmLabel="Sign out"
                destructive
                onConfirm={() => revoke(session)}
              />
            )}
          </li>
        ))}
      </ul>
      <div>
        <ConfirmDialog
          trigger={
            <Button variant="outline" disabled={others === 0}>
              Sign out everywhere else
            </Button>
          }
          title="Sign out everywhere else?"
          description={
            <>
              {others === 1 ? "Your other session ends" : `Your ${others} other sessions end`} now:
              every browser but this one must sign in again.
            </>
          }
          confirmLabel="Sign out everywhere else"
          destructive
          onConfirm={signOutOthers}
        />
        {others === 0 ? (
          <p className="mt-2 text-sm text-muted-foreground">
            You aren&apos;t signed in anywhere else.
          </p>
        ) : null}
      </div>
    </div>
  );
}
