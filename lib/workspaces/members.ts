import {
  effectiveWorkspaceRoles,
  type EffectiveWorkspaceRole,
  type OrgRole,
  type WorkspaceGrant,
  type WorkspaceTree,
} from "@/lib/permissions";

// Pure helpers over the workspace tree (no database): the data layer feeds them rows.

export interface PersonWithGrants {
  membershipId: string;
  orgRole: OrgRole;
  grants: readonly WorkspaceGrant[];
}

/**
 * The people with a role in `workspaceId` and what that role is (lib/permissions decides): an
 * explicit role there, or one inherited from the ancestor that grants the highest. Owners and
 * admins come back with source "organization".
 */
export function effectiveRolesIn<P extends PersonWithGrants>(
  tree: WorkspaceTree,
  workspaceId: string,
  people: readonly P[],
): { person: P; effective: EffectiveWorkspaceRole }[] {
  const out: { person: P; effective: EffectiveWorkspaceRole }[] = [];
  for (const person of people) {
    const effective = effectiveWorkspaceRoles(tree, person.grants, person.orgRole).get(workspaceId);
    if (effective) out.push({ person, effective });
  }
  return out;
}

/** Where a person's roles reach: their explicit workspaces and everything below them. */
export function reachOf(tree: WorkspaceTree, grants: readonly { workspaceId: string }[]): string[] {
  const reach = new Set<string>();
  for (const { workspaceId } of grants) {
    if (!tree.has(workspaceId)) continue;
    reach.add(workspaceId);
    for (const node of tree.descendants(workspaceId)) reach.add(node.id);
  }
  return [...reach];
}

/**
 * The workspaces whose members a workspace manager may see and act on: the ones they manage and
 * those workspaces' ancestors (a role in an ancestor is inherited into theirs).
 */
export function scopeOf(
  tree: WorkspaceTree,
  actor: { managedWorkspaceIds: ReadonlySet<string> },
): string[] {
  const reach = new Set<string>();
  for (const id of actor.managedWorkspaceIds) {
    reach.add(id);
    for (const ancestor of tree.ancestors(id)) reach.add(ancestor.id);
  }
  return [...reach];
}
