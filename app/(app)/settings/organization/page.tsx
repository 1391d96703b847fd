import type { Metadata } from "next";
import { NoAccess } from "@/components/shell/no-access";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { getDb } from "@/lib/db";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Organization settings" };

export default async function OrganizationSettingsPage() {
  const actor = await requireActiveActor();
  const org = actor
    ? { kind: "organization" as const, organizationId: actor.organizationId }
    : null;
  if (!actor || !org || !can(actor, "settings.view", org)) {
    return <NoAccess description="Organization settings are for owners and admins." />;
  }
  const db = await getDb();
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: actor.organizationId },
    select: {
      name: true,
      slug: true,
      createdAt: true,
      _count: { select: { memberships: true, workspaces: true } },
    },
  });
  const editable = can(actor, "settings.edit", org);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Organization settings"
        description={
          editable
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
              <dd className="mt-1 tabular-nums">{organization._count.memberships}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Workspaces</dt>
              <dd className="mt-1 tabular-nums">{organization._count.workspaces}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Created</dt>
              <dd className="mt-1">
                <time dateTime={organization.createdAt.toISOString()}>
                  {organization.createdAt.toLocaleDateString("en", { dateStyle: "long" })}
                </time>
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
