import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getCaller } from "@/lib/auth/caller";
import { ORG_ROLE_LABELS } from "@/lib/permissions";
import { AppearanceForm } from "@/components/account/appearance-form";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const caller = await getCaller();
  if (!caller) return null;
  const { user } = caller;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Account settings"
        description="Your profile and how Roster looks for you."
      />
      <Card>
        <CardHeader>
          <CardTitle>Profile</CardTitle>
          <CardDescription>Your name and email as your organizations see them.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-4 text-sm sm:grid-cols-2">
            <div>
              <dt className="text-muted-foreground">Name</dt>
              <dd className="mt-1 font-medium">
                {user.firstName} {user.lastName}
              </dd>
            </div>
            <div>
              <dt className="text-muted-foreground">Email</dt>
              <dd className="mt-1">{user.email}</dd>
            </div>
            <div className="sm:col-span-2">
              <dt className="text-muted-foreground">Organizations</dt>
              <dd className="mt-1">
                <ul className="flex flex-col gap-1">
                  {caller.memberships.map((m) => (
                    <li key={m.id}>
                      {m.organization.name} · {ORG_ROLE_LABELS[m.role]}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          </dl>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Appearance</CardTitle>
          <CardDescription>Light, dark, or whatever your system uses.</CardDescription>
        </CardHeader>
        <CardContent>
          <AppearanceForm theme={user.themePreference} />
        </CardContent>
      </Card>
    </div>
  );
}
