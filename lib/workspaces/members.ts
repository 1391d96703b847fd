import "server-only";
import type { Db, Prisma } from "@/lib/db";
import {
  can,
  effectiveRolesIn,
  personaOf,
  type Actor,
  type MembershipStatus,
  type OrgRole,
  type Target,
  type WorkspaceRole,
  type WorkspaceTree,
} from "@/lib/permissions";
import { displayName } from "@/lib/people";
import type { WorkspacePageQuery } from "./schemas";

/** How many members a workspace page lists at a time. */
export const WORKSPACE_MEMBERS_PAGE_SIZE = 50;
/** How many of the owner and admins a workspace page names (the rest: a count). */
export const ORGANIZATION_MANAGERS_SHOWN = 10;
/** How many people the "add someone" search offers at a time. */
export const ADDABLE_LIMIT = 10;

export interface WorkspaceMemberRow {
  userId: string;
  name: string;
  email: string;
  status: MembershipStatus;
  /** Their own role here, if any (it may be outranked by an inherited one). */
  explicitRole: WorkspaceRole | null;
  effectiveRole: WorkspaceRole;
  /** Where the effective role comes from, when it is inherited. */
  inheritedFrom: { id: string; name: string } | null;
  /** The viewer may change or remove this person's role here. */
  editable: boolean;
}

export interface OrganizationManagerRow {
  userId: string;
  name: string;
  email: string;
  orgRole: Exclude<OrgRole, "member">;
  status: MembershipStatus;
}

/** A workspace's people, as its page shows them to someone who may see its members. */
export interface WorkspacePeople {
  /** One page of the people with a role here (explicit or inherited), matching the search. */
  members: WorkspaceMemberRow[];
  memberList: { q: string; page: number; pages: number; total: number };
  /** The owner and admins (managers of every workspace): the first few, and how many in all. */
  organizationManagers: OrganizationManagerRow[];
  organizationManagersTotal: number;
  /**
   * Organization members the viewer may add here (active, no role here yet) matching `find`:
   * the first ADDABLE_LIMIT of them, and whether there are more.
   */
  addable: {
    find: string;
    people: { userId: string; name: string; email: string }[];
    more: boolean;
  };
  /** The viewer may add people here (they manage it). */
  canAdd: boolean;
}

export const NO_PEOPLE: WorkspacePeople = {
  members: [],
  memberList: { q: "", page: 1, pages: 1, total: 0 },
  organizationManagers: [],
  organizationManagersTotal: 0,
  addable: { find: "", people: [], more: false },
  canAdd: false,
};

const BY_NAME = [
  { user: { firstName: "asc" } },
  { user: { lastName: "asc" } },
  { id: "asc" },
] satisfies Prisma.MembershipOrderByWithRelationInput[];

const PERSON = {
  id: true,
  role: true,
  status: true,
  user: { select: { id: true, email: true, firstName: true, lastName: true } },
  workspaceRoles: { select: { workspaceId: true, role: true } },
} satisfies Prisma.MembershipSelect;

type PersonRow = Prisma.MembershipGetPayload<{ select: typeof PERSON }>;

/**
 * A search for people by name or email: every word must appear, any case, in the first name,
 * the last name or the email ("ada love" finds Ada Lovelace).
 */
function personSearch(text: string | undefined): Prisma.MembershipWhereInput[] {
  if (!text) return [];
  return text
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 5)
    .map((word) => ({
      user: {
        OR: [
          { firstName: { contains: word, mode: "insensitive" } },
          { lastName: { contains: word, mode: "insensitive" } },
          { email: { contains: word, mode: "insensitive" } },
        ],
      },
    }));
}

interface PeopleContext {
  db: Db;
  actor: Actor;
  tree: WorkspaceTree;
  workspaceId: string;
  query: WorkspacePageQuery;
  /** A membership's status as it reads now (suspended while the subscription has lapsed). */
  status: (stored: "active" | "disabled", role: OrgRole) => MembershipStatus;
}

/**
 * The members: people with a role on this workspace's path (their own here, or inherited from
 * an ancestor), a page at a time, and the organization's owner and admins (managers of every
 * workspace); then the people the viewer may add. The matrix decides what the viewer may do to
 * each, from all the person's grants.
 */
