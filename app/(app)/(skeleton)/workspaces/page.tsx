import { FolderTree } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { CreateWorkspaceDialog } from "@/components/workspaces/create-workspace-dialog";
import {
  RequestToJoinButton,
  WithdrawRequestButton,
} from "@/components/workspaces/request-to-join";
import { WorkspaceTree } from "@/components/workspaces/workspace-tree";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { workspacesPageFor } from "@/lib/workspaces";
import { formatDateTime } from "@/lib/format";
import { LinkPending } from "@/components/ui/link-pending";

export const metadata: Metadata = { title: "Workspaces" };

export default async function WorkspacesPage() {
  const actor = await requireActiveActor();
  const {
    tree,
    joinable,
    joinRequests: requests,
    managesEverything: everything,
    canCreateTopLevel,
  } = await workspacesPageFor(actor);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Workspaces"
        description={
          everything
            ? "How your organization is divided. As an organization " +
              `${actor.orgRole}, you are a manager of every workspace.`
            : "The workspaces you belong to, and your role in each. A role in a workspace applies to every workspace below it."
        }
        actions={canCreateTopLevel ? <CreateWorkspaceDialog parent={null} /> : null}
      />

      {requests.length > 0 ? (
        <Card id="join-requests" role="region" aria-labelledby="join-requests-title">
          <CardHeader>
            <CardTitle id="join-requests-title">
              Join requests{" "}
              <Badge variant="warning" className="ml-1 align-middle">
                {requests.length} pending
              </Badge>
            </CardTitle>
            <CardDescription>
              People asking to join workspaces you manage. Open the workspace to approve them with a
              role, or to reject them.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="flex flex-col divide-y divide-border">
              {requests.map((request) => (
                <li
                  key={request.id}
                  className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5 text-sm first:pt-0 last:pb-0"
                >
                  <span>
                    <span className="font-medium">{request.name}</span> asks to join{" "}
                    <span className="font-medium">{request.workspacePath}</span>
                    <span className="block text-xs text-muted-foreground">
                      {request.email} · {formatDateTime(request.createdAt)}
                    </span>
                  </span>
                  <Link
                    href={`/workspaces/${request.workspaceId}#join-requests`}
                    className="rounded text-sm font-medium text-link underline-offset-4 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                  >
                    Review
                    <LinkPending />
                    <span className="sr-only">
                      {" "}
                      {request.name}&apos;s request to join {request.workspacePath}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      {tree.length === 0 ? (
        <EmptyState
          icon={<FolderTree />}
          title={everything ? "No workspaces yet" : "You're not in any workspace yet"}
          description={
            everything
              ? "Workspaces group people into teams and sub-teams. Create the first one to start."
              : joinable.length > 0
                ? "Ask to join one of the workspaces below; its managers decide."
                : "Your organization has no workspaces yet. An owner or admin creates them."
          }
          action={canCreateTopLevel ? <CreateWorkspaceDialog parent={null} /> : undefined}
          bordered
        />
      ) : (
        <WorkspaceTree nodes={tree} label="Workspaces" />
      )}

      {joinable.length > 0 ? (
        <Card role="region" aria-labelledby="joinable-title">
          <CardHeader>
            <CardTitle id="joinable-title">Other workspaces</CardTitle>
            <CardDescription>
              Workspaces of your organization you have no role in. Ask to join, and a manager of the
              workspace decides; you&apos;ll get an email either way.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul
              aria-label="Workspaces you may ask to join"
              className="flex flex-col divide-y divide-border"
            >
              {joinable.map((workspace) => (
                <li
                  key={workspace.id}
                  className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 py-2 first:pt-0 last:pb-0"
                >
                  <Link
                    href={`/workspaces/${workspace.id}`}
                    className="rounded text-sm font-medium hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                  >
                    {workspace.path}
                    <LinkPending />
                  </Link>
                  {workspace.requested ? (
                    <span className="flex items-center gap-2">
                      <Badge variant="info">Request pending</Badge>
                      <WithdrawRequestButton workspace={workspace} />
                    </span>
                  ) : (
                    <RequestToJoinButton workspace={workspace} />
                  )}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
