import "server-only";
import { cookies } from "next/headers";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import {
  effectiveMembershipStatus,
  managedWorkspaceIds,
  type Actor,
  type MembershipStatus,
  type OrgRole,
} from "@/lib/permissions";
import { perRequest } from "@/lib/request/cache";
import { getWorkspaceGrants, getWorkspaceTree } from "@/lib/request/workspace-tree";
import { getSession } from "./session";

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
  };
}

export interface Caller {
  user: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    themePreference: "light" | "dark" | "system";
  };
  /** The organization the caller is working in (cookie, else their first membership). */
  membership: CallerMembership;
  memberships: CallerMembership[];
}

/**
 * Who is calling, from the session and the live database in one query. A stale sessionVersion
 * (password reset, sign-out everywhere) or a deleted account reads as signed out. A membership
 * that is disabled or suspended is returned with that status: callers must check it (the action
 * pipeline and the app layout do).
 */
export const getCaller = perRequest(async (): Promise<Caller | null> => {
  const session = await getSession();
  if (!session) return null;
  const db = await getDb();
  const user = await db.user.findUnique({
    where: { id: session.userId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      themePreference: true,
      sessionVersion: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          role: true,
          status: true,
          organization: {
            select: { id: true, name: true, slug: true, subscriptionActiveUntil: true },
          },
        },
      },
    },
  });
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  if (user.memberships.length === 0) return null;

  const memberships: CallerMembership[] = user.memberships.map((m) => ({
    id: m.id,
    role: m.role,
    status: effectiveMembershipStatus(m.status, m.role, m.organization.subscriptionActiveUntil),
    organization: {
      id: m.organization.id,
      name: m.organization.name,
      slug: m.organization.slug,
      subscriptionActiveUntil: m.organization.subscriptionActiveUntil,
    },
  }));
  const wanted = (await cookies()).get(CURRENT_ORG_COOKIE)?.value;
  const membership =
    memberships.find((m) => m.organization.id === wanted) ??
    memberships.find((m) => m.status === "active") ??
    memberships[0]!;
  const { sessionVersion: _sv, memberships: _m, ...profile } = user;
  return { user: profile, membership, memberships };
});

/** The caller as the permission matrix sees them: role, live status and their workspaces. */
export const getActor = perRequest(async (): Promise<Actor | null> => {
  const caller = await getCaller();
  if (!caller) return null;
  return actorFor(caller);
});

export async function actorFor(caller: Caller): Promise<Actor> {
  const { membership } = caller;
  const organizationId = membership.organization.id;
  let managed = new Set<string>();
  if (membership.status === "active") {
    const [tree, grants] = await Promise.all([
      getWorkspaceTree(organizationId),
      membership.role === "member" ? getWorkspaceGrants(membership.id) : Promise.resolve([]),
    ]);
    managed = managedWorkspaceIds(tree, grants, membership.role);
  }
  return {
    userId: caller.user.id,
    membershipId: membership.id,
    organizationId,
    orgRole: membership.role,
    status: membership.status,
    managedWorkspaceIds: managed,
  };
}
