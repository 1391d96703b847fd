import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CreateOrganizationForm } from "@/components/organization/create-organization-form";
import { Card, CardContent } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { organizationCreationAllowed } from "@/lib/organization";

export const metadata: Metadata = { title: "Create organization" };

export default async function NewOrganizationPage() {
  // The page exists only on servers that allow it (ALLOW_ORG_CREATION=true).
  if (!organizationCreationAllowed()) notFound();
  await requireActiveActor();
  return (
    <div className="flex max-w-xl flex-col gap-6">
      <PageHeader
        title="Create organization"
        description="A separate organization with its own people, workspaces and settings. You become its owner, and can switch between your organizations from the menu at the top of the sidebar."
      />
      <Card>
        <CardContent className="pt-6">
          <CreateOrganizationForm />
        </CardContent>
      </Card>
    </div>
  );
}
