import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { OrganizationRoles } from "@/components/permissions/organization-roles";
import { WorkspaceRoles } from "@/components/permissions/workspace-roles";
import { NoAccess } from "@/components/shell/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { permissionsReferenceFor } from "@/lib/permissions/reference";

export const metadata: Metadata = { title: "Roles & permissions" };

export default async function RolesPage() {
  const actor = await requireActiveActor();
  const reference = permissionsReferenceFor(actor);
  if (!reference) return <NoAccess description="Roles & permissions are for owners and admins." />;
  return (
    <div className="flex flex-col gap-6">
      <Link
        href="/settings/organization"
        className="inline-flex w-fit items-center gap-1.5 text-sm text-muted-foreground hover:text-foreground"
      >
        <ArrowLeft className="size-4" aria-hidden="true" /> Organization settings
      </Link>
      <PageHeader
        title="Roles & permissions"
        description="Every role in the organization and exactly what it allows. The server enforces these same rules on every action."
      />
      <OrganizationRoles reference={reference} />
      <WorkspaceRoles roles={reference.workspaceRoles} reference={reference} />
    </div>
  );
}
