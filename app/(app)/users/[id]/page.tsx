import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EditUserForm } from "@/components/people/edit-user-form";
import { WhyCanTheyForm } from "@/components/people/why-can-they";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { PersonWorkspaceRoles } from "@/components/workspaces/person-workspace-roles";
import { requireActiveActor } from "@/lib/auth/require";
import { formatDateTime } from "@/lib/format";
import { editUserPageFor, whyCanTheyFor } from "@/lib/people";
import { ORG_ROLE_LABELS } from "@/lib/permissions";
import { personWorkspaceRoles } from "@/lib/workspaces";

export const metadata: Metadata = { title: "Edit user" };

export default async function EditUserPage({ params, searchParams }: PageProps<"/users/[id]">) {
  const { id } = await params;
  const actor = await requireActiveActor();
  const page = await editUserPageFor(actor, id);
  if (!page) notFound();
  const { member, name, status, invitation, activity } = page;
  const [workspaces, why] = await Promise.all([
    personWorkspaceRoles(actor, member),
    whyCanTheyFor(actor, member, status, await searchParams),
  ]);

  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/users">Users</BackLink>
      <PageHeader
        title={name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            {member.email} · {ORG_ROLE_LABELS[member.role]} <StatusBadge status={status} />
          </span>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_22rem]">
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Edit user</CardTitle>
              <CardDescription>
                {page.can.editProfile
                  ? "Name, email, role and status."
                  : "Only owners and admins can change these details."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <EditUserForm
                user={{
                  userId: member.userId,
                  userVersion: member.userVersion,
                  membershipVersion: member.membershipVersion,
                  firstName: member.firstName,
                  lastName: member.lastName,
                  email: member.email,
                  role: member.role,
                  status: member.status,
                }}
                canEditProfile={page.can.editProfile}
                profileNote={
                  page.sharedAccount
                    ? `${page.name} also belongs to another organization: only they can change their name and email, in their account settings.`
                    : undefined
                }
                canChangeRole={page.can.changeRole}
                canSetStatus={page.can.setStatus}
                pendingEmailChange={page.emailChange}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Workspaces</CardTitle>
              <CardDescription>
                A role in a workspace applies to every workspace below it. A role set here may raise
                an inherited one, never lower it.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {member.role === "owner" || member.role === "admin" ? (
                <p className="text-sm text-muted-foreground">
                  As {ORG_ROLE_LABELS[member.role].toLowerCase()}, {name} is a manager of every
                  workspace.
                </p>
              ) : (
                <PersonWorkspaceRoles
                  userId={member.userId}
                  name={name}
                  rows={workspaces.rows}
                  addable={workspaces.addable}
                  roles={workspaces.roles}
                />
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Why can they?</CardTitle>
              <CardDescription>
                Pick a workspace and an action: whether {name} may do it, and which role makes it
                so.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <WhyCanTheyForm userId={member.userId} name={name} why={why} />
            </CardContent>
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardHeader>
              <CardTitle as="h3">Pending invitation</CardTitle>
            </CardHeader>
            <CardContent className="text-sm">
              {invitation ? (
                <p>
                  Invited as {ORG_ROLE_LABELS[invitation.role].toLowerCase()} by{" "}
                  {invitation.inviterEmail} on {formatDateTime(invitation.createdAt)};{" "}
                  {invitation.expiresAt > new Date() ? "expires" : "expired"}{" "}
                  {formatDateTime(invitation.expiresAt)}.
                </p>
              ) : (
                <p className="text-muted-foreground">None.</p>
              )}
            </CardContent>
          </Card>
          {activity ? (
            <Card>
              <CardHeader>
                <CardTitle as="h3">Recent activity</CardTitle>
              </CardHeader>
              <CardContent>
                {activity.length === 0 ? (
                  <p className="text-sm text-muted-foreground">Nothing recorded yet.</p>
                ) : (
                  <ol className="flex flex-col gap-3 text-sm">
                    {activity.map((event) => (
                      <li key={event.id} className="flex flex-col">
                        <span className="font-medium">{event.label}</span>
                        <span className="text-muted-foreground">
                          {event.byThem ? "by them" : `by ${event.actorEmail ?? "someone"}`}
                          {event.byThem && event.targetLabel
                            ? ` · ${event.targetLabel}`
                            : ""} ·{" "}
                          <time dateTime={event.createdAt.toISOString()}>
                            {formatDateTime(event.createdAt)}
                          </time>
                        </span>
                      </li>
                    ))}
                  </ol>
                )}
              </CardContent>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
