import "server-only";
import { getDb } from "@/lib/db";
import {
  can,
  effectiveMembershipStatus,
  effectiveWorkspaceRoles,
  workspaceAccessOf,
  type Actor,
  type EffectiveWorkspaceRole,
  type WorkspaceTree,
} from "@/lib/permissions";
import {
  getGrantsThatCount,
  getWorkspaceMemberCounts,
  getWorkspaceRow,
  getWorkspaceTree,
} from "@/lib/request/workspace-tree";
import { getCaller } from "@/lib/auth/caller";
import { deletionSummary, type WorkspaceDeletion } from "./counts";
import { pendingJoinRequestsFor, type JoinRequestRow } from "./join-requests";
import { NO_PEOPLE, workspacePeople, type WorkspacePeople } from "./members";
import {
  mayChangeRolesIn,
  organizationRoles,
  roleOptionsIn,
  type RoleOption,
} from "./role-options";
import type { WorkspacePageQuery } from "./schemas";
import { moveDestinations, workspaceTarget } from "./tree";

export interface WorkspaceDetail extends Omit<WorkspacePeople, "canAdd"> {
  workspace: {
    id: string;
    name: string;
    parentId: string | null;
    version: number;
    path: string;
    ancestors: { id: string; name: string }[];
  };
  /**
   * The viewer's effective role here (owners/admins: manager, source "organization"), with the
   * custom role when it is one.
   */
  myRole: EffectiveWorkspaceRole | null;
  /**
   * The roles the viewer may give here (adding someone, changing a role, approving a request):
   * none above their own here, none with a permission they lack here. Empty when they may do none
   * of these.
   */
  roleOptions: RoleOption[];
  /**
   * full: members and all; guest: chat-only, so no member list; none: no role here, so only what
   * is needed to ask to join.
   */
  access: "full" | "guest" | "none";
  memberCount: number;
  children: { id: string; name: string; memberCount: number }[];
  joinRequests: JoinRequestRow[];
  /** The viewer's own pending request to join, when they have no role here. */
  myPendingRequest: { createdAt: Date } | null;
  /** Where the viewer may move this workspace (null = top level). */
  moveDestinations: { parentId: string | null; label: string }[];
  /** What deleting it takes with it (when the viewer may delete it). */
  deletion: WorkspaceDeletion | null;
  can: {
    createSub: boolean;
    rename: boolean;
    move: boolean;
    delete: boolean;
    decideJoinRequests: boolean;
    /** The viewer may add people here. */
    addMembers: boolean;
    /** The viewer may add people here, or change someone's role here. */
    manageMembers: boolean;
  };
}

const FIRST_PAGE: WorkspacePageQuery = { page: 1, q: undefined, find: undefined };

/**
 * One workspace as the caller may see it, or null when it is not in their organization.
 * Permissions come from the matrix; the inheritance from lib/permissions.
 */
export async function workspaceDetailFor(
  actor: Actor,
  workspaceId: string,
  query: WorkspacePageQuery = FIRST_PAGE,
): Promise<WorkspaceDetail | null> {
  const db = await getDb();
  const organizationId = actor.organizationId;
  const [found, tree, grants, caller] = await Promise.all([
    getWorkspaceRow(organizationId, workspaceId),
    getWorkspaceTree(organizationId),
    getGrantsThatCount(actor),
    getCaller(),
  ]);
  const row = found && {
    id: found.id,
    name: found.name,
    parentId: found.parentId,
    version: found.version,
  };
  // The caller's own organization, read with their session.
  const organization =
    caller?.membership.organization.id === organizationId
      ? caller.membership.organization
      : undefined;
  if (!row || !organization || !tree.has(workspaceId)) return null;

  const myRole = effectiveWorkspaceRoles(tree, grants, actor.orgRole).get(workspaceId) ?? null;
  const access = myRole === null ? "none" : workspaceAccessOf(myRole.role);
  const here = workspaceTarget(actor, workspaceId);
  const allowed = {
    createSub: can(actor, "workspaces.createSub", here),
    rename: can(actor, "workspaces.rename", here),
    delete: can(actor, "workspaces.delete", here),
    decideJoinRequests: can(actor, "joinRequests.decide", here),
  };
  // Whether the viewer may give roles here in some way: then the forms need the roles to offer.
  const givesRoles =
    access === "full" &&
    (allowed.decideJoinRequests ||
      mayChangeRolesIn(actor, workspaceId, "add") ||
      mayChangeRolesIn(actor, workspaceId, "change"));
  const children = tree.children(workspaceId);
  const destinations = access === "none" ? [] : moveDestinationsFor(actor, tree, row);
  const [counts, myPendingRequest, deletion, joinRequests, people, roles] = await Promise.all([
    getWorkspaceMemberCounts(organizationId),
    access === "none"
      ? db.joinRequest.findFirst({
          where: {
            organizationId,
            workspaceId,
            membershipId: actor.membershipId,
            status: "pending",
          },
          select: { createdAt: true },
        })
      : null,
    access !== "none" && allowed.delete
      ? deletionSummary(db, organizationId, tree, workspaceId)
      : null,
    access !== "none" && allowed.decideJoinRequests
      ? pendingJoinRequestsFor(actor, workspaceId)
      : [],
    access === "full"
      ? workspacePeople({
          db,
          actor,
          tree,
          workspaceId,
          query,
          memberCount: found.memberCount,
          status: (stored, role) =>
            effectiveMembershipStatus(stored, role, organization.subscriptionActiveUntil),
        })
      : NO_PEOPLE,
    givesRoles ? organizationRoles(actor) : [],
  ]);
  const { canAdd, ...listed } = people;
  return {
    workspace: {
      ...row,
      path: tree.path(workspaceId),
      ancestors: tree
        .ancestors(workspaceId)
        .reverse()
        .map((a) => ({ id: a.id, name: a.name })),
    },
    myRole,
    roleOptions: roleOptionsIn(actor, workspaceId, roles),
    access,
    memberCount: counts.get(workspaceId) ?? 0,
    children:
      access === "none"
        ? []
        : children.map((c) => ({ id: c.id, name: c.name, memberCount: counts.get(c.id) ?? 0 })),
    ...listed,
    joinRequests,
    myPendingRequest,
    moveDestinations: destinations,
    deletion,
    can: {
      ...allowed,
      move: destinations.length > 0,
      addMembers: canAdd,
      manageMembers: canAdd || listed.members.some((m) => m.canChange || m.canRemove),
    },
  };
}

/**
 * Where the viewer may move a workspace: every place the tree allows, where the matrix lets them
 * move it out of its current parent and into the new one (a manager: both must be theirs).
 */
function moveDestinationsFor(
  actor: Actor,
  tree: WorkspaceTree,
  workspace: { id: string; parentId: string | null },
): WorkspaceDetail["moveDestinations"] {
  return moveDestinations(tree, workspace.id)
    .filter((parentId) =>
      can(
        actor,
        "workspaces.move",
        workspaceTarget(actor, workspace.parentId, { newParentId: parentId }),
      ),
    )
    .map((parentId) => ({
      parentId,
      label: parentId === null ? "Top level" : tree.path(parentId),
    }))
    .sort((a, b) =>
      a.parentId === null ? -1 : b.parentId === null ? 1 : a.label.localeCompare(b.label),
    );
}

/** A workspace's name, for the page title; null when it is not in the caller's organization. */
export async function workspaceNameFor(actor: Actor, workspaceId: string): Promise<string | null> {
  const tree = await getWorkspaceTree(actor.organizationId);
  return tree.get(workspaceId)?.name ?? null;
}
