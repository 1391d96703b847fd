import type { Metadata } from "next";
import { AppearanceForm } from "@/components/account/appearance-form";
import { LeaveOrganization } from "@/components/account/leave-organization";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { accountPageFor } from "@/lib/account";
import { getCaller } from "@/lib/auth/caller";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage() {
  const caller = await getCaller();
  if (!caller) return null;
  const page = await accountPageFor(caller);
  const { profile } = page;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Account settings"
        description="Your profile, your password, your organizations and how Roster looks for you."
      />
      <Card role="region" aria-labelledby="profile-title">
        <CardHeader>
          <CardTitle id="profile-title">Profile</CardTitle>
          <CardDescription>Your name as your organizations see it.</CardDescription>
        </CardHeader>
        <CardContent>
          {/* Starts afresh after a save (the version changes). */}
          <ProfileForm key={profile.version} {...profile} />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="password-title">
        <CardHeader>
          <CardTitle id="password-title">Password</CardTitle>
          <CardDescription>
            Changing it signs you out everywhere else; this browser stays signed in.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PasswordForm email={profile.email} userInputs={page.passwordUserInputs} />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="organizations-title">
        <CardHeader>
          <CardTitle id="organizations-title">Organizations</CardTitle>
          <CardDescription>The organizations you belong to, and your role in each.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="flex flex-col gap-1 text-sm">
            {page.organizations.map((org) => (
              <li key={org.id}>
                {org.name} · {org.roleLabel}
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="appearance-title">
        <CardHeader>
          <CardTitle id="appearance-title">Appearance</CardTitle>
          <CardDescription>Light, dark, or whatever your system uses.</CardDescription>
        </CardHeader>
        <CardContent>
          <AppearanceForm theme={page.theme} />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="leave-title">
        <CardHeader>
          <CardTitle id="leave-title">Leave organization</CardTitle>
          <CardDescription>Leave {page.leave.organizationName}.</CardDescription>
        </CardHeader>
        <CardContent>
          <LeaveOrganization key={page.leave.organizationId} {...page.leave} />
        </CardContent>
      </Card>
    </div>
  );
}
