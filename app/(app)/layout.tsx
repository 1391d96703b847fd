import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { UserMenu } from "@/components/account/user-menu";
import { OrgSwitcher } from "@/components/organization/org-switcher";
import { SubscriptionNotice } from "@/components/organization/subscription-notice";
import { AppShell } from "@/components/shell/app-shell";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { hasOrganization, shellFor } from "@/lib/organization";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const caller = await getCaller();
  // Signed in means there is an organization; only a visitor may need the first-run set-up.
  if (!caller) redirect((await hasOrganization()) ? "/sign-in" : "/setup");
  const shell = shellFor(caller, await actorFor(caller));
  return (
    <AppShell
      nav={shell.nav}
      organizationName={shell.organization.name}
      header={
        <OrgSwitcher
          // The same object as in the list when it is there: the page's data carries it once.
          current={
            shell.organizations.find((o) => o.id === shell.organization.id) ?? shell.organization
          }
          organizations={shell.organizations}
          canCreate={shell.canCreateOrganization}
        />
      }
      footer={<UserMenu name={shell.user.name} email={shell.user.email} theme={shell.user.theme} />}
      notice={
        shell.subscriptionNotice ? <SubscriptionNotice notice={shell.subscriptionNotice} /> : null
      }
    >
      {children}
    </AppShell>
  );
}
