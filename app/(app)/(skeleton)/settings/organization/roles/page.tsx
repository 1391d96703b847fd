import type { Metadata } from "next";
import { OrganizationRoles } from "@/components/permissions/organization-roles";
import { WorkspaceRoles } from "@/components/permissions/workspace-roles";
import { CustomRoles } from "@/components/roles/custom-roles";
import { NoAccess } from "@/components/shell/no-access";
import { BackLink } from "@/components/ui/back-link";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { rolesPageFor } from "@/lib/roles";

export const metadata: Metadata = { title: "Roles & permissions" };

export default async function RolesPage() {
  const actor = await requireActiveActor();
  const page = await rolesPageFor(actor);
  if (!page) return <NoAccess description="Roles & permissions are for owners and admins." />;
  const { reference, ...customRoles } = page;
  return (
    <div className="flex flex-col gap-6">
      <BackLink href="/settings/organization">Organization settings</BackLink>
      <PageHeader
        title="Roles & permissions"
        description="Every role in the organization and exactly what it allows. The server enforces these same rules on every action."
      />
      <OrganizationRoles reference={reference} />
      <CustomRoles page={customRoles} />
      <WorkspaceRoles roles={reference.workspaceRoles} reference={reference} />
    </div>
  );
}
