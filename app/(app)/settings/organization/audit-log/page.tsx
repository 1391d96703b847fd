import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AuditLogFilters, AuditLogTable } from "@/components/organization/audit-log";
import { NoAccess } from "@/components/shell/no-access";
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
      <Link
        href="/settings/organization"
        className="inline-flex w-fit items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> Organization settings
      </Link>
      <PageHeader
        title="Audit log"
        description="Every change made in the organization: who, what, to whom, when and from where."
      />
      <AuditLogFilters page={page} />
      <AuditLogTable page={page} />
    </div>
  );
}
