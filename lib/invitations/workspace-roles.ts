import "server-only";
import { ActionError, type Tx } from "@/lib/actions/pipeline";
import type { RoleKey, RoleToGive, WorkspaceRole, WorkspaceTree } from "@/lib/permissions";
import { resolveRoleKey, storedRole, type ResolvedRole } from "@/lib/roles";

/** A workspace of an invitation with its chosen role resolved: as stored, and as the matrix sees it. */
export interface ResolvedWorkspaceRole {
  workspaceId: string;
  role: WorkspaceRole;
  customRoleId: string | null;
  customRole: { id: string; name: string } | null;
  /** "Member", or the custom role's name. */
  label: string;
  give: RoleToGive;
}

/**
 * The roles chosen for `workspaces` (the form's rows, in order), resolved in the caller's
 * transaction — each distinct role key once, however many rows share it. Only the rows whose
 * workspace is in `only` are resolved when it is given (an edit's added and changed rows). A custom
 * role of another organization, or deleted meanwhile, refuses the whole submission with ROLE_GONE
 * on every row that chose it (`workspaces.<index>.role`), so nothing is written.
 */
export async function resolveWorkspaceRoles(
  tx: Tx,
  organizationId: string,
  workspaces: readonly { workspaceId: string; role: RoleKey }[],
  only?: ReadonlySet<string>,
): Promise<ResolvedWorkspaceRole[]> {
  const rows = workspaces
    .map((w, index) => ({ ...w, index }))
    .filter((w) => !only || only.has(w.workspaceId));
  const keys = [...new Set(rows.map((w) => w.role))];
  const resolved = new Map<RoleKey, ResolvedRole>();
  for (const key of keys) {
    try {
      resolved.set(key, await resolveRoleKey(tx, organizationId, key));
    } catch (error) {
      if (!(error instanceof ActionError)) throw error;
      const fieldErrors: Record<string, string[]> = {};
      for (const row of rows) {
        if (row.role === key) fieldErrors[`workspaces.${row.index}.role`] = [error.message];
      }
      throw new ActionError(error.message, fieldErrors);
    }
  }
  return rows.map((row) => {
    const role = resolved.get(row.role)!;
    return {
      workspaceId: row.workspaceId,
      ...storedRole(role),
      customRole: role.customRole ? { id: role.customRole.id, name: role.customRole.name } : null,
      label: role.label,
      give: role.give,
    };
  });
}

/** The matrix's view of the roles an invitation gives: none may exceed the giver's there. */
export function rolesToGive(workspaces: readonly ResolvedWorkspaceRole[]) {
  return workspaces.map((w) => ({ workspaceId: w.workspaceId, role: w.give }));
}

/** Invitation workspaces with their role, as the audit trail records them: by path, custom roles named. */
export function workspacesForAudit(
  workspaces: readonly {
    workspaceId: string;
    role: WorkspaceRole;
    customRole?: { id: string; name: string } | null;
  }[],
  tree: WorkspaceTree,
): { name: string; role: WorkspaceRole; customRole?: string }[] {
  return workspaces.map((w) => ({
    name: tree.path(w.workspaceId),
    role: w.role,
    ...(w.customRole ? { customRole: w.customRole.name } : {}),
  }));
}
