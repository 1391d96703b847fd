import type { Metadata } from "next";
import { NoAccess } from "@/components/shell/no-access";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { formatDay } from "@/lib/format";
import { organizationSettingsFor } from "@/lib/organization";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage() {
  const organization = await organizationSettingsFor(await requireActiveActor());
  if (!organization) {
    return <NoAccess description="Organization settings are for owners and admins." />;
  }
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Organization settings"
        description={
          organization.editable
            ? "Settings for the whole organization."
            : "Only the owner can change these settings; you can see them."
        }
      />
      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>Your organization&apos;s name and address.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted-foreground">Name</dt>
              <dd className="mt-1 font-medium">{organization.name}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Slug</dt>
              <dd className="mt-1 font-mono">{organization.slug}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Members</dt>
              <dd className="mt-1 tabular-nums">{organization.members}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Workspaces</dt>
              <dd className="mt-1 tabular-nums">{organization.workspaces}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd className="mt-1">
                <time dateTime={organization.createdAt.toISOString()}>
                  {formatDay(organization.createdAt)}
                </time>
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
