import { Building2, MailX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getCaller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { ssoForEmail } from "@/lib/sso";
import { invitationForLink } from "@/lib/invitations";
import { formatEmailDate } from "@/lib/email";
import { ORG_ROLE_LABELS } from "@/lib/permissions";
import {
  AcceptAsSignedIn,
  AcceptWithNewAccount,
  SwitchAccount,
} from "@/components/invitations/accept-forms";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitationPage({ params }: PageProps<"/invite/[token]">) {
  const { token } = await params;
  const invitation = await invitationForLink(token);

  if (!invitation || invitation.state !== "valid") {
    const reason = !invitation
      ? {
          title: "This invitation link isn't valid",
          body: "It may have been replaced by a newer invitation — use the link in the most recent email — or copied incompletely.",
        }
      : invitation.state === "expired"
        ? {
            title: "This invitation has expired",
            body: `It expired on ${formatEmailDate(invitation.expiresAt)}. Ask ${invitation.inviter.name} (${invitation.inviter.email}) to send you a new one.`,
          }
        : invitation.state === "revoked"
          ? {
              title: "This invitation was revoked",
              body: `${invitation.organization.name} withdrew it. If you think that's a mistake, ask ${invitation.inviter.name} (${invitation.inviter.email}).`,
            }
          : {
              title: "This invitation has already been used",
              body: `It was accepted already. Sign in to use ${invitation.organization.name}.`,
            };
    return (
      <Card>
        <CardHeader>
          <MailX className="mb-2 size-6 text-muted-foreground" aria-hidden="true" />
          <h1 className="text-xl font-semibold tracking-tight">{reason.title}</h1>
        </CardHeader>
        <CardContent className="flex flex-col gap-4">
          <p className="text-sm text-muted-foreground">{reason.body}</p>
          <Link
            href="/sign-in"
            className={buttonVariants({ variant: "outline", className: "w-fit" })}
          >
            Go to sign in
          </Link>
        </CardContent>
      </Card>
    );
  }

  const caller = await getCaller();
  const signedInAs = caller?.user.email ?? null;
  // The organization's identity provider covers this email: accepting by single sign-on signs the
  // person in and accepts the invitation at once (lib/sso/provision.ts). Enforced: the only way.
  const found = signedInAs ? null : await ssoForEmail(await getDb(), invitation.email);
  const sso = found?.organizationId === invitation.organization.id ? found : null;
  const ssoStart = `/api/sso/start?${new URLSearchParams({ email: invitation.email, callbackUrl: "/" })}`;
  return (
    <Card>
      <CardHeader>
        <Building2 className="mb-2 size-6 text-primary" aria-hidden="true" />
        <h1 className="text-xl font-semibold tracking-tight">
          Join {invitation.organization.name}
        </h1>
        <CardDescription>
          {invitation.inviter.name} invited you to join as{" "}
          {ORG_ROLE_LABELS[invitation.role].toLowerCase()}.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        <dl className="grid gap-3 rounded-lg border border-border bg-muted/40 p-4 text-sm">
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">Organization</dt>
            <dd className="font-medium">{invitation.organization.name}</dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">Invited by</dt>
            <dd className="text-right">
              {invitation.inviter.name}
              <span className="block text-xs text-muted-foreground">
                {invitation.inviter.email}
              </span>
            </dd>
          </div>
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">Role</dt>
            <dd>{ORG_ROLE_LABELS[invitation.role]}</dd>
          </div>
          {invitation.workspaces.length > 0 ? (
            <div className="flex justify-between gap-4">
              <dt className="text-muted-foreground">Workspaces</dt>
              <dd className="text-right">
                {invitation.workspaces.map((w) => (
                  <span key={w.workspaceId} className="block">
                    {w.name} · {w.roleLabel}
                  </span>
                ))}
              </dd>
            </div>
          ) : null}
          <div className="flex justify-between gap-4">
            <dt className="text-muted-foreground">For</dt>
            <dd>{invitation.email}</dd>
          </div>
        </dl>
        {signedInAs && signedInAs !== invitation.email ? (
          <>
            <Alert variant="warning">
              This invitation is for <strong>{invitation.email}</strong>, but you&apos;re signed in
              as <strong>{signedInAs}</strong>.
            </Alert>
            <SwitchAccount token={token} email={invitation.email} />
          </>
        ) : signedInAs ? (
          <AcceptAsSignedIn token={token} organizationName={invitation.organization.name} />
        ) : sso ? (
          <>
            <p className="text-sm text-muted-foreground">
              {invitation.organization.name} signs you in with your company account.
              {sso.enforced ? "" : " You can also accept with a password instead."}
            </p>
            <a href={ssoStart} className={buttonVariants({ className: "w-full" })}>
              Accept with single sign-on
            </a>
            {sso.enforced ? null : invitation.accountExists ? (
              <Link
                href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`}
                className={buttonVariants({ variant: "outline", className: "w-full" })}
              >
                Sign in with a password to accept
              </Link>
            ) : (
              <AcceptWithNewAccount
                token={token}
                firstName={invitation.firstName}
                lastName={invitation.lastName}
                email={invitation.email}
                organizationName={invitation.organization.name}
              />
            )}
          </>
        ) : invitation.accountExists ? (
          <>
            <p className="text-sm text-muted-foreground">
              You already have a Roster account. Sign in as {invitation.email} to accept.
            </p>
            <Link
              href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}&email=${encodeURIComponent(invitation.email)}`}
              className={buttonVariants({ className: "w-full" })}
            >
              Sign in to accept
            </Link>
          </>
        ) : (
          <AcceptWithNewAccount
            token={token}
            firstName={invitation.firstName}
            lastName={invitation.lastName}
            email={invitation.email}
            organizationName={invitation.organization.name}
          />
        )}
        <p className="text-xs text-muted-foreground">
          This invitation expires on {formatEmailDate(invitation.expiresAt)}.
        </p>
      </CardContent>
    </Card>
  );
}
