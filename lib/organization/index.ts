// The organization feature: first-run setup, switching organizations, the app's frame, settings.
export { hasOrganization, organizationCreationAllowed } from "./queries";
export {
  organizationSettingsFor,
  organizationSettingsRow,
  recentOutboxFor,
  type OrganizationSettings,
  type OutboxRow,
} from "./settings";
export { homePathFor, shellFor, type Shell, type ShellNavItem } from "./shell";
export {
  AUDIT_LOG_PAGE_SIZE,
  auditLogPageFor,
  type AuditLogPage,
  type AuditLogRow,
} from "./audit-log";
export { auditLogCsvResponse } from "./audit-log-export";
export { auditLogQuery, type AuditLogQuery } from "./schemas";
