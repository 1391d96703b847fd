import { afterEach, describe, expect, it, vi } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import type { Actor, OrgRole } from "@/lib/permissions";
import { shellFor } from "./shell";

const DAY = 24 * 60 * 60 * 1000;

function viewer(role: OrgRole, activeUntil: Date | null) {
  return shellOf(role, activeUntil).subscriptionNotice;
}

function shellOf(role: OrgRole, activeUntil: Date | null = null) {
  const lapsed = activeUntil !== null && activeUntil.getTime() < Date.now();
  const status = lapsed && role !== "owner" ? "suspended" : "active";
  const membership = {
    id: "m1",
    role,
    status,
    organization: {
      id: "o1",
      name: "Acme",
      slug: "acme",
      subscriptionActiveUntil: activeUntil,
      requireTwoFactorAdmins: false,
    },
  } as const;
  const caller: Caller = {
    user: {
      id: "u1",
      email: "u@acme.test",
      firstName: "U",
      lastName: "One",
      themePreference: "system",
      twoFactorEnabled: false,
      version: 1,
    },
    sessionId: "s1",
    membership,
    memberships: [membership],
  };
  const actor: Actor = {
    userId: "u1",
    membershipId: "m1",
    organizationId: "o1",
    orgRole: role,
    status,
    managedWorkspaceIds: new Set(),
    holdings: new Map(),
  };
  return shellFor(caller, actor);
}

describe("the subscription notice in the app's frame", () => {
  it("warns owners and admins from seven days before the end; the owner may renew", () => {
    const soon = new Date(Date.now() + 3 * DAY);
    expect(viewer("owner", soon)).toEqual({ state: "ending", until: soon, canRenew: true });
    expect(viewer("admin", soon)).toEqual({ state: "ending", until: soon, canRenew: false });
    expect(viewer("member", soon)).toBeNull();
    expect(viewer("owner", new Date(Date.now() + 10 * DAY))).toBeNull();
    expect(viewer("owner", null)).toBeNull();
  });

  it("says so while it has lapsed", () => {
    const since = new Date(Date.now() - DAY);
    expect(viewer("owner", since)).toEqual({ state: "lapsed", since, canRenew: true });
    expect(viewer("admin", since)).toEqual({ state: "lapsed", since, canRenew: false });
    expect(viewer("member", since)).toBeNull();
  });
});

describe("the navigation", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("owners and admins open Organization; members see it greyed out, with the reason", () => {
    const organization = (role: OrgRole) =>
      shellOf(role).nav.find((item) => item.href === "/settings/organization");
    for (const role of ["owner", "admin"] as const) {
      expect(organization(role)).toEqual({
        href: "/settings/organization",
        label: "Organization",
        icon: "organization",
      });
    }
    expect(organization("member")).toEqual({
      href: "/settings/organization",
      label: "Organization",
      icon: "organization",
      disabledReason: "Organization settings are for owners and admins.",
    });
    expect(shellOf("member").nav.map((item) => item.label)).toEqual([
      "Workspaces",
      "Organization",
      "Account",
    ]);
  });

  it("offers creating an organization only when the server allows it", () => {
    vi.stubEnv("ALLOW_ORG_CREATION", "true");
    expect(shellOf("member").canCreateOrganization).toBe(true);
    vi.stubEnv("ALLOW_ORG_CREATION", "false");
    expect(shellOf("owner").canCreateOrganization).toBe(false);
  });
});
