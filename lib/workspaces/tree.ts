import type { Actor, RoleToGive, Target, WorkspaceNode, WorkspaceTree } from "@/lib/permissions";

/**
 * The database's sibling-unique key (Workspace.siblingKey): two workspaces under the same parent
 * may not share a name, whatever its case.
 */
export function siblingKey(parentId: string | null, name: string): string {
  return `${parentId ?? "root"}/${name.toLowerCase()}`;
}

function where(tree: WorkspaceTree, parentId: string | null): string {
  return parentId === null ? "at the top level" : `in "${tree.path(parentId)}"`;
}

/** The sibling under `parentId` already called `name` (any case), other than `exceptId`. */
export function siblingNamed(
  tree: WorkspaceTree,
  parentId: string | null,
  name: string,
  exceptId?: string,
): WorkspaceNode | undefined {
  const key = siblingKey(parentId, name);
  return tree
    .children(parentId)
    .find((node) => node.id !== exceptId && siblingKey(parentId, node.name) === key);
}

export function nameTakenMessage(tree: WorkspaceTree, parentId: string | null, name: string) {
  return `There is already a workspace named "${name}" ${where(tree, parentId)}.`;
}

export type MoveCheck =
  | { ok: true }
  | {
      ok: false;
      reason: "not_found" | "into_itself" | "into_own_subtree" | "already_there" | "name_taken";
      message: string;
    };

/**
 * Whether `workspaceId` may go under `newParentId` (null = top level) as far as the tree goes:
 * never into itself or anything below it, never onto a sibling of the same name. Who may move
 * what is the permission matrix's business, not this function's.
 */
export function checkWorkspaceMove(
  tree: WorkspaceTree,
  workspaceId: string,
  newParentId: string | null,
): MoveCheck {
  const node = tree.get(workspaceId);
  if (!node || (newParentId !== null && !tree.has(newParentId))) {
    return {
      ok: false,
      reason: "not_found",
      message: "Not found. That workspace may have been deleted.",
    };
  }
  if (newParentId === workspaceId) {
    return { ok: false, reason: "into_itself", message: "A workspace can't be moved into itself." };
  }
  if (newParentId !== null && tree.descendants(workspaceId).some((d) => d.id === newParentId)) {
    return {
      ok: false,
      reason: "into_own_subtree",
      message: `"${node.name}" can't be moved into "${tree.path(newParentId)}": that workspace is inside it.`,
    };
  }
  if (node.parentId === newParentId) {
    return {
      ok: false,
      reason: "already_there",
      message: `"${node.name}" is already ${where(tree, newParentId)}.`,
    };
  }
  if (siblingNamed(tree, newParentId, node.name, workspaceId)) {
    return {
      ok: false,
      reason: "name_taken",
      message: nameTakenMessage(tree, newParentId, node.name),
    };
  }
  return { ok: true };
}

/** Every parent `workspaceId` could move under (null = top level), as far as the tree goes. */
export function moveDestinations(tree: WorkspaceTree, workspaceId: string): (string | null)[] {
  const candidates: (string | null)[] = [null, ...tree.all().map((n) => n.id)];
  return candidates.filter((parentId) => checkWorkspaceMove(tree, workspaceId, parentId).ok);
}

/**
 * The permission target for a workspace (null = the top level). One that isn't in the caller's
 * organization (`exists: false`) is shaped as another tenant's, so the matrix answers "not found".
 */
export function workspaceTarget(
  actor: Pick<Actor, "organizationId">,
  workspaceId: string | null,
  options: { exists?: boolean; newParentId?: string | null; role?: RoleToGive } = {},
): Target {
  return {
    kind: "workspace",
    organizationId: options.exists === false ? "(not in this organization)" : actor.organizationId,
    workspaceId,
    ...(options.newParentId !== undefined ? { newParentId: options.newParentId } : {}),
    // joinRequests.decide, approving: the role given must fit within the caller's own there.
    ...(options.role ? { role: options.role } : {}),
  };
}
