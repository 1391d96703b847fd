import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StatusBadge } from "@/components/ui/status-badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import { requireActiveActor } from "@/lib/auth/require";
import { displayName, findTargetMember, loadWorkspaceTree, userTarget } from "@/lib/people/queries";
import { getDb } from "@/lib/db";
import {
  can,
  effectiveMembershipStatus,
  effectiveWorkspaceRoles,
  ORG_ROLE_LABELS,
  WORKSPACE_ROLE_LABELS,
} from "@/lib/permissions";
import { EditUserForm } from "@/components/people/edit-user-form";
import { WorkspaceRoles, type WorkspaceRoleRow } from "@/components/workspaces/person-workspace-roles";

export const metadata: Metadata = { title: "Edit user" };

const dateTime = (d: Date) =>
  d.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";

export default async function EditUserPage({ params }: PageProps<"/users/[id]">) {
  const { id } = await params;
  const actor = await requireActiveActor();
  if (!actor) notFound();
  const db = await getDb();
  const member = await findTargetMember(db, actor.organizationId, id);
  const target = userTarget(actor, id, member);
  if (!member || !can(actor, "users.view", target)) notFound();

  const [tree, grants, organization, invitation, activity] = await Promise.all([
    loadWorkspaceTree(db, actor.organizationId),
    db.workspaceMembership.findMany({
      where: { membershipId: member.membershipId },
      select: { workspaceId: true, role: true },
    }),
    db.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { subscriptionActiveUntil: true },
    }),
    db.invitation.findFirst({
      where: { organizationId: actor.organizationId, email: member.email, status: "pending" },
      select: { id: true, role: true, expiresAt: true, createdAt: true, inviterEmail: true },
    }),
    db.auditEvent.findMany({
      where: {
        organizationId: actor.organizationId,
        OR: [{ targetId: member.userId }, { actorId: member.userId }],
      },
      orderBy: { createdAt: "desc" },
      take: 15,
      select: {
        id: true,
        action: true,
        actorEmail: true,
        actorId: true,
        targetLabel: true,
        createdAt: true,
      },
    }),
  ]);

  const canEditProfile = can(actor, "users.editProfile", target);
  const canChangeRole = can(actor, "users.changeOrgRole", {
    ...target,
    newRole: member.role === "admin" ? "member" : "admin",
  });
  const canSetStatus = can(actor, "users.setStatus", target);
  const effective = effectiveWorkspaceRoles(tree, grants, member.role);
  const explicitRole = new Map(grants.map((g) => [g.workspaceId, g.role]));
  const rows: WorkspaceRoleRow[] = [...effective.entries()]
    .filter(([, e]) => e.source !== "organization")
    .map(([workspaceId, e]) => ({
      workspaceId,
      path: tree.path(workspaceId),
      explicitRole: explicitRole.get(workspaceId) ?? null,
      effectiveRole: e.role,
      inheritedFrom: e.source === "inherited" ? e.inheritedFrom.name : null,
      editable: can(actor, "users.setWorkspaceRoles", { ...target, workspaceId }),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const addable = tree
    .all()
    .filter(
      (w) =>
        !explicitRole.has(w.id) &&
        can(actor, "users.setWorkspaceRoles", { ...target, workspaceId: w.id }),
    )
    .map((w) => ({ id: w.id, path: tree.path(w.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const status = effectiveMembershipStatus(
    member.status,
    member.role,
    organization.subscriptionActiveUntil,
  );
  const name = displayName(member);

  return (
    <div className="flex flex-col gap-6">
      <Link
        href="/users"
        className="inline-flex w-fit items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> Users
      </Link>
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
                {canEditProfile
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
                canEditProfile={canEditProfile}
                canChangeRole={canChangeRole}
                canSetStatus={canSetStatus}
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
                <WorkspaceRoles
                  userId={member.userId}
                  name={name}
                  rows={rows}
                  addable={addable}
                  roleLabels={WORKSPACE_ROLE_LABELS}
                />
              )}
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
                  {invitation.inviterEmail} on {dateTime(invitation.createdAt)};{" "}
                  {invitation.expiresAt > new Date() ? "expires" : "expired"}{" "}
                  {dateTime(invitation.expiresAt)}.
                </p>
              ) : (
                <p className="text-muted-foreground">None.</p>
              )}
            </CardContent>
          </Card>
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
                      <span className="font-medium">
                        {AUDIT_ACTIONS[event.action as AuditAction] ?? event.action}
                      </span>
                      <span className="text-muted-foreground">
                        {event.actorId === member.userId
                          ? "by them"
                          : `by ${event.actorEmail ?? "someone"}`}
                        {event.actorId === member.userId && event.targetLabel
                          ? ` · ${event.targetLabel}`
                          : ""}{" "}
                        ·{" "}
                        <time dateTime={event.createdAt.toISOString()}>
                          {dateTime(event.createdAt)}
                        </time>
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </div>
  );
}
