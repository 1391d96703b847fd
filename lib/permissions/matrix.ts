import type { MembershipStatus, OrgRole } from "./roles";

/**
 * Who a caller is, as far as permissions go. "manager" is an org member whose effective role is
 * manager in at least one workspace; owners and admins stay owners and admins.
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
  "settings.edit": { owner: "all", admin: "none", manager: "none", member: "none" },
  "sso.view": { owner: "all", admin: "all", manager: "none", member: "none" },
  "sso.configure": { owner: "all", admin: "none", manager: "none", member: "none" },
  "ownership.transfer": { owner: "all", admin: "none", manager: "none", member: "none" },
  "organization.delete": { owner: "all", admin: "none", manager: "none", member: "none" },
} as const satisfies Record<string, Record<Persona, Grant>>;

export type Action = keyof typeof PERMISSION_MATRIX;
export const ACTIONS = Object.keys(PERMISSION_MATRIX) as Action[];

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
      /** For users.changeOrgRole: the role to grant. */
      newRole?: OrgRole;
    }
  | {
      kind: "invitation";
      organizationId: string;
      role: OrgRole;
      workspaceIds: readonly string[];
    }
  | {
      kind: "workspace";
      organizationId: string;
      /** For workspaces.createSub and move: the parent (null = top level). */
      workspaceId: string | null;
      /** For workspaces.move: the new parent (null = top level). */
      newParentId?: string | null;
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
  /** A role that may not be granted here (owner, or anything but member for a manager). */
  | "invalid_role";

export type Decision =
  { allowed: true; grant: Exclude<Grant, "none"> } | { allowed: false; reason: DenyReason };

export function personaOf(actor: Pick<Actor, "orgRole" | "managedWorkspaceIds">): Persona {
  if (actor.orgRole === "owner" || actor.orgRole === "admin") return actor.orgRole;
  return actor.managedWorkspaceIds.size > 0 ? "manager" : "member";
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
  const mine = (workspaceId: string | null | undefined) =>
    workspaceId != null && actor.managedWorkspaceIds.has(workspaceId);

  switch (target.kind) {
    case "organization":
      // Org-wide actions (invite, create top-level…) need no scope beyond the grant; a scoped
      // grant here means "may do it somewhere" and is narrowed by a later, concrete check.
      return { allowed: true, grant };

    case "user": {
      const isUserAction = (USER_TARGET_ACTIONS as readonly Action[]).includes(action);
      if (isUserAction && target.orgRole === "owner") return deny("owner_target");
      if (target.userId === actor.userId && NOT_ON_SELF.has(action)) return deny("self");
      if (action === "users.changeOrgRole") {
        if (target.newRole === undefined || target.newRole === "owner") return deny("invalid_role");
      }
      if (scoped) {
        // Managers never touch owners or admins, and only people in their workspaces.
        if (target.orgRole !== "member") return deny("out_of_scope");
        if (!target.workspaceIds.some((id) => mine(id))) return deny("out_of_scope");
        if (action === "users.setWorkspaceRoles" && !mine(target.workspaceId)) {
          return deny("out_of_scope");
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
