import "server-only";
import { cookies } from "next/headers";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import {
  effectiveMembershipStatus,
  actorScope,
  type Actor,
  type MembershipStatus,
  type OrgRole,
} from "@/lib/permissions";
import { noteCatalogVersion } from "@/lib/request/catalog";
import { perRequest } from "@/lib/request/cache";
import { noteRequestCaller } from "@/lib/request/context";
import { getWorkspaceGrants, getWorkspaceTree } from "@/lib/request/workspace-tree";
import { getSession } from "./session";
import { ACTIVITY_RESOLUTION_MS, sessionIsLive } from "./sessions";
import { hiddenBySso } from "./sso-enforcement";

export const CURRENT_ORG_COOKIE = "roster_org";

/**
 * Remembers which organization the person works in (after switching, or joining one). The
 * cookie only names it: the membership is read live on every request, so it grants nothing.
 */
export async function rememberOrganization(organizationId: string): Promise<void> {
  (await cookies()).set(CURRENT_ORG_COOKIE, organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.isProduction && config.appUrl.startsWith("https://"),
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
}

export interface CallerMembership {
  id: string;
  role: OrgRole;
  status: MembershipStatus;
  organization: {
    id: string;
    name: string;
    slug: string;
    /** NULL: no end. In the past: lapsed (non-owners read as suspended). */
    subscriptionActiveUntil: Date | null;
    requireTwoFactorAdmins: boolean;
  };
}

export interface Caller {
  user: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    themePreference: "light" | "dark" | "system";
    twoFactorEnabled: boolean;
    /** The account row's version, as the session read it (the profile form's edit check). */
    version: number;
  };
  /** The server-side session of this browser (its Session row id). */
  sessionId: string;
  /** The organization the caller is working in (cookie, else their first membership). */
  membership: CallerMembership;
  memberships: CallerMembership[];
}

/**
 * Who is calling, from the session cookie and the live database in one query: the session's row
 * must exist and be within its idle and absolute lifetimes (lib/auth/sessions.ts), so a session
 * signed out elsewhere, or ended by a password change or reset, reads as signed out. A membership
 * that is disabled or suspended is returned with that status: callers must check it (the action
 * pipeline and the app layout do).
 */
export const getCaller = perRequest(async (): Promise<Caller | null> => {
  const session = await getSession();
  if (!session) return null;
  const db = await getDb();
  const row = await db.session.findUnique({
    where: { tokenHash: session.sessionKey },
    select: {
      id: true,
      userId: true,
      lastActiveAt: true,
      expiresAt: true,
      method: true,
      ssoOrganizationId: true,
      user: {
        select: {
          id: true,
          email: true,
          firstName: true,
          lastName: true,
          themePreference: true,
          totpEnabledAt: true,
          version: true,
          memberships: {
            orderBy: { createdAt: "asc" },
            select: {
              id: true,
              role: true,
              status: true,
              organization: {
                select: {
                  id: true,
                  name: true,
                  slug: true,
                  subscriptionActiveUntil: true,
                  requireTwoFactorAdmins: true,
                  ssoEnforcedDomains: true,
                  catalogVersion: true,
                },
              },
            },
          },
        },
      },
    },
  });
  if (!row || row.userId !== session.userId) return null;
  const now = new Date();
  if (!sessionIsLive(row, now)) {
    await db.session.deleteMany({ where: { id: row.id } });
    return null;
  }
  if (now.getTime() - row.lastActiveAt.getTime() >= ACTIVITY_RESOLUTION_MS) {
    await db.session.updateMany({ where: { id: row.id }, data: { lastActiveAt: now } });
  }
  const { user } = row;
  // Where single sign-on is enforced, a session that didn't come through the organization's
  // provider doesn't see that membership (lib/auth/sso-enforcement.ts).
  const visible = user.memberships.filter((m) => !hiddenBySso(m, user.email, row));
  if (visible.length === 0) return null;

  // What the server remembers of each organization's workspaces and roles is current at this
  // version (lib/request/catalog.ts).
  await Promise.all(
    visible.map((m) => noteCatalogVersion(m.organization.id, m.organization.catalogVersion)),
  );
  const memberships: CallerMembership[] = visible.map(
    ({ organization: { ssoEnforcedDomains: _d, catalogVersion: _v, ...organization }, ...m }) => ({
      id: m.id,
      role: m.role,
      status: effectiveMembershipStatus(m.status, m.role, organization.subscriptionActiveUntil),
      organization,
    }),
  );
  const wanted = (await cookies()).get(CURRENT_ORG_COOKIE)?.value;
  const membership =
    memberships.find((m) => m.organization.id === wanted) ??
    memberships.find((m) => m.status === "active") ??
    memberships[0]!;
  noteRequestCaller(user.id, membership.organization.id);
  const { memberships: _m, totpEnabledAt, ...profile } = user;
  return {
    user: { ...profile, twoFactorEnabled: totpEnabledAt !== null },
    sessionId: row.id,
    membership,
    memberships,
  };
});

/**
 * Whether the organization the caller works in requires two-factor authentication of them (an owner
 * or admin, when its Security setting says so) and they haven't set it up: until they do, its pages
 * send them to set-up and its actions refuse.
 */
export function twoFactorSetupRequired(caller: Caller): boolean {
  const { membership, user } = caller;
  return (
    membership.organization.requireTwoFactorAdmins &&
    (membership.role === "owner" || membership.role === "admin") &&
    !user.twoFactorEnabled
  );
}

/** The caller as the permission matrix sees them: role, live status and their workspaces. */
export const getActor = perRequest(async (): Promise<Actor | null> => {
  const caller = await getCaller();
  if (!caller) return null;
  return actorFor(caller);
});

export async function actorFor(caller: Caller): Promise<Actor> {
  const { membership } = caller;
  const organizationId = membership.organization.id;
  let scope: Pick<Actor, "managedWorkspaceIds" | "holdings"> = {
    managedWorkspaceIds: new Set(),
    holdings: new Map(),
  };
  if (membership.status === "active") {
    const [tree, grants] = await Promise.all([
      getWorkspaceTree(organizationId),
      membership.role === "member" ? getWorkspaceGrants(membership.id) : Promise.resolve([]),
    ]);
    scope = actorScope(tree, grants, membership.role);
  }
  return {
    userId: caller.user.id,
    membershipId: membership.id,
    organizationId,
    orgRole: membership.role,
    status: membership.status,
    ...scope,
  };
}
