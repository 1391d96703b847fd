import {
  effectiveWorkspaceRoles,
  type EffectiveWorkspaceRole,
  type OrgRole,
  type WorkspaceGrant,
  type WorkspaceTree,
} from "@/lib/permissions";

// Pure helpers over the workspace tree (no database): the data layer feeds them rows.

/**
 * How many people have a role in each workspace, explicit there or inherited from an ancestor.
 * Owners and admins, who are managers of every workspace, are not counted (pass only members'
 * grants). Someone with roles at several levels counts once.
 */
export function effectiveMemberCounts(
  tree: WorkspaceTree,
  grants: readonly { workspaceId: string; membershipId: string }[],
): Map<string, number> {
  const explicit = new Map<string, string[]>();
  for (const grant of grants) {
    const list = explicit.get(grant.workspaceId) ?? [];
    list.push(grant.membershipId);
    explicit.set(grant.workspaceId, list);
  }
  const counts = new Map<string, number>();
  const visit = (parentId: string | null, inherited: ReadonlySet<string>) => {
    for (const node of tree.children(parentId)) {
      if (counts.has(node.id)) continue;
      const here = new Set(inherited);
      for (const membershipId of explicit.get(node.id) ?? []) here.add(membershipId);
      counts.set(node.id, here.size);
      visit(node.id, here);
    }
  };
  visit(null, new Set());
  for (const node of tree.all()) if (!counts.has(node.id)) counts.set(node.id, 0);
  return counts;
}

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
