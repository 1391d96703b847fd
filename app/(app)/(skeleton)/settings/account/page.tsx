import type { Metadata } from "next";
import { AppearanceForm } from "@/components/account/appearance-form";
import { EmailSettings } from "@/components/account/email-settings";
import { LeaveOrganization } from "@/components/account/leave-organization";
import { PasswordForm } from "@/components/account/password-form";
import { ProfileForm } from "@/components/account/profile-form";
import { SessionsSection } from "@/components/account/sessions-section";
import { TwoFactorSection } from "@/components/account/two-factor-section";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { accountPageFor, sessionsSectionFor, twoFactorPageFor } from "@/lib/account";
import { getCaller } from "@/lib/auth/caller";
import { formatDateTime, formatDay } from "@/lib/format";

export const metadata: Metadata = { title: "Account settings" };

export default async function AccountSettingsPage({
  searchParams,
}: PageProps<"/settings/account">) {
  const caller = await getCaller();
  if (!caller) return null;
  const page = await accountPageFor(caller);
  // ?setup=two-factor opens two-factor set-up at once (where an organization's requirement sends
  // its owners and admins); the notice naming the organization comes from the data, not the URL.
  const openTwoFactorSetup = (await searchParams).setup === "two-factor";
  const [twoFactor, sessions] = await Promise.all([
    twoFactorPageFor(caller),
    sessionsSectionFor(caller),
  ]);
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
          <CardDescription>Your name as your organizations see it, and your email.</CardDescription>
        </CardHeader>
        <CardContent>
          {/* Starts afresh after a save (the version changes). */}
          <ProfileForm key={profile.version} {...profile} />
          <div className="mt-6 border-t border-border pt-6">
            <EmailSettings email={profile.email} pending={page.emailChange} />
          </div>
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
      <Card
        role="region"
        aria-labelledby="two-factor-title"
        id="two-factor"
        className="scroll-mt-6"
      >
        <CardHeader>
          <CardTitle id="two-factor-title">Two-factor authentication</CardTitle>
          <CardDescription>
            A code from an authenticator app on your phone, asked for when you sign in.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <TwoFactorSection
            email={page.profile.email}
            enabled={twoFactor.enabled}
            enabledOn={twoFactor.enabledAt ? formatDay(twoFactor.enabledAt) : null}
            recoveryCodesLeft={twoFactor.recoveryCodesLeft}
            recoveryCodesTotal={twoFactor.recoveryCodesTotal}
            fewRecoveryCodesLeft={twoFactor.fewRecoveryCodesLeft}
            stayOnBecause={twoFactor.stayOnBecause}
            openSetup={openTwoFactorSetup}
            required={
              twoFactor.setupRequiredBy ? { organizationName: twoFactor.setupRequiredBy } : null
            }
          />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="sessions-title">
        <CardHeader>
          <CardTitle id="sessions-title">Sessions</CardTitle>
          <CardDescription>
            Where you&apos;re signed in. A session ends after {sessions.idleMinutes} minutes without
            use, and {sessions.maxAgeHours} hours after signing in.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SessionsSection
            sessions={sessions.sessions.map((s) => ({
              id: s.id,
              device: s.device,
              ip: s.ip,
              signedIn: formatDateTime(s.createdAt),
              lastActive: formatDateTime(s.lastActiveAt),
              current: s.current,
            }))}
          />
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
