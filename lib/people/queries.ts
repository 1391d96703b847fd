import "server-only";
import {
  pendingEmailChangeRelation,
  toPendingEmailChange,
  type PendingEmailChange,
} from "@/lib/account";
import { ActionError, denyMessage } from "@/lib/actions/errors";
import type { Db, Tx } from "@/lib/db";
import type { Actor, OrgRole, UserTarget, WorkspaceGrant } from "@/lib/permissions";
import { getWorkspaceTree, GRANT_CUSTOM_ROLE } from "@/lib/request/workspace-tree";

export interface TargetMember {
  membershipId: string;
  userId: string;
  role: OrgRole;
  status: "active" | "disabled";
  membershipVersion: number;
  email: string;
  firstName: string;
  lastName: string;
  userVersion: number;
  /** Workspaces where the person has an explicit role. */
  explicitWorkspaceIds: string[];
  /** Those roles. */
  workspaceGrants: WorkspaceGrant[];
  /** How many organizations the person's account belongs to, this one included. */
  organizationCount: number;
  /** Explicit ones and every workspace below them (where a role is inherited). */
  effectiveWorkspaceIds: string[];
  /** A change of their email waiting for confirmation (read with them: Edit user shows it). */
  pendingEmailChange: PendingEmailChange | null;
}

/**
 * A person of the caller's organization, by user id. Another organization's person, or nobody,
 * is null: the caller answers "not found" either way.
 */
export async function findTargetMember(
  db: Db | Tx,
  organizationId: string,
  userId: string,
): Promise<TargetMember | null> {
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: {
      id: true,
      role: true,
      status: true,
      version: true,
      user: {
        select: {
          id: true,
          email: true,
          firstName: true,
          lastName: true,
          version: true,
          _count: { select: { memberships: true } },
          emailChangeTokens: pendingEmailChangeRelation(),
        },
      },
      // With their custom roles: "Why can they?" and the matrix read what each allows.
      workspaceRoles: {
        select: { workspaceId: true, role: true, customRole: GRANT_CUSTOM_ROLE },
      },
    },
  });
  if (!membership) return null;
  const explicit = membership.workspaceRoles.map((w) => w.workspaceId);
  const effective =
    explicit.length > 0 ? (await getWorkspaceTree(organizationId)).subtreeOf(explicit) : [];
  return {
    membershipId: membership.id,
    userId: membership.user.id,
    role: membership.role,
    status: membership.status,
    membershipVersion: membership.version,
    email: membership.user.email,
    firstName: membership.user.firstName,
    lastName: membership.user.lastName,
    userVersion: membership.user.version,
    explicitWorkspaceIds: explicit,
    workspaceGrants: membership.workspaceRoles,
    organizationCount: membership.user._count.memberships,
    effectiveWorkspaceIds: effective,
    pendingEmailChange: membership.user.emailChangeTokens[0]
      ? toPendingEmailChange(membership.user.emailChangeTokens[0], membership.user.id)
      : null,
  };
}

/** `findTargetMember` inside an action: nobody there answers "not found" to the person. */
export async function requireTargetMember(
  db: Db | Tx,
  organizationId: string,
  userId: string,
): Promise<TargetMember> {
  const member = await findTargetMember(db, organizationId, userId);
  if (!member) throw new ActionError(denyMessage("not_found"));
  return member;
}

/** The permission target for a person; a missing one is shaped as another tenant's (not found). */
export function userTarget(
  actor: Actor,
  userId: string,
  member: TargetMember | null,
  extra: { workspaceId?: string; newRole?: OrgRole } = {},
): UserTarget {
  return {
    kind: "user",
    organizationId: member ? actor.organizationId : "(not in this organization)",
    userId,
    orgRole: member?.role ?? "member",
    workspaceIds: member?.effectiveWorkspaceIds ?? [],
    ...extra,
  };
}

export function displayName(person: { firstName: string; lastName: string }): string {
  return `${person.firstName} ${person.lastName}`.trim();
}
