import "server-only";
import { ActionError } from "@/lib/actions/errors";
import type { AuditEntry } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import type { AssignableOrgRole } from "@/lib/permissions";
import { displayName, type TargetMember } from "./queries";

export const CHANGED_ELSEWHERE =
  "This person was changed by someone else — reload to see the latest version.";

/** How a person is named in the audit trail: a snapshot that outlives their account. */
export function auditLabel(member: Pick<TargetMember, "firstName" | "lastName" | "email">) {
  return `${displayName(member)} <${member.email}>`;
}

/**
 * Changes a membership's org role and/or status, the one write behind Change role, Disable /
 * Enable and Edit user. Refused ("changed by someone else") unless the membership is still at the
 * version it was read at, and never touches the owner's. Returns the audit events for what
 * changed (none when nothing did); the caller has checked the matrix for each part.
 */
export async function updateMembership(
  tx: Tx,
  member: TargetMember,
  change: { role?: AssignableOrgRole; status?: "active" | "disabled" },
): Promise<AuditEntry[]> {
  const role = change.role !== undefined && change.role !== member.role ? change.role : undefined;
  const status =
    change.status !== undefined && change.status !== member.status ? change.status : undefined;
  if (role === undefined && status === undefined) return [];
  const updated = await tx.membership.updateMany({
    where: { id: member.membershipId, version: member.membershipVersion, role: { not: "owner" } },
    data: {
      ...(role !== undefined ? { role } : {}),
      ...(status !== undefined
        ? { status, disabledAt: status === "disabled" ? new Date() : null }
        : {}),
      version: { increment: 1 },
    },
  });
  if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
  const target = { type: "user" as const, id: member.userId, label: auditLabel(member) };
  const audit: AuditEntry[] = [];
  if (role !== undefined) {
    audit.push({
      action: "member.role_changed",
      target,
      metadata: { before: { role: member.role }, after: { role } },
    });
  }
  if (status !== undefined) {
    audit.push({
      action: status === "disabled" ? "member.disabled" : "member.enabled",
      target,
      metadata: { before: { status: member.status }, after: { status } },
    });
  }
  return audit;
}
