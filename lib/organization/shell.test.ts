import { describe, expect, it } from "vitest";
import type { Caller } from "@/lib/auth/caller";
import type { Actor, OrgRole } from "@/lib/permissions";
import { shellFor } from "./shell";

const DAY = 24 * 60 * 60 * 1000;

function viewer(role: OrgRole, activeUntil: Date | null) {
  const lapsed = activeUntil !== null && activeUntil.getTime() < Date.now();
  const status = lapsed && role !== "owner" ? "suspended" : "active";
  const membership = {
    id: "m1",
    role,
    status,
    organization: { id: "o1", name: "Acme", slug: "acme", subscriptionActiveUntil: activeUntil },
  } as const;
  const caller: Caller = {
    user: {
      id: "u1",
      email: "u@acme.test",
      firstName: "U",
      lastName: "One",
      themePreference: "system",
    },
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
  };
  return shellFor(caller, actor).subscriptionNotice;
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
