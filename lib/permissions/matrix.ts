import type { MembershipStatus, OrgRole } from "./roles";
import {
  fitsWithin,
  type Holding,
  type RoleToGive,
  type WorkspacePermission,
} from "./workspace-permissions";

/**
 * Who a caller is, as far as permissions go. "manager" is an org member who holds a workspace
 * permission somewhere (as manager, or through a custom role); owners and admins stay owners and
 * admins. A "manager"'s scoped grants reach only the workspaces where they hold the permission the
 * action needs (WORKSPACE_PERMISSION_OF).
 */
export const PERSONAS = ["owner", "admin", "manager", "member"] as const;
export type Persona = (typeof PERSONAS)[number];

/** all = anyone in the organization; scoped = only within the caller's workspaces. */
export type Grant = "all" | "scoped" | "none";

/**
 * The permission matrix (docs/permissions.md is rendered from it), as data. Pages and server actions both read it through `decide`.
 * A misspelt action is a compile error; an action missing here fails closed.
 */
export const PERMISSION_MATRIX = {
  "users.view": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "users.invite": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "invitations.chooseOrgRole": { owner: "all", admin: "all", manager: "none", member: "none" },
  "invitations.manage": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "users.changeOrgRole": { owner: "all", admin: "all", manager: "none", member: "none" },
  "users.editProfile": { owner: "all", admin: "all", manager: "none", member: "none" },
  "users.setWorkspaceRoles": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "users.resetPassword": { owner: "all", admin: "all", manager: "none", member: "none" },
  "users.setStatus": { owner: "all", admin: "all", manager: "none", member: "none" },
  "users.remove": { owner: "all", admin: "all", manager: "none", member: "none" },
  "joinRequests.decide": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "workspaces.createTopLevel": { owner: "all", admin: "all", manager: "none", member: "none" },
  "workspaces.createSub": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "workspaces.rename": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "workspaces.move": { owner: "all", admin: "all", manager: "scoped", member: "none" },
  "workspaces.delete": { owner: "all", admin: "all", manager: "none", member: "none" },
  "settings.view": { owner: "all", admin: "all", manager: "none", member: "none" },
  "auditLog.view": { owner: "all", admin: "all", manager: "none", member: "none" },
  "roles.view": { owner: "all", admin: "all", manager: "none", member: "none" },
  "roles.manage": { owner: "all", admin: "all", manager: "none", member: "none" },
  "settings.edit": { owner: "all", admin: "none", manager: "none", member: "none" },
  "sso.view": { owner: "all", admin: "all", manager: "none", member: "none" },
  "sso.configure": { owner: "all", admin: "none", manager: "none", member: "none" },
  "ownership.transfer": { owner: "all", admin: "none", manager: "none", member: "none" },
  "organization.delete": { owner: "all", admin: "none", manager: "none", member: "none" },
} as const satisfies Record<string, Record<Persona, Grant>>;

export type Action = keyof typeof PERMISSION_MATRIX;
export const ACTIONS = Object.keys(PERMISSION_MATRIX) as Action[];

/**
 * The workspace permission a scoped grant needs in the workspace concerned. users.setWorkspaceRoles
 * needs one by what it does to the person there (`WorkspaceChange`).
 */
export const WORKSPACE_PERMISSION_OF: Partial<Record<Action, WorkspacePermission>> = {
  "users.view": "viewMembers",
  "users.invite": "inviteMembers",
  "invitations.manage": "inviteMembers",
  "joinRequests.decide": "decideJoinRequests",
  "workspaces.createSub": "createSubWorkspaces",
  "workspaces.rename": "renameWorkspace",
  "workspaces.move": "moveWorkspace",
};

/** users.setWorkspaceRoles: give a role to someone with none there, change it, or take it away. */
export type WorkspaceChange = "add" | "change" | "remove";

export const WORKSPACE_CHANGE_PERMISSION: Record<WorkspaceChange, WorkspacePermission> = {
  add: "addMembers",
  change: "setMemberRoles",
  remove: "removeMembers",
};

/** The workspace permissions that may allow `action` to a scoped actor (any one of them). */
export function permissionsFor(
  action: Action,
  change?: WorkspaceChange,
): readonly WorkspacePermission[] {
  if (action === "users.setWorkspaceRoles") {
    return change
      ? [WORKSPACE_CHANGE_PERMISSION[change]]
      : Object.values(WORKSPACE_CHANGE_PERMISSION);
  }
  const permission = WORKSPACE_PERMISSION_OF[action];
  return permission ? [permission] : [];
}

