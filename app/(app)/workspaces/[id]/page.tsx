import { ArrowLeft, ChevronRight, FolderTree, Lock } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { InviteDialog } from "@/components/invitations/invite-dialog";
import {
  AccessReviewButton,
  workspaceAccessReviewPath,
} from "@/components/people/access-review-button";
import { StatusBadge } from "@/components/ui/status-badge";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { CreateWorkspaceDialog } from "@/components/workspaces/create-workspace-dialog";
import { JoinRequests } from "@/components/workspaces/join-requests";
import {
  RequestToJoinButton,
  WithdrawRequestButton,
} from "@/components/workspaces/request-to-join";
import { WorkspaceMembers } from "@/components/workspaces/workspace-members";
import {
  DeleteWorkspaceButton,
  MoveWorkspaceForm,
  RenameWorkspaceForm,
} from "@/components/workspaces/workspace-settings";
import { getActor } from "@/lib/auth/caller";
import { requireActiveActor } from "@/lib/auth/require";
import { inviteOptionsFor } from "@/lib/invitations";
import { accessReviewScopeFor } from "@/lib/people";
import {
  WORKSPACE_MEMBERS_PAGE_SIZE,
  workspaceDetailFor,
  workspaceNameFor,
  type WorkspaceDetail,
} from "@/lib/workspaces";
import { ORG_ROLE_LABELS, roleLabel } from "@/lib/permissions";
import { workspacePageQuery } from "@/lib/workspaces";
import { formatDateTime } from "@/lib/format";
import { LinkPending } from "@/components/ui/link-pending";

export async function generateMetadata({
  params,
}: {
  params: Promise<{ id: string }>;
}): Promise<Metadata> {
  const [{ id }, actor] = await Promise.all([params, getActor()]);
  const name = actor && actor.status === "active" ? await workspaceNameFor(actor, id) : null;
  return { title: name ?? "Workspace" };
}

function members(count: number) {
  return `${count} ${count === 1 ? "member" : "members"}`;
}

function yourRole(detail: WorkspaceDetail) {
  const mine = detail.myRole;
  if (!mine) return "You have no role here.";
  const label = roleLabel(mine.role, mine.customRole);
  if (mine.source === "organization") return `Your role: ${label}, as organization owner or admin.`;
  if (mine.source === "inherited")
    return `Your role: ${label}, inherited from ${mine.inheritedFrom.name}.`;
  return `Your role: ${label}.`;
}

