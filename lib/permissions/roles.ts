export const ORG_ROLES = ["owner", "admin", "member"] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

/** Org roles an invitation or a role change may grant: `owner` moves only by transfer. */
export const ASSIGNABLE_ORG_ROLES = ["admin", "member"] as const;
export type AssignableOrgRole = (typeof ASSIGNABLE_ORG_ROLES)[number];

/** Highest first: the order is the rank. */
export const WORKSPACE_ROLES = ["manager", "member", "viewer", "guest"] as const;
export type WorkspaceRole = (typeof WORKSPACE_ROLES)[number];

export const MEMBERSHIP_STATUSES = ["active", "disabled", "suspended"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const ORG_ROLE_LABELS: Record<OrgRole, string> = {
  owner: "Owner",
  admin: "Admin",
  member: "Member",
};

export const WORKSPACE_ROLE_LABELS: Record<WorkspaceRole, string> = {
  manager: "Manager",
  member: "Member",
  viewer: "Viewer",
  guest: "Guest",
};

export const STATUS_LABELS: Record<MembershipStatus, string> = {
  active: "Active",
  disabled: "Disabled",
  suspended: "Suspended",
};

/** Larger is more powerful: manager 3, member 2, viewer 1, guest 0. */
export function workspaceRoleRank(role: WorkspaceRole): number {
  return WORKSPACE_ROLES.length - 1 - WORKSPACE_ROLES.indexOf(role);
}

export function higherWorkspaceRole(a: WorkspaceRole, b: WorkspaceRole): WorkspaceRole {
  return workspaceRoleRank(a) >= workspaceRoleRank(b) ? a : b;
}

/**
 * The status a membership reads as: while the organization's subscription has lapsed, every
 * non-owner membership is suspended; `suspended` is derived, never stored.
 */
export function effectiveMembershipStatus(
  stored: "active" | "disabled",
  role: OrgRole,
  subscriptionActiveUntil: Date | null,
  now: Date = new Date(),
): MembershipStatus {
  if (stored === "disabled") return "disabled";
  if (role !== "owner" && subscriptionActiveUntil !== null && subscriptionActiveUntil < now) {
    return "suspended";
  }
  return "active";
}

/** How many days before a subscription lapses its owners and admins are warned. */
export const SUBSCRIPTION_WARNING_DAYS = 7;

export type SubscriptionState =
  | { state: "unlimited" }
  | { state: "active"; until: Date; endingSoon: boolean }
  | { state: "lapsed"; since: Date };

/** Where a subscription stands: no end, active (ending within the warning days?), or lapsed. */
export function subscriptionState(
  activeUntil: Date | null,
  now: Date = new Date(),
): SubscriptionState {
  if (activeUntil === null) return { state: "unlimited" };
  if (activeUntil < now) return { state: "lapsed", since: activeUntil };
  const warnFrom = activeUntil.getTime() - SUBSCRIPTION_WARNING_DAYS * 24 * 60 * 60 * 1000;
  return { state: "active", until: activeUntil, endingSoon: now.getTime() >= warnFrom };
}
