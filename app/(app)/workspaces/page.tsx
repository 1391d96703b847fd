import { FolderTree } from "lucide-react";
import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { workspaceTreeFor, type WorkspaceTreeNode } from "@/lib/data/workspaces";
import { WORKSPACE_ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Workspaces" };

function Branch({ nodes, level }: { nodes: WorkspaceTreeNode[]; level: number }) {
  return (
    <ul
      role={level === 1 ? "tree" : "group"}
      aria-label={level === 1 ? "Workspaces" : undefined}
      className="flex flex-col"
    >
      {nodes.map((node) => (
        <li
          key={node.id}
          role="treeitem"
          aria-level={level}
          aria-expanded={node.children.length > 0 ? true : undefined}
          aria-selected={false}
        >
          <div
            className="flex items-center gap-3 border-b border-border py-2.5"
            style={{ paddingLeft: `${(level - 1) * 1.5 + 1}rem` }}
          >
            <FolderTree className="size-4 text-muted-foreground" aria-hidden="true" />
            <span className="font-medium text-foreground">{node.name}</span>
            <span className="text-sm text-muted-foreground">
              {node.memberCount} {node.memberCount === 1 ? "member" : "members"}
            </span>
            {node.myRole ? (
              <Badge variant="outline" className="ml-auto mr-4">
                {WORKSPACE_ROLE_LABELS[node.myRole]}
              </Badge>
            ) : null}
          </div>
          {node.children.length > 0 ? <Branch nodes={node.children} level={level + 1} /> : null}
        </li>
      ))}
    </ul>
  );
}

export default async function WorkspacesPage() {
  const actor = await requireActiveActor();
  const tree = actor ? await workspaceTreeFor(actor) : [];
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Workspaces"
        description="How your organization is divided, and your role in each workspace."
      />
      {tree.length === 0 ? (
        <EmptyState
          icon={<FolderTree />}
          title="No workspaces yet"
          description={
            actor && (actor.orgRole === "owner" || actor.orgRole === "admin")
              ? "Workspaces group people into teams and sub-teams. Your organization doesn't have any yet."
              : "You don't belong to any workspace yet. Ask a workspace manager to add you."
          }
          bordered
        />
      ) : (
        <div className="overflow-hidden rounded-lg border border-border [&_li:last-child>div]:border-b-0">
          <Branch nodes={tree} level={1} />
        </div>
      )}
    </div>
  );
}
