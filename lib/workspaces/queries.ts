import "server-only";
import { getDb, Prisma, type Db, type Tx } from "@/lib/db";
import {
  can,
  effectiveMembershipStatus,
  effectiveWorkspaceRoles,
  personaOf,
  WorkspaceTree,
  type Actor,
  type EffectiveWorkspaceRole,
  type MembershipStatus,
  type OrgRole,
  type Target,
  type WorkspaceRole,
} from "@/lib/permissions";
import { moveDestinations } from "@/lib/workspaces/tree";
import type { WorkspacePageQuery } from "@/lib/workspaces/schemas";
import { displayName } from "@/lib/people/queries";
import { effectiveRolesIn, reachOf, scopeOf } from "@/lib/workspaces/members";

export interface WorkspaceTreeNode {
  id: string;
  name: string;
  /** People with a role here, explicit or inherited (owners and admins not counted). */
  memberCount: number;
  /** The viewer's effective role here, or null when they have none (owners/admins: manager). */
  myRole: WorkspaceRole | null;
  /** Pending join requests here, when the viewer may decide them (else 0). */
  pendingJoinRequests: number;
  children: WorkspaceTreeNode[];
}

function workspaceTarget(actor: Actor, workspaceId: string | null): Target {
  return { kind: "workspace", organizationId: actor.organizationId, workspaceId };
}

/** Loads the organization's workspaces, indexed as a tree. */
async function treeOf(db: Db | Tx, organizationId: string): Promise<WorkspaceTree> {
  return new WorkspaceTree(
    await db.workspace.findMany({
      where: { organizationId },
      orderBy: { name: "asc" },
      select: { id: true, parentId: true, name: true },
    }),
  );
}

async function grantsOf(db: Db, actor: Actor) {
  return db.workspaceMembership.findMany({
    where: { organizationId: actor.organizationId, membership: { userId: actor.userId } },
    select: { workspaceId: true, role: true },
  });
}

/**
 * How many people have a role in each workspace (all of the organization's, or `workspaceIds`),
 * explicit there or inherited from an ancestor; someone with roles at several levels counts
 * once. Owners and admins, managers of every workspace, are not counted. Counted by the database
 * (each workspace joined to its path), so that no page loads everyone's roles to count them.
 */
export async function effectiveMemberCounts(
  db: Db | Tx,
  organizationId: string,
  workspaceIds?: readonly string[],
): Promise<Map<string, number>> {
  if (workspaceIds?.length === 0) return new Map();
  const only = workspaceIds
    ? Prisma.sql`AND id IN (${Prisma.join([...workspaceIds])})`
    : Prisma.empty;
  // The depth bound only guards against a corrupt (cyclic) tree; moves never make one.
  const rows = await db.$queryRaw<{ workspaceId: string; n: number }[]>`
    WITH RECURSIVE path(id, ancestor, depth) AS (
      SELECT id, id, 0 FROM "Workspace" WHERE "organizationId" = ${organizationId} ${only}
      UNION ALL
      SELECT p.id, w."parentId", p.depth + 1
      FROM path p JOIN "Workspace" w ON w.id = p.ancestor
      WHERE w."parentId" IS NOT NULL AND p.depth < 1000
    )
    SELECT p.id AS "workspaceId", count(DISTINCT g."membershipId")::int AS n
    FROM path p
    JOIN "WorkspaceMembership" g ON g."workspaceId" = p.ancestor
    JOIN "Membership" m ON m.id = g."membershipId" AND m.role = 'member'
    WHERE g."organizationId" = ${organizationId}
    GROUP BY p.id`;
  return new Map(rows.map((r) => [r.workspaceId, r.n]));
}

/**
 * Someone who just got a role in a workspace no longer needs their pending requests to join it or
 * the workspaces below it (they inherit the role there): those requests are closed as approved,
 * with the role given, so no manager decides them later. Returns how many were closed.
 */
