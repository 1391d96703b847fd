import type { Metadata } from "next";
import { OrganizationRoles } from "@/components/permissions/organization-roles";
import { WorkspaceRoles } from "@/components/permissions/workspace-roles";
import { NoAccess } from "@/components/shell/no-access";
import { BackLink } from "@/components/ui/back-link";
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
      <BackLink href="/settings/organization">Organization settings</BackLink>
      <PageHeader
        title="Roles & permissions"
        description="Every role in the organization and exactly what it allows. The server enforces these same rules on every action."
      />
      <OrganizationRoles reference={reference} />
      <WorkspaceRoles roles={reference.workspaceRoles} reference={reference} />
    </div>
  );
}
