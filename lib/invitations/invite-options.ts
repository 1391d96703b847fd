import "server-only";
import {
  can,
  personaOf,
  type Actor,
  type RoleKey,
  type RoleOption,
  type Target,
  type WorkspaceTree,
} from "@/lib/permissions";
import { choicesFor, getCustomRoles, roleChoices, roleOption } from "@/lib/roles";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";

/** A workspace role an invitation may give: a built-in role, or one of the organization's own. */
export type InviteRoleOption = RoleOption;

/** A workspace one may invite into, by path, with the roles one may give there. */
export interface InviteWorkspaceOption {
  id: string;
  path: string;
  /** The keys of the roles one may give there; left out, every role of the choices. */
  roles?: RoleKey[];
}

/** What the invite modal's workspace rows offer: the workspaces, and the roles for each. */
export interface InviteChoices {
  roles: InviteRoleOption[];
  workspaces: InviteWorkspaceOption[];
}

/** What the invite modal offers this viewer. */
export interface InviteOptions extends InviteChoices {
  /** Owners and admins choose the org role; workspace managers invite members only. */
  canChooseRole: boolean;
  /** Workspace managers invite into at least one of their workspaces. */
  workspaceRequired: boolean;
}

/**
 * The workspaces `actor` may invite into, each with the roles they may give there (choicesFor:
 * owners and admins any; anyone else none above their own role there nor with a permission they
 * lack there), and those roles — with `alsoRoles` (an invitation's current ones, still shown).
 */
export async function inviteChoices(
  actor: Actor,
  tree: WorkspaceTree,
  alsoRoles: Iterable<RoleKey> = [],
): Promise<InviteChoices> {
  const choices = roleChoices(await getCustomRoles(actor.organizationId));
  const all = actor.orgRole === "owner" || actor.orgRole === "admin";
  const offered = new Set<RoleKey>([...(all ? choices.map((c) => c.key) : []), ...alsoRoles]);
  const workspaces = tree
    .all()
    .filter((w) => mayInviteInto(actor, w.id))
    .map((w): InviteWorkspaceOption => {
      const option = { id: w.id, path: tree.path(w.id) };
      if (all) return option;
      const roles = choicesFor(actor, w.id, choices).map((c) => c.key);
      for (const key of roles) offered.add(key);
      return { ...option, roles };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return { roles: choices.filter((c) => offered.has(c.key)).map(roleOption), workspaces };
}

function mayInviteInto(actor: Actor, workspaceId: string): boolean {
  return can(actor, "users.invite", {
    kind: "invitation",
    organizationId: actor.organizationId,
    role: "member",
    workspaceIds: [workspaceId],
  });
}

/**
 * The invite modal for this viewer, or null when they may not invite — anywhere, or into
 * `intoWorkspaceId` when it is given ("Invite to this workspace" on a workspace's page).
 */
export async function inviteOptionsFor(
  actor: Actor,
  intoWorkspaceId?: string,
): Promise<InviteOptions | null> {
  const organization: Target = { kind: "organization", organizationId: actor.organizationId };
  if (!can(actor, "users.invite", organization)) return null;
  const tree = await getWorkspaceTree(actor.organizationId);
  if (intoWorkspaceId !== undefined) {
    if (!tree.has(intoWorkspaceId) || !mayInviteInto(actor, intoWorkspaceId)) return null;
  }
  return {
    canChooseRole: can(actor, "invitations.chooseOrgRole", organization),
    workspaceRequired: personaOf(actor) === "manager",
    ...(await inviteChoices(actor, tree)),
  };
}
