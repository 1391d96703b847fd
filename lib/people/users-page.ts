import "server-only";
import {
  can,
  holdsIn,
  permissionsFor,
  personaOf,
  workspacesWhere,
  type Actor,
  type RoleKey,
  type Target,
  type WorkspaceTree,
} from "@/lib/permissions";
import { getCustomRoles, roleChoices } from "@/lib/roles";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import type { ListStatus, UsersQuery } from "./schemas";
import { organizationAccessReviewAllowed } from "./access-review";
import { listUsers, type UserListRow } from "./users-list";

/** What the viewer may do to a member's row, decided by the permission matrix. */
export interface MemberAbilities {
  edit: boolean;
  changeRole: boolean;
  resetPassword: boolean;
  setStatus: boolean;
  remove: boolean;
}

interface RowBase {
  /** Membership id or invitation id. */
  id: string;
  name: string;
  email: string;
  role: UserListRow["role"];
  status: ListStatus;
  workspaceCount: number;
}

export type UsersPageRow =
  | (RowBase & { kind: "member"; userId: string; abilities: MemberAbilities })
  | (RowBase & {
      kind: "invitation";
      /** The invitation email's fate: queued, sent, or failed (then Resend invitation retries). */
      emailStatus: "queued" | "sent" | "failed" | null;
      /** The viewer may resend or revoke it. */
      canManage: boolean;
    });

export interface UsersPage {
  query: UsersQuery;
  rows: UsersPageRow[];
  total: number;
  pages: number;
  /** The rows shown, as positions in the whole list (1-based; 0 when empty). */
  first: number;
  last: number;
  /** A search or filter is applied. */
  filtered: boolean;
  /** The workspaces the viewer may filter by, by path. */
  workspaces: WorkspaceChoice[];
  /** The workspace roles to filter by: the built-in ones, then the organization's custom roles. */
  workspaceRoles: WorkspaceRoleChoice[];
  can: {
    invite: boolean;
    chooseInviteRole: boolean;
    mustChooseWorkspace: boolean;
    /** Export the whole organization's access review (a manager exports it per workspace). */
    exportAccessReview: boolean;
  };
}

/** A workspace to filter the Users list by, named by its path. */
export interface WorkspaceChoice {
  id: string;
  path: string;
}

/** A workspace role to filter the Users list by. */
export interface WorkspaceRoleChoice {
  key: RoleKey;
  label: string;
  custom: boolean;
}

/** Owners and admins filter by any workspace; anyone else by those whose members they may see. */
function workspaceChoices(actor: Actor, tree: WorkspaceTree): WorkspaceChoice[] {
  const needed = permissionsFor("users.view");
  const all = tree.byPath();
  return actor.orgRole === "member" ? all.filter((w) => holdsIn(actor, w.id, needed)) : [...all];
}

/**
 * The workspaces the viewer may filter the Users list by, by path — what the page's workspace
 * filter loads when it is first used — or null when the viewer may not see the Users list.
 */
export async function workspaceChoicesFor(actor: Actor): Promise<WorkspaceChoice[] | null> {
  const organization: Target = { kind: "organization", organizationId: actor.organizationId };
  if (!can(actor, "users.view", organization)) return null;
  return workspaceChoices(actor, await getWorkspaceTree(actor.organizationId));
}

/** The Users page for this viewer, or null when they may not see it. */
export async function usersPageFor(actor: Actor, query: UsersQuery): Promise<UsersPage | null> {
  const organization: Target = { kind: "organization", organizationId: actor.organizationId };
  if (!can(actor, "users.view", organization)) return null;
  const [{ rows, total }, tree, customRoles] = await Promise.all([
    listUsers(actor, query),
    getWorkspaceTree(actor.organizationId),
    getCustomRoles(actor.organizationId),
  ]);
  // Where the viewer may change someone's workspace roles (owners and admins: anywhere).
  const setsRolesIn = workspacesWhere(actor, permissionsFor("users.setWorkspaceRoles"));
  const pageRows = rows.map((row): UsersPageRow => {
    const base = {
      id: row.id,
      name: `${row.firstName} ${row.lastName}`,
      email: row.email,
      role: row.role,
      status: row.status,
      workspaceCount: row.workspaceCount,
    };
    if (row.kind === "invitation" || !row.userId) {
      return {
        ...base,
        kind: "invitation",
        emailStatus: row.emailStatus,
        canManage: can(actor, "invitations.manage", {
          kind: "invitation",
          organizationId: actor.organizationId,
          role: row.role,
          workspaceIds: row.workspaceIds,
        }),
      };
    }
    const target: Target = {
      kind: "user",
      organizationId: actor.organizationId,
      userId: row.userId,
      orgRole: row.role,
      workspaceIds: tree.subtreeOf(row.workspaceIds),
    };
    const setsSomeWorkspaceRole = setsRolesIn.some((workspaceId) =>
      can(actor, "users.setWorkspaceRoles", { ...target, workspaceId }),
    );
    return {
      ...base,
      kind: "member",
      userId: row.userId,
      abilities: {
        edit: can(actor, "users.editProfile", target) || setsSomeWorkspaceRole,
        changeRole:
          can(actor, "users.changeOrgRole", { ...target, newRole: "admin" }) &&
          can(actor, "users.changeOrgRole", { ...target, newRole: "member" }),
        resetPassword: can(actor, "users.resetPassword", target),
        setStatus: can(actor, "users.setStatus", target),
        remove: can(actor, "users.remove", target),
      },
    };
  });
  const workspaces = workspaceChoices(actor, tree);
  return {
    query,
    rows: pageRows,
    total,
    pages: Math.max(1, Math.ceil(total / query.size)),
    first: total === 0 ? 0 : (query.page - 1) * query.size + 1,
    last: Math.min(total, query.page * query.size),
    filtered: Boolean(
      query.q || query.role || query.status || query.workspace || query.workspaceRole,
    ),
    workspaces,
    workspaceRoles: roleChoices(customRoles).map((choice) => ({
      key: choice.key,
      label: choice.label,
      custom: choice.customRole !== null,
    })),
    can: {
      invite: can(actor, "users.invite", organization),
      chooseInviteRole: can(actor, "invitations.chooseOrgRole", organization),
      mustChooseWorkspace: personaOf(actor) === "manager",
      exportAccessReview: organizationAccessReviewAllowed(actor),
    },
  };
}
