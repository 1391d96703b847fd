import "server-only";
import { can, effectiveWorkspaceRoles, type Actor, type WorkspaceRole } from "@/lib/permissions";
import { userTarget, type TargetMember } from "@/lib/people";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

export interface PersonWorkspaceRoleRow {
  workspaceId: string;
  path: string;
  explicitRole: WorkspaceRole | null;
  effectiveRole: WorkspaceRole;
  /** The ancestor's name, when the role in effect here is inherited from it. */
  inheritedFrom: string | null;
  /** The viewer may change or remove this person's role here. */
  editable: boolean;
}

export interface PersonWorkspaceRoles {
  /** Every workspace where the person has a role, explicit or inherited, by path. */
  rows: PersonWorkspaceRoleRow[];
  /** Workspaces the viewer may add them to (where they have no role of their own). */
  addable: { id: string; path: string }[];
}

/** A person's workspace roles as Edit user shows them, with what the viewer may change. */
export async function personWorkspaceRoles(
  actor: Actor,
  member: TargetMember,
): Promise<PersonWorkspaceRoles> {
  const tree = await getWorkspaceTree(actor.organizationId);
  const grants = member.workspaceGrants;
  const target = userTarget(actor, member.userId, member);
  const explicitRole = new Map(grants.map((g) => [g.workspaceId, g.role]));
  const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
  const rows = [...effectiveWorkspaceRoles(tree, grants, member.role)].flatMap(
    ([workspaceId, effective]) =>
      effective.source === "organization"
        ? []
        : [
            {
              workspaceId,
              path: tree.path(workspaceId),
              explicitRole: explicitRole.get(workspaceId) ?? null,
              effectiveRole: effective.role,
              inheritedFrom: effective.source === "inherited" ? effective.inheritedFrom.name : null,
              editable: can(actor, "users.setWorkspaceRoles", { ...target, workspaceId }),
            },
          ],
  );
  const addable = tree
    .all()
    .filter(
      (w) =>
        !explicitRole.has(w.id) &&
        can(actor, "users.setWorkspaceRoles", { ...target, workspaceId: w.id }),
    )
    .map((w) => ({ id: w.id, path: tree.path(w.id) }));
  return { rows: rows.sort(byPath), addable: addable.sort(byPath) };
}
