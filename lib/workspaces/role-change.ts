import {
  effectiveWorkspaceRoles,
  roleLabel,
  workspaceRoleRank,
  WORKSPACE_ROLE_LABELS,
  type CustomRoleRef,
  type RoleToGive,
  type UserTarget,
  type WorkspaceGrant,
  type WorkspaceRole,
  type WorkspaceTree,
} from "@/lib/permissions";

/** What is done to a person's role in a workspace: a role given (added or changed), or taken away. */
export type RoleOperation = { give: RoleToGive | undefined } | "remove";

/**
 * users.setWorkspaceRoles' target for one workspace, from the person's own grants: "add" when they
 * have no role there yet (own or inherited), "change" when they have one, "remove"; the rank of
 * the role they have there now (nobody changes or removes someone who outranks them); the role
 * given (no higher than the giver's own, with no permission the giver lacks there). Only their own
 * grants count here, also for owners and admins (whom only an "all" grant reaches anyway).
 */
export function workspaceChangeTarget(
  base: UserTarget,
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  workspaceId: string,
  operation: RoleOperation,
): UserTarget {
  const current = effectiveWorkspaceRoles(tree, grants).get(workspaceId);
  return {
    ...base,
    workspaceId,
    change: operation === "remove" ? "remove" : current ? "change" : "add",
    ...(operation !== "remove" && operation.give ? { role: operation.give } : {}),
    ...(current ? { currentRank: workspaceRoleRank(current.role) } : {}),
  };
}

/** Two grants are the same role: the same base role and the same custom role (or none). */
export function sameRole(
  a: { role: WorkspaceRole; customRole?: Pick<CustomRoleRef, "id"> | null },
  b: { role: WorkspaceRole; customRole?: Pick<CustomRoleRef, "id"> | null },
): boolean {
  return a.role === b.role && (a.customRole?.id ?? null) === (b.customRole?.id ?? null);
}

/** A role in a sentence: "member" (a built-in role, lower case), or a custom role's own name. */
export function roleInSentence(
  role: WorkspaceRole,
  customRole?: Pick<CustomRoleRef, "name"> | null,
): string {
  return customRole ? customRole.name : WORKSPACE_ROLE_LABELS[role].toLowerCase();
}

/**
 * A role as the audit log records it: the base role, and the custom role's id and name when it is
 * one (what it allowed is the custom role's own history).
 */
export function auditRole(
  grant: { role: WorkspaceRole; customRole?: Pick<CustomRoleRef, "id" | "name"> | null } | null,
): { role: WorkspaceRole | null; customRole?: { id: string; name: string } } {
  if (!grant) return { role: null };
  return {
    role: grant.role,
    ...(grant.customRole
      ? { customRole: { id: grant.customRole.id, name: roleLabel(grant.role, grant.customRole) } }
      : {}),
  };
}
