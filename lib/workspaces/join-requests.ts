import "server-only";
import { getDb } from "@/lib/db";
import {
  can,
  effectiveWorkspaceRoles,
  permissionsFor,
  personaOf,
  workspacesWhere,
  type Actor,
} from "@/lib/permissions";
import { displayName } from "@/lib/people";
import {
  getWorkspaceGrants,
  getWorkspaceRows,
  getWorkspaceTree,
} from "@/lib/request/workspace-tree";
import { workspaceTarget } from "./tree";

export interface JoinableWorkspace {
  id: string;
  path: string;
  /** The caller already asked to join and is waiting for a decision. */
  requested: boolean;
}

/**
 * The workspaces the caller may ask to join: every workspace of the organization where they have
 * no role, explicit or inherited. Owners and admins are managers everywhere: none.
 */
export async function joinableWorkspacesFor(actor: Actor): Promise<JoinableWorkspace[]> {
  if (actor.orgRole !== "member") return [];
  const db = await getDb();
  const [tree, grants, requests] = await Promise.all([
    getWorkspaceTree(actor.organizationId),
    getWorkspaceGrants(actor.membershipId),
    db.joinRequest.findMany({
      where: {
        organizationId: actor.organizationId,
        membershipId: actor.membershipId,
        status: "pending",
      },
      select: { workspaceId: true },
    }),
  ]);
  const roles = effectiveWorkspaceRoles(tree, grants, actor.orgRole);
  const requested = new Set(requests.map((r) => r.workspaceId));
  return tree
    .byPath()
    .filter((w) => !roles.has(w.id))
    .map((w) => ({ ...w, requested: requested.has(w.id) }));
}

export interface JoinRequestRow {
  id: string;
  workspaceId: string;
  workspacePath: string;
  userId: string;
  name: string;
  email: string;
  message: string | null;
  createdAt: Date;
}

/**
 * Pending join requests the caller may decide (owners and admins: all; anyone else: those for the
 * workspaces where they hold "Approve join requests", as manager or through a custom role), oldest
 * first; optionally only one workspace's.
 */
export async function pendingJoinRequestsFor(
  actor: Actor,
  workspaceId?: string,
): Promise<JoinRequestRow[]> {
  if (personaOf(actor) === "member") return [];
  const db = await getDb();
  const [tree, requests] = await Promise.all([
    getWorkspaceTree(actor.organizationId),
    db.joinRequest.findMany({
      where: {
        organizationId: actor.organizationId,
        status: "pending",
        ...(workspaceId ? { workspaceId } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        workspaceId: true,
        message: true,
        createdAt: true,
        membership: {
          select: { user: { select: { id: true, email: true, firstName: true, lastName: true } } },
        },
      },
    }),
  ]);
  return requests
    .filter((r) => can(actor, "joinRequests.decide", workspaceTarget(actor, r.workspaceId)))
    .map((r) => ({
      id: r.id,
      workspaceId: r.workspaceId,
      workspacePath: tree.path(r.workspaceId),
      userId: r.membership.user.id,
      name: displayName(r.membership.user),
      email: r.membership.user.email,
      message: r.message,
      createdAt: r.createdAt,
    }));
}

/** How many pending join requests wait for the caller's decision (0 for those who decide none). */
export async function pendingJoinRequestCount(actor: Actor): Promise<number> {
  const persona = personaOf(actor);
  if (persona === "member") return 0;
  // Counted per workspace with the workspace rows (read once per catalog version).
  const rows = await getWorkspaceRows(actor.organizationId);
  const decidable =
    persona === "owner" || persona === "admin"
      ? null
      : // Where they hold the permission to decide (own or inherited), as the matrix reads it.
        new Set(
          workspacesWhere(actor, permissionsFor("joinRequests.decide")).filter((id) =>
            can(actor, "joinRequests.decide", workspaceTarget(actor, id)),
          ),
        );
  let count = 0;
  for (const row of rows) {
    if (!decidable || decidable.has(row.id)) count += row.pendingJoinRequests;
  }
  return count;
}
