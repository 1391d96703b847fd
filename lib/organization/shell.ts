import "server-only";
import type { Caller } from "@/lib/auth/caller";
import {
  can,
  ORG_ROLE_LABELS,
  STATUS_LABELS,
  subscriptionState,
  type Actor,
} from "@/lib/permissions";
import { organizationCreationAllowed } from "./queries";

export interface ShellNavItem {
  href: string;
  label: string;
  icon: "users" | "workspaces" | "organization" | "account";
  /** Shown greyed out, with this reason, to those who may not open it. */
  disabledReason?: string;
}

export interface Shell {
  nav: ShellNavItem[];
  organization: { id: string; name: string; roleLabel: string };
  organizations: { id: string; name: string; roleLabel: string }[];
  /** The server lets people create further organizations (ALLOW_ORG_CREATION=true). */
  canCreateOrganization: boolean;
  user: { name: string; email: string; theme: "light" | "dark" | "system" };
  /**
   * For owners and admins, from a few days before the subscription lapses and while it has
   * lapsed; null otherwise.
   */
  subscriptionNotice:
    | { state: "ending"; until: Date; canRenew: boolean }
    | { state: "lapsed"; since: Date; canRenew: boolean }
    | null;
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
  if (active) {
    nav.push({
      href: "/settings/organization",
      label: "Organization",
      icon: "organization",
      ...(can(actor, "settings.view", organization)
        ? {}
        : { disabledReason: "Organization settings are for owners and admins." }),
    });
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
  const subscription = subscriptionState(membership.organization.subscriptionActiveUntil);
  const canRenew = can(actor, "settings.edit", organization);
  const warned = membership.role === "owner" || membership.role === "admin";
  const subscriptionNotice: Shell["subscriptionNotice"] = !warned
    ? null
    : subscription.state === "lapsed"
      ? { state: "lapsed", since: subscription.since, canRenew }
      : subscription.state === "active" && subscription.endingSoon
        ? { state: "ending", until: subscription.until, canRenew }
        : null;
  return {
    subscriptionNotice,
    nav,
    organization: describe(membership),
    organizations: caller.memberships.map(describe),
    canCreateOrganization: organizationCreationAllowed(),
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