export default async function WorkspacePage({
  params,
  searchParams,
}: PageProps<"/workspaces/[id]">) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const actor = await requireActiveActor();
  const query = workspacePageQuery.parse(search);
  const detail = await workspaceDetailFor(actor, id, query);
  if (!detail) notFound();
  const { workspace, can } = detail;
  const showSettings = can.rename || can.move || can.delete;
  // "Invite to this workspace": the invite modal, with this workspace already chosen.
  const invite = detail.access === "none" ? null : await inviteOptionsFor(actor, workspace.id);
  const accessReview = await accessReviewScopeFor(actor, workspace.id);

  return (
    <div className="flex flex-col gap-6">
      <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
        <ol className="flex flex-wrap items-center gap-1.5">
          <li>
            <Link
              href="/workspaces"
              className="inline-flex items-center gap-1.5 rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              <ArrowLeft className="size-4" aria-hidden="true" /> Workspaces
            </Link>
          </li>
          {workspace.ancestors.map((ancestor) => (
            <li key={ancestor.id} className="flex items-center gap-1.5">
              <ChevronRight className="size-3.5" aria-hidden="true" />
              <Link
                href={`/workspaces/${ancestor.id}`}
                className="rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
              >
                {ancestor.name}
                <LinkPending />
              </Link>
            </li>
          ))}
          <li className="flex items-center gap-1.5">
            <ChevronRight className="size-3.5" aria-hidden="true" />
            <span aria-current="page" className="font-medium text-foreground">
              {workspace.name}
            </span>
          </li>
        </ol>
      </nav>

      <PageHeader
        title={workspace.name}
        description={
          detail.access === "none"
            ? workspace.path
            : `${members(detail.memberCount)} · ${yourRole(detail)}`
        }
        actions={
          can.createSub || invite || accessReview ? (
            <>
              {accessReview ? (
                <AccessReviewButton
                  href={workspaceAccessReviewPath(workspace.id)}
                  scope={`${workspace.path} and the workspaces below it`}
                />
              ) : null}
              {can.createSub ? (
                <CreateWorkspaceDialog
                  parent={{ id: workspace.id, path: workspace.path }}
                  variant="outline"
                />
              ) : null}
              {invite ? (
                <InviteDialog
                  canChooseRole={invite.canChooseRole}
                  workspaceRequired={invite.workspaceRequired}
                  choices={{ roles: invite.roles, workspaces: invite.workspaces }}
                  intoWorkspaceId={workspace.id}
                  triggerLabel="Invite to this workspace"
                />
              ) : null}
            </>
          ) : null
        }
      />

      {detail.access === "none" ? (
        <EmptyState
          icon={<Lock />}
          title={`You're not in ${workspace.name}`}
          description={
            detail.myPendingRequest
              ? `You asked to join on ${formatDateTime(detail.myPendingRequest.createdAt)}. A manager of it will approve or reject your request, and you'll get an email either way.`
              : "Ask to join, and a manager of this workspace will approve or reject your request."
          }
          action={
            detail.myPendingRequest ? (
              <span className="flex flex-wrap items-center justify-center gap-2">
                <Badge variant="info">Request pending</Badge>
                <WithdrawRequestButton workspace={{ id: workspace.id, path: workspace.path }} />
              </span>
            ) : actor.orgRole === "member" ? (
              <RequestToJoinButton
                workspace={{ id: workspace.id, path: workspace.path }}
                variant="primary"
                size="md"
              />
            ) : undefined
          }
          bordered
        />
      ) : (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
          <div className="flex min-w-0 flex-col gap-6">
            {can.decideJoinRequests ? (
              <Card id="join-requests" role="region" aria-labelledby="join-requests-title">
                <CardHeader>
                  <CardTitle id="join-requests-title">Join requests</CardTitle>
                  <CardDescription>
                    Approve with a role, or reject. The person gets an email either way.
                  </CardDescription>
                </CardHeader>
                <CardContent>
                  <JoinRequests
                    workspace={workspace.name}
                    roleOptions={detail.roleOptions}
                    requests={detail.joinRequests.map((r) => ({
                      id: r.id,
                      name: r.name,
                      email: r.email,
                      message: r.message,
                      requestedAt: formatDateTime(r.createdAt),
                      requestedAtIso: r.createdAt.toISOString(),
                    }))}
                  />
                </CardContent>
              </Card>
            ) : null}

            <Card role="region" aria-labelledby="members-title">
              <CardHeader>
                <CardTitle id="members-title">Members</CardTitle>
                <CardDescription>
                  A role in a workspace applies to every workspace below it. A role set here may
                  raise an inherited one, never lower it.
                </CardDescription>
              </CardHeader>
              <CardContent className="flex flex-col gap-6">
                {detail.access === "guest" ? (
                  <p className="text-sm text-muted-foreground">
                    As a guest you take part only in the conversations you are pulled into, so the
                    member list isn&apos;t shown to you.
                  </p>
                ) : (
                  <>
                    <WorkspaceMembers
                      workspace={{ id: workspace.id, name: workspace.name }}
                      members={detail.members}
                      memberList={detail.memberList}
                      pageSize={WORKSPACE_MEMBERS_PAGE_SIZE}
                      addable={detail.addable}
                      canAdd={can.addMembers}
                      roleOptions={detail.roleOptions}
                    />
                    {detail.organizationManagers.length > 0 ? (
                      <section aria-labelledby="org-managers-title" className="flex flex-col gap-2">
                        <h3 id="org-managers-title" className="text-sm font-semibold">
                          Managers through the organization
                        </h3>
                        <p className="text-[13px] text-muted-foreground">
                          The organization&apos;s owner and admins are managers of every workspace.
                        </p>
                        <ul className="flex flex-col divide-y divide-border text-sm">
                          {detail.organizationManagers.map((person) => (
                            <li
                              key={person.userId}
                              className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2"
                            >
                              <span>
                                <span className="font-medium">{person.name}</span>{" "}
                                <span className="text-muted-foreground">{person.email}</span>
                              </span>
                              <span className="flex items-center gap-2">
                                {person.status !== "active" ? (
                                  <StatusBadge status={person.status} />
                                ) : null}
                                <Badge variant="outline">
                                  Manager · {ORG_ROLE_LABELS[person.orgRole]}
                                </Badge>
                              </span>
                            </li>
                          ))}
                        </ul>
                        {detail.organizationManagersTotal > detail.organizationManagers.length ? (
                          <p className="text-[13px] text-muted-foreground">
                            {`And ${detail.organizationManagersTotal - detail.organizationManagers.length} more admins.`}
                          </p>
                        ) : null}
                      </section>
                    ) : null}
                  </>
                )}
              </CardContent>
            </Card>
          </div>

          <div className="flex min-w-0 flex-col gap-6">
            <Card role="region" aria-labelledby="sub-workspaces-title">
              <CardHeader>
                <CardTitle as="h2" id="sub-workspaces-title">
                  Sub-workspaces
                </CardTitle>
              </CardHeader>
              <CardContent>
                {detail.children.length === 0 ? (
                  <p className="text-sm text-muted-foreground">
                    None yet.
                    {can.createSub ? " Use “New sub-workspace” to add one." : ""}
                  </p>
                ) : (
                  <ul className="flex flex-col gap-1">
                    {detail.children.map((child) => (
                      <li key={child.id}>
                        <Link
                          href={`/workspaces/${child.id}`}
                          className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                        >
                          <FolderTree
                            className="size-4 shrink-0 text-muted-foreground"
                            aria-hidden="true"
                          />
                          <span className="font-medium">
                            {child.name}
                            <LinkPending />
                          </span>
                          <span className="ml-auto text-muted-foreground">
                            {members(child.memberCount)}
                          </span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>

            {showSettings ? (
              <Card role="region" aria-labelledby="settings-title">
                <CardHeader>
                  <CardTitle id="settings-title">Settings</CardTitle>
                </CardHeader>
                <CardContent className="flex flex-col gap-6">
                  {can.rename ? (
                    <RenameWorkspaceForm
                      workspace={{
                        id: workspace.id,
                        name: workspace.name,
                        version: workspace.version,
                      }}
                    />
                  ) : null}
                  {can.move ? (
                    <MoveWorkspaceForm
                      key={workspace.version}
                      workspace={{
                        id: workspace.id,
                        name: workspace.name,
                        version: workspace.version,
                      }}
                      destinations={detail.moveDestinations}
                    />
                  ) : null}
                  {can.delete && detail.deletion ? (
                    <section
                      aria-labelledby="danger-title"
                      className="flex flex-col gap-3 rounded-lg border border-danger/30 bg-danger/5 p-4"
                    >
                      <h3 id="danger-title" className="text-sm font-semibold text-danger">
                        Danger zone
                      </h3>
                      <p className="text-[13px] text-muted-foreground">
                        Deleting removes this workspace, everything below it, and everyone&apos;s
                        roles in them.
                      </p>
                      <div>
                        <DeleteWorkspaceButton
                          workspace={{ id: workspace.id, name: workspace.name }}
                          deletion={detail.deletion}
                        />
                      </div>
                    </section>
                  ) : null}
                </CardContent>
              </Card>
            ) : null}
          </div>
        </div>
      )}
    </div>
  );
}