export async function closeSatisfiedJoinRequests(
  tx: Tx,
  input: {
    organizationId: string;
    membershipId: string;
    workspaceIds: readonly string[];
    role: WorkspaceRole;
    decidedById: string;
  },
): Promise<number> {
  const closed = await tx.joinRequest.updateMany({
    where: {
      organizationId: input.organizationId,
      membershipId: input.membershipId,
      workspaceId: { in: [...input.workspaceIds] },
      status: "pending",
    },
    data: {
      status: "approved",
      pendingMembershipId: null,
      decidedById: input.decidedById,
      decidedRole: input.role,
      decidedAt: new Date(),
    },
  });
  return closed.count;
}

/**
 * The workspace tree as the caller may see it: everything for owners and admins; for others the
 * workspaces where they have an effective role, with the ancestors needed to place them.
 */
export async function workspaceTreeFor(actor: Actor): Promise<WorkspaceTreeNode[]> {
  const db = await getDb();
  const where = { organizationId: actor.organizationId };
  const [tree, mine, counts, pending] = await Promise.all([
    treeOf(db, actor.organizationId),
    grantsOf(db, actor),
    effectiveMemberCounts(db, actor.organizationId),
    db.joinRequest.groupBy({
      by: ["workspaceId"],
      where: { ...where, status: "pending" },
      _count: { _all: true },
    }),
  ]);
  const roles = effectiveWorkspaceRoles(tree, mine, actor.orgRole);
  const visible = new Set<string>();
  for (const id of roles.keys()) {
    visible.add(id);
    for (const ancestor of tree.ancestors(id)) visible.add(ancestor.id);
  }
  const pendingHere = new Map(pending.map((p) => [p.workspaceId, p._count._all]));
  const build = (parentId: string | null): WorkspaceTreeNode[] =>
    tree
      .children(parentId)
      .filter((node) => visible.has(node.id))
      .map((node) => ({
        id: node.id,
        name: node.name,
        memberCount: counts.get(node.id) ?? 0,
        myRole: roles.get(node.id)?.role ?? null,
        pendingJoinRequests: can(actor, "joinRequests.decide", workspaceTarget(actor, node.id))
          ? (pendingHere.get(node.id) ?? 0)
          : 0,
        children: build(node.id),
      }));
  return build(null);
}

export interface JoinableWorkspace {
  id: string;
  path: string;
  /** The caller already asked to join and is waiting for a decision. */
  requested: boolean;
}

/**
 * The workspaces the caller may ask to join: every workspace of the organization where they have
 * no role, explicit or inherited. Owners and admins are managers everywhere: none.
 */
