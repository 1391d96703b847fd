import "server-only";
import { getDb, type Prisma } from "@/lib/db";
import {
  effectiveMembershipStatus,
  personaOf,
  WorkspaceTree,
  type Actor,
  type MembershipStatus,
  type OrgRole,
} from "@/lib/permissions";

/**
 * The memberships a caller may see (SPEC §2 "see the Users list"): everyone for owners and
 * admins; for a workspace manager, the people with a role in their workspaces — explicit there,
 * or inherited from an ancestor of one of them.
 */
export async function visibleMembershipsWhere(actor: Actor): Promise<Prisma.MembershipWhereInput> {
  const base = { organizationId: actor.organizationId };
  const persona = personaOf(actor);
  if (persona === "owner" || persona === "admin") return base;
  if (persona === "member") return { ...base, id: "__none__" };
  const db = await getDb();
  const tree = new WorkspaceTree(
    await db.workspace.findMany({ where: base, select: { id: true, parentId: true, name: true } }),
  );
  const reach = new Set<string>();
  for (const id of actor.managedWorkspaceIds) {
    reach.add(id);
    for (const ancestor of tree.ancestors(id)) reach.add(ancestor.id);
  }
  return { ...base, workspaceRoles: { some: { workspaceId: { in: [...reach] } } } };
}

export interface MemberRow {
  membershipId: string;
  userId: string;
  name: string;
  email: string;
  role: OrgRole;
  status: MembershipStatus;
  workspaceCount: number;
}

export async function listMembers(
  actor: Actor,
  { page = 1, pageSize = 50 }: { page?: number; pageSize?: number } = {},
): Promise<{ rows: MemberRow[]; total: number }> {
  const db = await getDb();
  const where = await visibleMembershipsWhere(actor);
  const [total, memberships, organization] = await Promise.all([
    db.membership.count({ where }),
    db.membership.findMany({
      where,
      orderBy: [{ user: { firstName: "asc" } }, { user: { lastName: "asc" } }, { id: "asc" }],
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        role: true,
        status: true,
        user: { select: { id: true, email: true, firstName: true, lastName: true } },
        _count: { select: { workspaceRoles: true } },
      },
    }),
    db.organization.findUniqueOrThrow({ where: { id: actor.organizationId }, select: { subscriptionActiveUntil: true } }),
  ]);
  return {
    total,
    rows: memberships.map((m) => ({
      membershipId: m.id,
      userId: m.user.id,
      name: `${m.user.firstName} ${m.user.lastName}`,
      email: m.user.email,
      role: m.role,
      status: effectiveMembershipStatus(m.status, m.role, organization.subscriptionActiveUntil),
      workspaceCount: m._count.workspaceRoles,
    })),
  };
}
