import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import type { NavItem } from "@/components/shell/nav-links";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { hasOrganization } from "@/lib/organization/queries";
import { can, ORG_ROLE_LABELS, STATUS_LABELS } from "@/lib/permissions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  if (!(await hasOrganization())) redirect("/setup");
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");

  const { membership } = caller;
  const actor = await actorFor(caller);
  const org = { kind: "organization" as const, organizationId: actor.organizationId };
  const active = membership.status === "active";
  const nav: NavItem[] = [];
  if (active && can(actor, "users.view", org))
    nav.push({ href: "/users", label: "Users", icon: "users" });
  if (active) nav.push({ href: "/workspaces", label: "Workspaces", icon: "workspaces" });
  if (active && can(actor, "settings.view", org)) {
    nav.push({ href: "/settings/organization", label: "Organization", icon: "organization" });
  }
  nav.push({ href: "/settings/account", label: "Account", icon: "account" });

  const roleLabel = (m: typeof membership) =>
    m.status === "active"
      ? ORG_ROLE_LABELS[m.role]
      : `${ORG_ROLE_LABELS[m.role]} · ${STATUS_LABELS[m.status]}`;
  return (
    <AppShell
      nav={nav}
      organization={{
        id: membership.organization.id,
        name: membership.organization.name,
        roleLabel: roleLabel(membership),
      }}
      organizations={caller.memberships.map((m) => ({
        id: m.organization.id,
        name: m.organization.name,
        roleLabel: roleLabel(m),
      }))}
      user={{
        name: `${caller.user.firstName} ${caller.user.lastName}`,
        email: caller.user.email,
        theme: caller.user.themePreference,
      }}
    >
      {children}
    </AppShell>
  );
}
