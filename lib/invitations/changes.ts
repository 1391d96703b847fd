import type { OrgRole } from "@/lib/permissions/roles";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";

/**
 * What an invitation gives whoever accepts it: an org role and workspaces with a role each (a
 * built-in role, or a custom one as "custom:<id>").
 */
export interface InvitationTerms {
  role: OrgRole;
  workspaces: readonly { workspaceId: string; role: RoleKey }[];
}

/** How one version of an invitation's terms differs from another. */
export interface InvitationChanges {
  role: { before: OrgRole; after: OrgRole } | null;
  added: { workspaceId: string; role: RoleKey }[];
  removed: { workspaceId: string; role: RoleKey }[];
  changed: { workspaceId: string; before: RoleKey; after: RoleKey }[];
}

/** The difference between an invitation's terms and the edited ones (workspaces in `after`'s order). */
export function invitationChanges(
  before: InvitationTerms,
  after: InvitationTerms,
): InvitationChanges {
  const was = new Map(before.workspaces.map((w) => [w.workspaceId, w.role]));
  const now = new Map(after.workspaces.map((w) => [w.workspaceId, w.role]));
  const added: InvitationChanges["added"] = [];
  const changed: InvitationChanges["changed"] = [];
  for (const [workspaceId, role] of now) {
    const previous = was.get(workspaceId);
    if (previous === undefined) added.push({ workspaceId, role });
    else if (previous !== role) changed.push({ workspaceId, before: previous, after: role });
  }
  const removed = before.workspaces
    .filter((w) => !now.has(w.workspaceId))
    .map((w) => ({ workspaceId: w.workspaceId, role: w.role }));
  return {
    role: before.role === after.role ? null : { before: before.role, after: after.role },
    added,
    removed,
    changed,
  };
}

export function hasChanges(changes: InvitationChanges): boolean {
  return (
    changes.role !== null ||
    changes.added.length > 0 ||
    changes.removed.length > 0 ||
    changes.changed.length > 0
  );
}

export type InvitationDisplayStatus = "pending" | "expired" | "accepted" | "revoked";

/** An invitation's status as people see it: a pending one past its date reads as expired. */
export function invitationDisplayStatus(
  status: "pending" | "accepted" | "revoked",
  expiresAt: Date,
  now: Date = new Date(),
): InvitationDisplayStatus {
  if (status !== "pending") return status;
  return expiresAt <= now ? "expired" : "pending";
}
