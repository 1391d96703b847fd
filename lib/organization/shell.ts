import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { can, ORG_ROLE_LABELS, STATUS_LABELS, type Actor } from "@/lib/permissions";

export interface ShellNavItem {
  href: string;
  label: string;
  icon: "users" | "workspaces" | "organization" | "account";
}

export interface Shell {
  nav: ShellNavItem[];
  organization: { id: string; name: string; roleLabel: string };
  organizations: { id: string; name: string; roleLabel: string }[];
  user: { name: string; email: string; theme: "light" | "dark" | "system" };
}

/** The app's frame for this caller: the pages they may open, their organizations, who they are. */
export function shellFor(caller: Caller, actor: Actor): Shell {
  const { membership } = caller;
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  const active = membership.status === "active";
  const nav: ShellNavItem[] = [];
  if (active && can(actor, "users.view", organization))
    nav.push({ href: "/users", label: "Users", icon: "users" });
  if (active) nav.push({ href: "/workspaces", label: "Workspaces", icon: "workspaces" });
  if (active && can(actor, "settings.view", organization)) {
    nav.push({ href: "/settings/organization", label: "Organization", icon: "organization" });
  }
  nav.push({ href: "/settings/account", label: "Account", icon: "account" });
  const describe = (m: Caller["membership"]) => ({
    id: m.organization.id,
    name: m.organization.name,
    roleLabel:
      m.status === "active"
        ? ORG_ROLE_LABELS[m.role]
        : `${ORG_ROLE_LABELS[m.role]} · ${STATUS_LABELS[m.status]}`,
  });
  return {
    nav,
    organization: describe(membership),
    organizations: caller.memberships.map(describe),
    user: {
      name: `${caller.user.firstName} ${caller.user.lastName}`,
      email: caller.user.email,
      theme: caller.user.themePreference,
    },
  };
}

/** Where "/" leads: the Users page for those who may see it, the workspaces for everyone else. */
export function homePathFor(actor: Actor): "/users" | "/workspaces" {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  return can(actor, "users.view", organization) ? "/users" : "/workspaces";
}