export async function joinableWorkspacesFor(actor: Actor): Promise<JoinableWorkspace[]> {
  if (actor.orgRole !== "member") return [];
  const db = await getDb();
  const [tree, mine, requests] = await Promise.all([
    treeOf(db, actor.organizationId),
    grantsOf(db, actor),
    db.joinRequest.findMany({
      where: {
        organizationId: actor.organizationId,
        status: "pending",
        membership: { userId: actor.userId },
      },
      select: { workspaceId: true },
    }),
  ]);
  const roles = effectiveWorkspaceRoles(tree, mine, actor.orgRole);
  const requested = new Set(requests.map((r) => r.workspaceId));
  return tree
    .all()
    .filter((node) => !roles.has(node.id))
    .map((node) => ({ id: node.id, path: tree.path(node.id), requested: requested.has(node.id) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

export interface JoinRequestRow {
  id: string;
  workspaceId: string;
  workspacePath: string;
  userId: string;
  name: string;
  email: string;
  message: string | null;
  createdAt: Date;
}

/**
 * Pending join requests the caller may decide (SPEC §2: owners and admins all, a workspace
 * manager those for their workspaces), oldest first; optionally only one workspace's.
 */
export async function pendingJoinRequestsFor(
  actor: Actor,
  workspaceId?: string,
): Promise<JoinRequestRow[]> {
  if (personaOf(actor) === "member") return [];
  const db = await getDb();
  const [tree, requests] = await Promise.all([
    treeOf(db, actor.organizationId),
    db.joinRequest.findMany({
      where: {
        organizationId: actor.organizationId,
        status: "pending",
        ...(workspaceId ? { workspaceId } : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        workspaceId: true,
        message: true,
        createdAt: true,
        membership: {
          select: { user: { select: { id: true, email: true, firstName: true, lastName: true } } },
        },
      },
    }),
  ]);
  return requests
    .filter((r) => can(actor, "joinRequests.decide", workspaceTarget(actor, r.workspaceId)))
    .map((r) => ({
      id: r.id,
      workspaceId: r.workspaceId,
      workspacePath: tree.path(r.workspaceId),
      userId: r.membership.user.id,
      name: displayName(r.membership.user),
      email: r.membership.user.email,
      message: r.message,
      createdAt: r.createdAt,
    }));
}

/** How many pending join requests wait for the caller's decision (0 for those who decide none). */
export async function pendingJoinRequestCount(actor: Actor): Promise<number> {
  const persona = personaOf(actor);
  if (persona === "member") return 0;
  const db = await getDb();
  const where = { organizationId: actor.organizationId, status: "pending" as const };
  if (persona === "owner" || persona === "admin") return db.joinRequest.count({ where });
  const decidable = [...actor.managedWorkspaceIds].filter((id) =>
    can(actor, "joinRequests.decide", workspaceTarget(actor, id)),
  );
  return db.joinRequest.count({ where: { ...where, workspaceId: { in: decidable } } });
}

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

/** What deleting a workspace takes with it. */
export interface WorkspaceDeletion {
  subWorkspaces: number;
  /** Their names, shallowest first. */
  subWorkspaceNames: string[];
  memberships: number;
  joinRequests: number;
  invitations: number;
}

export interface WorkspaceDetail {
  workspace: {
    id: string;
    name: string;
    parentId: string | null;
    version: number;
    path: string;
    ancestors: { id: string; name: string }[];
  };
  /** The viewer's effective role here (owners/admins: manager, source "organization"). */
  myRole: EffectiveWorkspaceRole | null;
  /**
   * full: members and all; guest: chat-only, so no member list; none: no role here, so only what
   * is needed to ask to join.
   */
  access: "full" | "guest" | "none";
  memberCount: number;
  children: { id: string; name: string; memberCount: number }[];
  members: WorkspaceMemberRow[];
  /** The owner and admins (managers of every workspace): the first few, and how many in all. */
  organizationManagers: OrganizationManagerRow[];
  organizationManagersTotal: number;
  joinRequests: JoinRequestRow[];
  /** The viewer's own pending request to join, when they have no role here. */
  myPendingRequest: { createdAt: Date } | null;
  /** The members list's search and page (members: that page's rows). */
  memberList: { q: string; page: number; pages: number; total: number };
  /**
   * Organization members the viewer may add here (active, no role here yet) matching `find`:
   * the first ADDABLE_LIMIT of them, and whether there are more.
   */
  addable: { find: string; people: { userId: string; name: string; email: string }[]; more: boolean };
  /** Where the viewer may move this workspace (null = top level). */
  moveDestinations: { parentId: string | null; label: string }[];
  /** What deleting it takes with it (when the viewer may delete it). */
  deletion: WorkspaceDeletion | null;
  can: {
    createSub: boolean;
    rename: boolean;
    move: boolean;
    delete: boolean;
    decideJoinRequests: boolean;
    /** The viewer may add people here (they manage it). */
    addMembers: boolean;
    /** The viewer may add people here, or change someone's role here. */
    manageMembers: boolean;
  };
}

/** What deleting a workspace takes with it, in numbers (the confirmation shows them). */
export type DeletionCounts = Omit<WorkspaceDeletion, "subWorkspaceNames">;

/**
 * What deleting a workspace takes with it: its sub-workspaces at any depth, everyone's roles in
 * them, pending join requests for them, and pending invitations that grant a role there. The
 * page's confirmation and the delete action count the same way.
 */
export async function deletionCounts(
  db: Db | Tx,
  organizationId: string,
  tree: WorkspaceTree,
  workspaceId: string,
): Promise<DeletionCounts> {
  const subtree = [workspaceId, ...tree.descendants(workspaceId).map((d) => d.id)];
  const [memberships, joinRequests, invitations] = await Promise.all([
    db.workspaceMembership.count({ where: { organizationId, workspaceId: { in: subtree } } }),
    db.joinRequest.count({
      where: { organizationId, workspaceId: { in: subtree }, status: "pending" },
    }),
    db.invitation.count({
      where: {
        organizationId,
        status: "pending",
        workspaces: { some: { workspaceId: { in: subtree } } },
      },
    }),
  ]);
  return { subWorkspaces: subtree.length - 1, memberships, joinRequests, invitations };
}

/** How many members a workspace page lists at a time. */
export const WORKSPACE_MEMBERS_PAGE_SIZE = 50;
/** How many of the owner and admins a workspace page names (the rest: a count). */
export const ORGANIZATION_MANAGERS_SHOWN = 10;
/** How many people the "add someone" search offers at a time. */
export const ADDABLE_LIMIT = 10;

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

function withGrants(p: PersonRow) {
  return { ...p, membershipId: p.id, orgRole: p.role, grants: p.workspaceRoles };
}

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

/**
 * One workspace as the caller may see it, or null when it is not in their organization.
 * Permissions come from the matrix; the inheritance from lib/permissions.
 */
export async function workspaceDetailFor(
  actor: Actor,
  workspaceId: string,
  query: WorkspacePageQuery = { page: 1, q: undefined, find: undefined },
): Promise<WorkspaceDetail | null> {
  const db = await getDb();
  const organizationId = actor.organizationId;
  const row = await db.workspace.findFirst({
    where: { id: workspaceId, organizationId },
    select: { id: true, name: true, parentId: true, version: true },
  });
  if (!row) return null;

  const [tree, mine, organization] = await Promise.all([
    treeOf(db, organizationId),
    grantsOf(db, actor),
    db.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { subscriptionActiveUntil: true },
    }),
  ]);
  const ancestors = tree.ancestors(workspaceId).reverse();
  const myRole = effectiveWorkspaceRoles(tree, mine, actor.orgRole).get(workspaceId) ?? null;
  const access: WorkspaceDetail["access"] =
    myRole === null ? "none" : myRole.role === "guest" ? "guest" : "full";
  const counts = await effectiveMemberCounts(db, organizationId, [
    workspaceId,
    ...tree.children(workspaceId).map((c) => c.id),
  ]);
  const here = workspaceTarget(actor, workspaceId);
  const capabilities = {
    createSub: can(actor, "workspaces.createSub", here),
    rename: can(actor, "workspaces.rename", here),
    delete: can(actor, "workspaces.delete", here),
    decideJoinRequests: can(actor, "joinRequests.decide", here),
  };
  const status = (stored: "active" | "disabled", role: OrgRole) =>
    effectiveMembershipStatus(stored, role, organization.subscriptionActiveUntil);

  const detail: WorkspaceDetail = {
    workspace: {
      id: row.id,
      name: row.name,
      parentId: row.parentId,
      version: row.version,
      path: tree.path(workspaceId),
      ancestors: ancestors.map((a) => ({ id: a.id, name: a.name })),
    },
    myRole,
    access,
    memberCount: counts.get(workspaceId) ?? 0,
    children: [],
    members: [],
    organizationManagers: [],
    organizationManagersTotal: 0,
    joinRequests: [],
    myPendingRequest: null,
    memberList: { q: "", page: 1, pages: 1, total: 0 },
    addable: { find: "", people: [], more: false },
    moveDestinations: [],
    deletion: null,
    can: { ...capabilities, move: false, addMembers: false, manageMembers: false },
  };

  if (access === "none") {
    const request = await db.joinRequest.findFirst({
      where: {
        organizationId,
        workspaceId,
        status: "pending",
        membership: { userId: actor.userId },
      },
      select: { createdAt: true },
    });
    detail.myPendingRequest = request;
    return detail;
  }

  detail.children = tree
    .children(workspaceId)
    .map((c) => ({ id: c.id, name: c.name, memberCount: counts.get(c.id) ?? 0 }));

  // Moving out of the current parent and into the new one: both must be the caller's (SPEC §2).
  detail.moveDestinations = moveDestinations(tree, workspaceId)
    .filter((parentId) =>
      can(actor, "workspaces.move", {
        kind: "workspace",
        organizationId,
        workspaceId: row.parentId,
        newParentId: parentId,
      }),
    )
    .map((parentId) => ({
      parentId,
      label: parentId === null ? "Top level" : tree.path(parentId),
    }))
    .sort((a, b) =>
      a.parentId === null ? -1 : b.parentId === null ? 1 : a.label.localeCompare(b.label),
    );
  detail.can.move = detail.moveDestinations.length > 0;

  if (capabilities.delete) {
    const below = tree
      .descendants(workspaceId)
      .map((d) => ({ name: d.name, depth: tree.ancestors(d.id).length }))
      .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name));
    detail.deletion = {
      ...(await deletionCounts(db, organizationId, tree, workspaceId)),
      subWorkspaceNames: below.map((d) => d.name),
    };
  }

  if (capabilities.decideJoinRequests) {
    detail.joinRequests = await pendingJoinRequestsFor(actor, workspaceId);
  }

  if (access === "guest") return detail;

  // The members: people with a role on this workspace's path (their own here, or inherited from
  // an ancestor), a page at a time, and the organization's owner and admins (managers of every
  // workspace). Each row carries all the person's grants, for the matrix's scope checks.
  const path = [workspaceId, ...ancestors.map((a) => a.id)];
  const search = personSearch(query.q);
  const memberWhere: Prisma.MembershipWhereInput = {
    organizationId,
    role: "member",
    workspaceRoles: { some: { workspaceId: { in: path } } },
    AND: search,
  };
  const memberTotal = await db.membership.count({ where: memberWhere });
  const pages = Math.max(1, Math.ceil(memberTotal / WORKSPACE_MEMBERS_PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const managersWhere: Prisma.MembershipWhereInput = {
    organizationId,
    role: { in: ["owner", "admin"] },
    AND: search,
  };
  const [pageMembers, organizationManagers, managersTotal] = await Promise.all([
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
  ]);
  detail.memberList = { q: query.q ?? "", page, pages, total: memberTotal };
  detail.organizationManagersTotal = managersTotal;

  const userTargetOf = (p: PersonRow): Target => ({
    kind: "user",
    organizationId,
    userId: p.user.id,
    orgRole: p.role,
    workspaceIds: reachOf(tree, p.workspaceRoles),
    workspaceId,
  });
  const people = [...organizationManagers, ...pageMembers].map(withGrants);
  for (const { person, effective } of effectiveRolesIn(tree, workspaceId, people)) {
    if (effective.source === "organization") {
      detail.organizationManagers.push({
        userId: person.user.id,
        name: displayName(person.user),
        email: person.user.email,
        orgRole: person.role === "owner" ? "owner" : "admin",
        status: status(person.status, person.role),
      });
      continue;
    }
    detail.members.push({
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
      editable: can(actor, "users.setWorkspaceRoles", userTargetOf(person)),
    });
  }

  // The people the viewer may add here: active organization members with no role on this
  // workspace's path yet; for a workspace manager, only people from their own workspaces (or
  // inheriting into them). Found by a search, a few at a time, so this stays small in any
  // organization; the matrix has the last word on each.
  if (actor.managedWorkspaceIds.has(workspaceId)) {
    detail.can.addMembers = true;
    detail.addable.find = query.find ?? "";
    const lapsed = status("active", "member") !== "active";
    const scope: Prisma.MembershipWhereInput[] =
      personaOf(actor) === "manager"
        ? [{ workspaceRoles: { some: { workspaceId: { in: scopeOf(tree, actor) } } } }]
        : [];
    const candidates = lapsed
      ? []
      : await db.membership.findMany({
          where: {
            organizationId,
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
    detail.addable.more = candidates.length > ADDABLE_LIMIT;
    detail.addable.people = candidates
      .slice(0, ADDABLE_LIMIT)
      .filter((p) => can(actor, "users.setWorkspaceRoles", userTargetOf(p)))
      .map((p) => ({ userId: p.user.id, name: displayName(p.user), email: p.user.email }));
  }
  detail.can.manageMembers = detail.can.addMembers || detail.members.some((m) => m.editable);
  return detail;
}

/** A workspace's name, for the page title; null when it is not in the caller's organization. */
export async function workspaceNameFor(actor: Actor, workspaceId: string): Promise<string | null> {
  const db = await getDb();
  const row = await db.workspace.findFirst({
    where: { id: workspaceId, organizationId: actor.organizationId },
    select: { name: true },
  });
  return row?.name ?? null;
}
