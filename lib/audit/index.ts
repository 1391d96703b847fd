import type { Prisma } from "@/lib/db";
import type { RequestInfo } from "@/lib/request/info";
import { log } from "@/lib/log";

/** Audit actions, named `<target>.<verb>`; one list so the log's filter and the writers agree. */
export const AUDIT_ACTIONS = {
  "organization.created": "Organization created",
  "organization.updated": "Organization settings changed",
  "organization.test_email_sent": "Test email sent",
  "organization.ownership_transferred": "Ownership transferred",
  "organization.deleted": "Organization deleted",
  "member.role_changed": "Role changed",
  "member.disabled": "Member disabled",
  "member.enabled": "Member enabled",
  "member.removed": "Member removed",
  "member.left": "Left the organization",
  "member.updated": "Member details changed",
  "member.password_reset_sent": "Password reset sent",
  "invitation.created": "Invitation sent",
  "invitation.resent": "Invitation resent",
  "invitation.revoked": "Invitation revoked",
  "invitation.updated": "Invitation changed",
  "invitation.accepted": "Invitation accepted",
  "workspace.created": "Workspace created",
  "workspace.renamed": "Workspace renamed",
  "workspace.moved": "Workspace moved",
  "workspace.deleted": "Workspace deleted",
  "workspace.member_added": "Added to workspace",
  "workspace.member_role_changed": "Workspace role changed",
  "workspace.member_removed": "Removed from workspace",
  "role.created": "Custom role created",
  "role.updated": "Custom role changed",
  "role.deleted": "Custom role deleted",
  "join_request.created": "Join request sent",
  "join_request.approved": "Join request approved",
  "join_request.rejected": "Join request rejected",
  "join_request.withdrawn": "Join request withdrawn",
  "account.updated": "Account updated",
  "account.password_reset_requested": "Password reset requested",
  "account.password_changed": "Password changed",
  "account.email_change_requested": "Email change requested",
  "account.email_changed": "Email changed",
  "account.email_change_cancelled": "Email change cancelled",
  "account.signed_in": "Signed in",
  "account.sign_in_failed": "Sign-in failed",
  "account.locked_out": "Sign-in locked",
  "account.two_factor_setup_started": "Two-factor set-up started",
  "account.two_factor_enabled": "Two-factor authentication turned on",
  "account.two_factor_disabled": "Two-factor authentication turned off",
  "account.recovery_codes_regenerated": "Recovery codes regenerated",
  "account.recovery_code_used": "Recovery code used",
  "account.session_revoked": "Session signed out",
  "account.other_sessions_revoked": "Signed out everywhere else",
  "sso.configured": "Single sign-on configured",
  "sso.secret_replaced": "Single sign-on client secret replaced",
  "sso.enabled": "Single sign-on turned on",
  "sso.disabled": "Single sign-on turned off",
  "sso.enforced": "Single sign-on enforced",
  "sso.enforcement_lifted": "Single sign-on no longer enforced",
  "sso.removed": "Single sign-on removed",
  "sso.tested": "Single sign-on tested",
  "sso.member_provisioned": "Joined by single sign-on",
  "sso.account_linked": "Account linked to single sign-on",
  "sso.sign_in_refused": "Single sign-on refused",
  "access.refused": "Action refused",
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * An event's detail in words, where its metadata carries one: for a refused action, what was
 * asked and why not ("remove someone from the organization: No — member of the organization…").
 */
export function auditDetail(action: string, metadata: Prisma.JsonValue): string | null {
  if (action !== "access.refused" || !isObject(metadata)) return null;
  const { actionLabel, explanation } = metadata;
  if (typeof actionLabel !== "string" || typeof explanation !== "string") return null;
  return `${actionLabel}: No — ${explanation}.`;
}

function isObject(value: Prisma.JsonValue): value is Prisma.JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface AuditEntry {
  action: AuditAction;
  target: {
    type: "organization" | "user" | "invitation" | "workspace" | "join_request" | "role";
    id: string | null;
    label: string;
  };
  /** Before/after values and other context; never secrets. */
  metadata?: Prisma.InputJsonObject;
}

interface AuditContext {
  organizationId: string;
  actorId: string | null;
  actorEmail: string | null;
  request: RequestInfo;
}

type AuditWriter = {
  auditEvent: { createMany(args: { data: Prisma.AuditEventCreateManyInput[] }): Promise<unknown> };
};

function rows(entries: AuditEntry | AuditEntry[], ctx: AuditContext) {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) throw new Error("A change must record at least one audit event.");
  return list.map((entry) => ({
    organizationId: ctx.organizationId,
    actorId: ctx.actorId,
    actorEmail: ctx.actorEmail,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    targetLabel: entry.target.label,
    metadata: entry.metadata ?? {},
    ip: ctx.request.ip,
    userAgent: ctx.request.userAgent,
  }));
}

/** Appends events inside the caller's transaction. Refuses an empty list: every change is audited. */
export async function recordAuditEvents(
  tx: AuditWriter,
  entries: AuditEntry | AuditEntry[],
  ctx: AuditContext,
) {
  await tx.auditEvent.createMany({ data: rows(entries, ctx) });
}

/**
 * For the one change whose trail cannot be kept in the database: deleting an organization takes
 * its audit log with it, so the deletion itself is written to the server's log, one JSON line per
 * event, for the server's operator.
 */
export function logAuditEvents(entries: AuditEntry | AuditEntry[], ctx: AuditContext) {
  for (const row of rows(entries, ctx)) {
    log.info({ audit: { ...row, createdAt: new Date().toISOString() } }, "audit event");
  }
}