export async function workspacePeople(ctx: PeopleContext): Promise<WorkspacePeople> {
  const { db, actor, tree, workspaceId, query, status } = ctx;
  const organizationId = actor.organizationId;
  const path = tree.withAncestors([workspaceId]);
  const search = personSearch(query.q);
  const memberWhere: Prisma.MembershipWhereInput = {
    organizationId,
    role: "member",
    workspaceRoles: { some: { workspaceId: { in: path } } },
    AND: search,
  };
  const managersWhere: Prisma.MembershipWhereInput = {
    organizationId,
    role: { in: ["owner", "admin"] },
    AND: search,
  };
  const memberTotal = await db.membership.count({ where: memberWhere });
  const pages = Math.max(1, Math.ceil(memberTotal / WORKSPACE_MEMBERS_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const [pageMembers, managers, managersTotal, addable] = await Promise.all([
    db.membership.findMany({
      where: memberWhere,
      orderBy: BY_NAME,
      skip: (page - 1) * WORKSPACE_MEMBERS_PAGE_SIZE,
      take: WORKSPACE_MEMBERS_PAGE_SIZE,
      select: PERSON,
    }),
    db.membership.findMany({
      where: managersWhere,
      // The owner first (the enum's order), then admins by name.
      orderBy: [{ role: "asc" }, ...BY_NAME],
      take: ORGANIZATION_MANAGERS_SHOWN,
      select: PERSON,
    }),
    db.membership.count({ where: managersWhere }),
    addablePeople(ctx, path),
  ]);

  const people = [...managers, ...pageMembers].map((p) => ({
    ...p,
    membershipId: p.id,
    orgRole: p.role,
    grants: p.workspaceRoles,
  }));
  const rows = effectiveRolesIn(tree, workspaceId, people);
  return {
    members: rows.flatMap(({ person, effective }) =>
      effective.source === "organization"
        ? []
        : [
            {
              userId: person.user.id,
              name: displayName(person.user),
              email: person.user.email,
              status: status(person.status, person.role),
              explicitRole: effective.explicitRole,
              effectiveRole: effective.role,
              inheritedFrom:
                effective.source === "inherited"
                  ? { id: effective.inheritedFrom.id, name: effective.inheritedFrom.name }
                  : null,
              editable: can(actor, "users.setWorkspaceRoles", personTarget(ctx, person)),
            },
          ],
    ),
    memberList: { q: query.q ?? "", page, pages, total: memberTotal },
    organizationManagers: rows.flatMap(({ person, effective }) =>
      effective.source === "organization"
        ? [
            {
              userId: person.user.id,
              name: displayName(person.user),
              email: person.user.email,
              orgRole: person.role === "owner" ? ("owner" as const) : ("admin" as const),
              status: status(person.status, person.role),
            },
          ]
        : [],
    ),
    organizationManagersTotal: managersTotal,
    addable,
    canAdd: actor.managedWorkspaceIds.has(workspaceId),
  };
}

/** The matrix's target for a person and this workspace, with where their roles reach. */
function personTarget({ actor, tree, workspaceId }: PeopleContext, person: PersonRow): Target {
  return {
    kind: "user",
    organizationId: actor.organizationId,
    userId: person.user.id,
    orgRole: person.role,
    workspaceIds: tree.subtreeOf(person.workspaceRoles.map((g) => g.workspaceId)),
    workspaceId,
  };
}

/**
 * The people the viewer may add here: active organization members with no role on this
 * workspace's path yet; for a workspace manager, only people from their own workspaces (or
 * inheriting into them). Found by a search, a few at a time, so this stays small in any
 * organization; the matrix has the last word on each.
 */
async function addablePeople(
  ctx: PeopleContext,
  path: string[],
): Promise<WorkspacePeople["addable"]> {
  const { db, actor, tree, workspaceId, query, status } = ctx;
  if (!actor.managedWorkspaceIds.has(workspaceId)) return { find: "", people: [], more: false };
  const find = query.find ?? "";
  // While the subscription has lapsed, nobody but the owner is active: nobody to add.
  if (status("active", "member") !== "active") return { find, people: [], more: false };
  const scope: Prisma.MembershipWhereInput[] =
    personaOf(actor) === "manager"
      ? [
          {
            workspaceRoles: {
              some: { workspaceId: { in: tree.withAncestors(actor.managedWorkspaceIds) } },
            },
          },
        ]
      : [];
  const candidates = await db.membership.findMany({
    where: {
      organizationId: actor.organizationId,
      role: "member",
      status: "active",
      AND: [
        { workspaceRoles: { none: { workspaceId: { in: path } } } },
        ...scope,
        ...personSearch(query.find),
      ],
    },
    orderBy: BY_NAME,
    take: ADDABLE_LIMIT + 1,
    select: PERSON,
  });
  return {
    find,
    more: candidates.length > ADDABLE_LIMIT,
    people: candidates
      .slice(0, ADDABLE_LIMIT)
      .filter((p) => can(actor, "users.setWorkspaceRoles", personTarget(ctx, p)))
      .map((p) => ({ userId: p.user.id, name: displayName(p.user), email: p.user.email })),
  };
}