/** Actions whose target is a person in the organization. */
export const USER_TARGET_ACTIONS = [
  "users.changeOrgRole",
  "users.editProfile",
  "users.setWorkspaceRoles",
  "users.resetPassword",
  "users.setStatus",
  "users.remove",
] as const satisfies readonly Action[];

/** Nobody does these to themselves (a target rule); self-service lives in account settings. */
const NOT_ON_SELF: ReadonlySet<Action> = new Set<Action>([
  "users.changeOrgRole",
  "users.resetPassword",
  "users.setStatus",
  "users.remove",
]);

export interface Actor {
  userId: string;
  /** The caller's membership in `organizationId`. */
  membershipId: string;
  organizationId: string;
  orgRole: OrgRole;
  status: MembershipStatus;
  /** Workspaces where the actor's effective role is manager (descendants included). */
  managedWorkspaceIds: ReadonlySet<string>;
  /**
   * What the actor holds in each workspace where they have a role (inherited included): their
   * rank there and their workspace permissions (`actorScope` in workspace-roles.ts). Empty for
   * owners and admins, whose grants are "all".
   */
  holdings: ReadonlyMap<string, Holding>;
}

export type Target =
  | { kind: "organization"; organizationId: string }
  | {
      kind: "user";
      organizationId: string;
      userId: string;
      orgRole: OrgRole;
      /** Workspaces where the target has an effective (explicit or inherited) role. */
      workspaceIds: readonly string[];
      /** For users.setWorkspaceRoles: the workspace being changed. */
      workspaceId?: string;
      /**
       * For users.setWorkspaceRoles: what is done there. Left out, the question is whether the
       * caller may change this person's roles there at all (any of the three).
       */
      change?: WorkspaceChange;
      /** For users.setWorkspaceRoles add and change: the role given. */
      role?: RoleToGive;
      /** For users.setWorkspaceRoles change and remove: the rank of the person's role there now. */
      currentRank?: number;
      /** For users.changeOrgRole: the role to grant. */
      newRole?: OrgRole;
    }
  | {
      kind: "invitation";
      organizationId: string;
      role: OrgRole;
      workspaceIds: readonly string[];
      /** The workspace roles the invitation gives, where known: none may exceed the inviter's. */
      workspaceRoles?: readonly { workspaceId: string; role: RoleToGive }[];
    }
  | {
      kind: "workspace";
      organizationId: string;
      /** For workspaces.createSub and move: the parent (null = top level). */
      workspaceId: string | null;
      /** For workspaces.move: the new parent (null = top level). */
      newParentId?: string | null;
      /** For joinRequests.decide when approving: the role given. */
      role?: RoleToGive;
    };

export type UserTarget = Extract<Target, { kind: "user" }>;

export type DenyReason =
  /** Another organization's record: answer "not found", never "forbidden". */
  | "not_found"
  /** The caller's membership is disabled or suspended. */
  | "inactive"
  /** The matrix refuses this action to this persona. */
  | "forbidden"
  /** Allowed only within the caller's workspaces, and the target lies outside them. */
  | "out_of_scope"
  /** Nobody acts on the owner through these actions. */
  | "owner_target"
  /** Nobody changes their own role, disables, removes or resets themselves. */
  | "self"
  /**
   * A role that may not be granted here: owner; an organization role other than member from a
   * workspace manager; a workspace role above the giver's own there, or with a permission they lack.
   */
  | "invalid_role";

export type Decision =
  { allowed: true; grant: Exclude<Grant, "none"> } | { allowed: false; reason: DenyReason };

export function personaOf(actor: Pick<Actor, "orgRole" | "holdings">): Persona {
  if (actor.orgRole === "owner" || actor.orgRole === "admin") return actor.orgRole;
  for (const holding of actor.holdings.values()) if (holding.permissions.size > 0) return "manager";
  return "member";
}

/** Whether the actor holds any of `permissions` in `workspaceId`. */
export function holdsIn(
  actor: Pick<Actor, "holdings">,
  workspaceId: string | null | undefined,
  permissions: readonly WorkspacePermission[],
): boolean {
  if (workspaceId == null) return false;
  const held = actor.holdings.get(workspaceId)?.permissions;
  return held !== undefined && permissions.some((p) => held.has(p));
}

