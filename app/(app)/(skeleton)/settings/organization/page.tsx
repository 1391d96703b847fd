import type { Metadata } from "next";
import Link from "next/link";
import {
  EmailSettingsForm,
  GeneralSettingsForm,
  InvitationSettingsForm,
  SecuritySettingsForm,
  SubscriptionForm,
} from "@/components/organization/settings-forms";
import { DangerZone } from "@/components/organization/danger-zone";
import { Outbox } from "@/components/organization/outbox";
import { SsoSettings } from "@/components/sso/sso-settings";
import { SendTestEmail } from "@/components/organization/test-email";
import { NoAccess } from "@/components/shell/no-access";
import { buttonVariants } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { formatDay } from "@/lib/format";
import { organizationSettingsFor, recentOutboxFor } from "@/lib/organization";
import { subscriptionState } from "@/lib/permissions";
import { ssoSettingsFor } from "@/lib/sso";

export const metadata: Metadata = { title: "Organization settings" };

function subscriptionLine(activeUntil: Date | null): string {
  const state = subscriptionState(activeUntil);
  if (state.state === "unlimited") return "Active, with no end date.";
  if (state.state === "lapsed") {
    return `Lapsed on ${formatDay(state.since)}: everyone but the owner is suspended until it is renewed.`;
  }
  return `Active until the end of ${formatDay(state.until)} (UTC).`;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

export default async function OrganizationSettingsPage() {
  const actor = await requireActiveActor();
  const [settings, outbox, sso] = await Promise.all([
    organizationSettingsFor(actor),
    recentOutboxFor(actor),
    ssoSettingsFor(actor),
  ]);
  if (!settings || !outbox) {
    return <NoAccess description="Organization settings are for owners and admins." />;
  }
  const { editable } = settings;
  // Each form starts afresh when its section's stored values change (after a save, or a reload).
  const key = (values: object) => JSON.stringify(values);
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Organization settings"
        description={
          editable
            ? `Settings for all of ${settings.general.name}. Created ${formatDay(settings.createdAt)}; ${count(settings.members, "member")}, ${count(settings.workspaces, "workspace")}.`
            : "Only the owner can change these settings; you can see them."
        }
      />
      <Card role="region" aria-labelledby="general-title">
        <CardHeader>
          <CardTitle id="general-title">General</CardTitle>
          <CardDescription>
            Your organization&apos;s name, as everyone in it sees it.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <GeneralSettingsForm
            key={key(settings.general)}
            values={settings.general}
            editable={editable}
          />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="invitations-title">
        <CardHeader>
          <CardTitle id="invitations-title">Invitations</CardTitle>
          <CardDescription>How long invitation links work, and who may be invited.</CardDescription>
        </CardHeader>
        <CardContent>
          <InvitationSettingsForm
            key={key(settings.invitations)}
            values={settings.invitations}
            editable={editable}
          />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="email-title">
        <CardHeader>
          <CardTitle id="email-title">Email</CardTitle>
          <CardDescription>
            {settings.email.transport === "resend"
              ? "Emails are sent through Resend."
              : "No email provider is set up on this server: emails are written to its log instead of being sent."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <EmailSettingsForm
            key={key(settings.email)}
            values={settings.email}
            editable={editable}
          />
          {editable ? (
            <div className="mt-6 border-t border-border pt-6">
              <SendTestEmail />
            </div>
          ) : null}
          <section aria-labelledby="outbox-title" className="mt-6 flex flex-col gap-2">
            <h3 id="outbox-title" className="text-sm font-semibold">
              Recent emails
            </h3>
            <Outbox rows={outbox} />
          </section>
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="subscription-title">
        <CardHeader>
          <CardTitle id="subscription-title">Subscription</CardTitle>
          <CardDescription>{subscriptionLine(settings.subscription.activeUntil)}</CardDescription>
        </CardHeader>
        <CardContent>
          <SubscriptionForm
            key={key(settings.subscription)}
            activeUntil={settings.subscription.activeUntil}
            editable={editable}
          />
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="security-title">
        <CardHeader>
          <CardTitle id="security-title">Security</CardTitle>
          <CardDescription>
            Two-factor authentication for the people who run the organization.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SecuritySettingsForm
            key={key({ requireTwoFactorAdmins: settings.security.requireTwoFactorAdmins })}
            values={{ requireTwoFactorAdmins: settings.security.requireTwoFactorAdmins }}
            withoutTwoFactor={settings.security.withoutTwoFactor}
            viewerHasTwoFactor={settings.security.viewerHasTwoFactor}
            editable={editable}
          />
        </CardContent>
      </Card>
      {sso ? (
        <Card role="region" aria-labelledby="sso-title">
          <CardHeader>
            <CardTitle id="sso-title">Single sign-on</CardTitle>
            <CardDescription>
              Sign-in with OpenID Connect for the organization&apos;s email domains, through your
              company&apos;s identity provider.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <SsoSettings settings={sso} />
          </CardContent>
        </Card>
      ) : null}
      <Card role="region" aria-labelledby="audit-log-title">
        <CardHeader>
          <CardTitle id="audit-log-title">Audit log</CardTitle>
          <CardDescription>
            Every change made in the organization, by whom and when; filter it and download it as
            CSV.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Link
            href="/settings/organization/audit-log"
            className={buttonVariants({ variant: "outline" })}
          >
            Open the audit log
          </Link>
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="roles-title">
        <CardHeader>
          <CardTitle id="roles-title">Roles &amp; permissions</CardTitle>
          <CardDescription>
            Every organization and workspace role, and exactly what each one allows.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Link
            href="/settings/organization/roles"
            className={buttonVariants({ variant: "outline" })}
          >
            See roles &amp; permissions
          </Link>
        </CardContent>
      </Card>
      <Card role="region" aria-labelledby="danger-zone-title" className="border-danger/40">
        <CardHeader>
          <CardTitle id="danger-zone-title">Danger zone</CardTitle>
          <CardDescription>
            {editable
              ? "Changes that can't be undone. Each asks for your password."
              : "Only the owner can transfer or delete the organization."}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <DangerZone
            organizationName={settings.general.name}
            members={settings.members}
            workspaces={settings.workspaces}
            admins={settings.admins}
            editable={editable}
          />
        </CardContent>
      </Card>
    </div>
  );
}
