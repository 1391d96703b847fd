import "server-only";
import { can, effectiveWorkspaceRoles, type Actor, type RoleKey } from "@/lib/permissions";
import { userTarget, type TargetMember } from "@/lib/people";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { choicesFor, roleOption, type RoleChoice } from "@/lib/roles";
import { workspaceChangeTarget } from "./role-change";
import {
  mayChangeRolesIn,
  organizationRoles,
  roleShown,
  type RoleOption,
  type RoleShown,
} from "./role-options";

export interface PersonWorkspaceRoleRow {
  workspaceId: string;
  path: string;
  /** Their own role here, if any (it may be outranked by an inherited one). */
  explicitRole: RoleShown | null;
  /** The role in effect here: their own, or the one inherited. */
  effectiveRole: RoleShown;
  /** The ancestor's name, when the role in effect here is inherited from it. */
  inheritedFrom: string | null;
  /** The viewer may give them a role of their own here (change it, or raise an inherited one). */
  canChange: boolean;
  /** The viewer may take their own role here away. */
  canRemove: boolean;
  /** The roles the viewer may give here: keys of `roles`, or "all" of them. */
  choices: RoleKey[] | "all";
}

export interface PersonWorkspaceRoles {
  /** Every workspace where the person has a role, explicit or inherited, by path. */
  rows: PersonWorkspaceRoleRow[];
  /** Workspaces the viewer may add them to (where they have no role yet), with the roles to give. */
  addable: { id: string; path: string; choices: RoleKey[] | "all" }[];
  /** Every workspace role of the organization, as the forms offer them: built-in, then custom. */
  roles: RoleOption[];
}

/** A person's workspace roles as Edit user shows them, with what the viewer may change. */
export async function personWorkspaceRoles(
  actor: Actor,
  member: TargetMember,
): Promise<PersonWorkspaceRoles> {
  // Their own roles, custom ones with their names and what they allow, as read with them.
  const grants = member.workspaceGrants;
  const [tree, roles] = await Promise.all([
    getWorkspaceTree(actor.organizationId),
    organizationRoles(actor),
  ]);
  const base = userTarget(actor, member.userId, member);
  const may = (workspaceId: string, operation: "give" | "remove") =>
    can(
      actor,
      "users.setWorkspaceRoles",
      workspaceChangeTarget(
        base,
        tree,
        grants,
        workspaceId,
        operation === "remove" ? "remove" : { give: undefined },
      ),
    );
  const choices = (workspaceId: string): RoleKey[] | "all" =>
    actor.orgRole === "member" ? keys(choicesFor(actor, workspaceId, roles)) : "all";
  const own = new Map(grants.map((g) => [g.workspaceId, g]));
  const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
  const effective = effectiveWorkspaceRoles(tree, grants, member.role);
  const rows = [...effective].flatMap(([workspaceId, role]): PersonWorkspaceRoleRow[] => {
    if (role.source === "organization") return [];
    const explicit = own.get(workspaceId);
    const canChange = may(workspaceId, "give");
    return [
      {
        workspaceId,
        path: tree.path(workspaceId),
        explicitRole: explicit ? roleShown(explicit.role, explicit.customRole) : null,
        effectiveRole: roleShown(role.role, role.customRole),
        inheritedFrom: role.source === "inherited" ? role.inheritedFrom.name : null,
        canChange,
        canRemove: explicit !== undefined && may(workspaceId, "remove"),
        choices: canChange ? choices(workspaceId) : [],
      },
    ];
  });
  // Where they have no role at all, own or inherited: adding them there. (Where they inherit one,
  // giving them their own is a change, on their row.)
  const addable = tree
    .all()
    .filter(
      (w) => !effective.has(w.id) && mayChangeRolesIn(actor, w.id, "add") && may(w.id, "give"),
    )
    .map((w) => ({ id: w.id, path: tree.path(w.id), choices: choices(w.id) }));
  return { rows: rows.sort(byPath), addable: addable.sort(byPath), roles: roles.map(roleOption) };
}

function keys(choices: readonly RoleChoice[]): RoleKey[] {
  return choices.map((c) => c.key);
}