/** The workspaces where the actor holds any of `permissions`: where a scoped grant reaches. */
export function workspacesWhere(
  actor: Pick<Actor, "holdings">,
  permissions: readonly WorkspacePermission[],
): string[] {
  return [...actor.holdings.keys()].filter((id) => holdsIn(actor, id, permissions));
}

function deny(reason: DenyReason): Decision {
  return { allowed: false, reason };
}

/**
 * The one permission check: the matrix plus its target rules. Fails closed.
 * Cross-tenant targets are checked first, so another organization's record reads as not found
 * whatever the caller's role.
 */
export function decide(actor: Actor, action: Action, target: Target): Decision {
  if (target.organizationId !== actor.organizationId) return deny("not_found");
  if (actor.status !== "active") return deny("inactive");
  const row: Record<Persona, Grant> | undefined = PERMISSION_MATRIX[action];
  if (!row) return deny("forbidden");
  const grant = row[personaOf(actor)];
  if (grant === "none") return deny("forbidden");

  const scoped = grant === "scoped";
  const change = target.kind === "user" ? target.change : undefined;
  const needed = permissionsFor(action, change);
  const mine = (workspaceId: string | null | undefined) => holdsIn(actor, workspaceId, needed);

  switch (target.kind) {
    case "organization":
      // Org-wide actions (invite, create top-level…) need no scope beyond the grant; a scoped
      // grant here means "may do it somewhere" and is narrowed by a later, concrete check.
      if (scoped && workspacesWhere(actor, needed).length === 0) return deny("forbidden");
      return { allowed: true, grant };

    case "user": {
      const isUserAction = (USER_TARGET_ACTIONS as readonly Action[]).includes(action);
      if (isUserAction && target.orgRole === "owner") return deny("owner_target");
      if (target.userId === actor.userId && NOT_ON_SELF.has(action)) return deny("self");
      if (action === "users.changeOrgRole") {
        if (target.newRole === undefined || target.newRole === "owner") return deny("invalid_role");
      }
      if (scoped) {
        // Scoped callers never touch owners or admins, and only people in their workspaces.
        if (target.orgRole !== "member") return deny("out_of_scope");
        if (!target.workspaceIds.some((id) => mine(id))) return deny("out_of_scope");
        if (action === "users.setWorkspaceRoles") {
          if (!mine(target.workspaceId)) return deny("out_of_scope");
          const holding = actor.holdings.get(target.workspaceId!);
          // Nobody changes or removes someone whose role there outranks their own…
          if (target.currentRank !== undefined && target.currentRank > (holding?.rank ?? -1)) {
            return deny("out_of_scope");
          }
          // …or gives a role above their own, or with a permission they don't hold there.
          if (target.role && !fitsWithin(target.role, holding)) return deny("invalid_role");
        }
      }
      return { allowed: true, grant };
    }

    case "invitation": {
      if (target.role === "owner") return deny("invalid_role");
      if (scoped) {
        if (target.role !== "member") return deny("invalid_role");
        if (target.workspaceIds.length === 0) return deny("out_of_scope");
        if (!target.workspaceIds.every((id) => mine(id))) return deny("out_of_scope");
        for (const given of target.workspaceRoles ?? []) {
          if (!fitsWithin(given.role, actor.holdings.get(given.workspaceId))) {
            return deny("invalid_role");
          }
        }
      }
      return { allowed: true, grant };
    }

    case "workspace": {
      if (scoped) {
        if (!mine(target.workspaceId)) return deny("out_of_scope");
        if (action === "workspaces.move") {
          // Moving to the top level is creating a top-level workspace: not a manager's to do.
          if (!mine(target.newParentId)) return deny("out_of_scope");
        }
        if (target.role && !fitsWithin(target.role, actor.holdings.get(target.workspaceId!))) {
          return deny("invalid_role");
        }
      }
      return { allowed: true, grant };
    }
  }
}

export function can(actor: Actor, action: Action, target: Target): boolean {
  return decide(actor, action, target).allowed;
}

/** The matrix's last row: only when the server allows it, and only for signed-in people. */
export function canCreateOrganization(signedIn: boolean, allowOrgCreation: boolean): boolean {
  return signedIn && allowOrgCreation;
}
