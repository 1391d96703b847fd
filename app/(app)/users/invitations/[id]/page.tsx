import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  EditInvitationForm,
  InvitationActions,
} from "@/components/invitations/edit-invitation-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { requireActiveActor } from "@/lib/auth/require";
import { formatDateTime } from "@/lib/format";
import { editInvitationPageFor, type EditInvitationPage } from "@/lib/invitations";
import { ORG_ROLE_LABELS } from "@/lib/permissions";
import { LinkPending } from "@/components/ui/link-pending";

export const metadata: Metadata = { title: "Edit user" };

const EMAIL_STATUS_LABELS = {
  queued: "Queued",
  sent: "Sent",
  failed: "Failed",
} as const;

function Status({ status }: { status: EditInvitationPage["invitation"]["status"] }) {
  if (status === "accepted") {
    return (
      <Badge variant="success" dot>
        Accepted
      </Badge>
    );
  }
  if (status === "revoked") {
    return (
      <Badge variant="neutral" dot>
        Revoked
      </Badge>
    );
  }
  return <StatusBadge status={status} />;
}

/** Edit user for someone invited but not joined yet: the invitation's role and workspaces. */
export default async function EditInvitationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActiveActor();
  const page = await editInvitationPageFor(actor, id);
  if (!page) notFound();
  const { invitation, can } = page;
  const expired = invitation.expiresAt <= new Date();

  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/users">Users</BackLink>
      <PageHeader
        title={invitation.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {invitation.email} · {ORG_ROLE_LABELS[invitation.role]}{" "}
            <Status status={invitation.status} />
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <Card role="region" aria-labelledby="edit-invitation-title">
          <CardHeader>
            <CardTitle id="edit-invitation-title">Edit user</CardTitle>
            <CardDescription>
              {page.open
                ? `${invitation.name} hasn't accepted their invitation yet. Until they do, you can change the role and the workspaces it gives them.`
                : "This invitation is closed: nothing about it can be changed."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            {page.open && can.edit ? (
              <EditInvitationForm
                invitation={{
                  id: invitation.id,
                  version: invitation.version,
                  name: invitation.name,
                  role: invitation.role === "admin" ? "admin" : "member",
                  workspaces: invitation.workspaces.map((w) => ({
                    workspaceId: w.workspaceId,
                    role: w.key,
                  })),
                }}
                canChooseRole={can.chooseRole}
                workspaceRequired={page.workspaceRequired}
                workspaceOptions={page.workspaceOptions}
                roleOptions={page.roleOptions}
              />
            ) : (
              <div className="flex flex-col gap-4">
                {invitation.status === "accepted" ? (
                  <Alert variant="success" role="note">
                    {invitation.name} accepted this invitation
                    {invitation.acceptedAt
                      ? ` on ${formatDateTime(invitation.acceptedAt)}`
                      : ""}{" "}
                    and is a member now.{" "}
                    {page.acceptedMember ? (
                      <Link
                        href={`/users/${page.acceptedMember.userId}`}
                        className="font-medium underline underline-offset-4"
                      >
                        Open their Edit user page
                        <LinkPending />
                      </Link>
                    ) : null}
                  </Alert>
                ) : (
                  <Alert variant="info" role="note">
                    This invitation was revoked
                    {invitation.revokedAt ? ` on ${formatDateTime(invitation.revokedAt)}` : ""}: its
                    link no longer works. Invite {invitation.name} again from the Users page if they
                    should join.
                  </Alert>
                )}
                {invitation.workspaces.length > 0 ? (
                  <ul className="flex flex-col divide-y divide-border text-sm">
                    {invitation.workspaces.map((w) => (
                      <li key={w.workspaceId} className="flex justify-between gap-3 py-2">
                        <span className="font-medium">{w.path}</span>
                        <span className="text-muted-foreground">{w.label}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            )}
          </CardContent>
        </Card>
        <Card role="region" aria-labelledby="invitation-title">
          <CardHeader>
            <CardTitle as="h3" id="invitation-title">
              Invitation
            </CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4 text-sm">
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
              <dt className="text-muted-foreground">Status</dt>
              <dd>
                <Status status={invitation.status} />
              </dd>
              <dt className="text-muted-foreground">Invited by</dt>
              <dd>
                {invitation.inviter.name}
                {invitation.inviter.name !== invitation.inviter.email ? (
                  <span className="block text-muted-foreground">{invitation.inviter.email}</span>
                ) : null}
              </dd>
              <dt className="text-muted-foreground">Sent</dt>
              <dd>
                <time dateTime={invitation.createdAt.toISOString()}>
                  {formatDateTime(invitation.createdAt)}
                </time>
              </dd>
              {page.open ? (
                <>
                  <dt className="text-muted-foreground">{expired ? "Expired" : "Expires"}</dt>
                  <dd>
                    <time dateTime={invitation.expiresAt.toISOString()}>
                      {formatDateTime(invitation.expiresAt)}
                    </time>
                  </dd>
                </>
              ) : null}
              <dt className="text-muted-foreground">Email</dt>
              <dd>
                {invitation.lastEmailStatus ? (
                  <span
                    className={
                      invitation.lastEmailStatus === "failed" ? "font-medium text-danger" : ""
                    }
                  >
                    {EMAIL_STATUS_LABELS[invitation.lastEmailStatus]}
                  </span>
                ) : (
                  <span className="text-muted-foreground">Not sent</span>
                )}
                {invitation.lastEmailStatus === "failed" && invitation.lastEmailError ? (
                  <span className="block text-muted-foreground">{invitation.lastEmailError}</span>
                ) : null}
              </dd>
            </dl>
            {can.resend || can.revoke ? (
              <>
                {expired ? (
                  <p className="text-[13px] text-muted-foreground">
                    The link has expired: Resend invitation sends a new one.
                  </p>
                ) : null}
                <InvitationActions
                  invitation={{ id: invitation.id, name: invitation.name, email: invitation.email }}
                />
              </>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
