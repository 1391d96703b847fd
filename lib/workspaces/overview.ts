import "server-only";
import {
  can,
  effectiveWorkspaceRoles,
  roleLabel,
  type Actor,
  type WorkspaceRole,
} from "@/lib/permissions";
import {
  getGrantsThatCount,
  getWorkspaceRows,
  getWorkspaceTree,
} from "@/lib/request/workspace-tree";
import {
  joinableWorkspacesFor,
  pendingJoinRequestsFor,
  type JoinableWorkspace,
  type JoinRequestRow,
} from "./join-requests";
import { workspaceTarget } from "./tree";

export interface WorkspaceTreeNode {
  id: string;
  name: string;
  /** People with a role here, explicit or inherited (owners and admins not counted). */
  memberCount: number;
  /** The viewer's effective role here, or null when they have none (owners/admins: manager). */
  myRole: WorkspaceRole | null;
  /** That role as shown: "Manager", or a custom role's name. */
  myRoleLabel: string | null;
  /** Pending join requests here, when the viewer may decide them (else 0). */
  pendingJoinRequests: number;
  children: WorkspaceTreeNode[];
}

/**
 * The workspace tree as the caller may see it: everything for owners and admins; for others the
 * workspaces where they have an effective role, with the ancestors needed to place them.
 */
export async function workspaceTreeFor(actor: Actor): Promise<WorkspaceTreeNode[]> {
  // The member and pending join request counts come with the tree's rows.
  const [tree, grants, rows] = await Promise.all([
    getWorkspaceTree(actor.organizationId),
    getGrantsThatCount(actor),
    getWorkspaceRows(actor.organizationId),
  ]);
  const roles = effectiveWorkspaceRoles(tree, grants, actor.orgRole);
  const visible = new Set(tree.withAncestors(roles.keys()));
  const rowOf = new Map(rows.map((row) => [row.id, row]));
  const build = (parentId: string | null): WorkspaceTreeNode[] =>
    tree
      .children(parentId)
      .filter((node) => visible.has(node.id))
      .map((node) => {
        const mine = roles.get(node.id);
        return {
          id: node.id,
          name: node.name,
          memberCount: rowOf.get(node.id)?.memberCount ?? 0,
          myRole: mine?.role ?? null,
          myRoleLabel: mine ? roleLabel(mine.role, mine.customRole) : null,
          pendingJoinRequests: can(actor, "joinRequests.decide", workspaceTarget(actor, node.id))
            ? (rowOf.get(node.id)?.pendingJoinRequests ?? 0)
            : 0,
          children: build(node.id),
        };
      });
  return build(null);
}

export interface WorkspacesPage {
  tree: WorkspaceTreeNode[];
  joinable: JoinableWorkspace[];
  joinRequests: JoinRequestRow[];
  /** Owners and admins: they see, and manage, every workspace. */
  managesEverything: boolean;
  canCreateTopLevel: boolean;
}

/** /workspaces for this viewer: their tree, what they may ask to join, requests to decide. */
export async function workspacesPageFor(actor: Actor): Promise<WorkspacesPage> {
  const [tree, joinable, joinRequests] = await Promise.all([
    workspaceTreeFor(actor),
    joinableWorkspacesFor(actor),
    pendingJoinRequestsFor(actor),
  ]);
  return {
    tree,
    joinable,
    joinRequests,
    managesEverything: actor.orgRole === "owner" || actor.orgRole === "admin",
    canCreateTopLevel: can(actor, "workspaces.createTopLevel", {
      kind: "organization",
      organizationId: actor.organizationId,
    }),
  };
}
