import type { Metadata } from "next";
import { AuditLogFilters, AuditLogTable } from "@/components/organization/audit-log";
import { NoAccess } from "@/components/shell/no-access";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { auditLogPageFor, auditLogQuery } from "@/lib/organization";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  searchParams,
}: PageProps<"/settings/organization/audit-log">) {
  const actor = await requireActiveActor();
  const page = await auditLogPageFor(actor, auditLogQuery.parse(await searchParams));
  if (!page) return <NoAccess description="The audit log is for owners and admins." />;
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/settings/organization">Organization settings</BackLink>
      <PageHeader
        title="Audit log"
        description="Every change made in the organization: who, what, to whom, when and from where."
      />
      <AuditLogFilters page={page} />
      <AuditLogTable page={page} />
    </div>
  );
}
