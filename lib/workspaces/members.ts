import "server-only";
import { Prisma, type Db } from "@/lib/db";
import {
  can,
  effectiveRolesIn,
  type Actor,
  type MembershipStatus,
  type OrgRole,
  type UserTarget,
  type WorkspaceTree,
} from "@/lib/permissions";
import { displayName } from "@/lib/people";
import {
  peopleLists,
  peopleWhere,
  personSearch,
  type ListedPeople,
  type PeopleList,
  type PersonRow,
} from "./people-lists";
import { workspaceChangeTarget } from "./role-change";
import { mayChangeRolesIn, roleShown, workspacesWhereMay, type RoleShown } from "./role-options";
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
  explicitRole: RoleShown | null;
  /** The role in effect here: their own, or the one inherited. */
  effectiveRole: RoleShown;
  /** Where the effective role comes from, when it is inherited. */
  inheritedFrom: { id: string; name: string } | null;
  /** The viewer may give them a role of their own here (change it, or raise an inherited one). */
  canChange: boolean;
  /** The viewer may take their own role here away. */
  canRemove: boolean;
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
  /** The viewer may add people here (owners, admins, and those who hold "Add people" here). */
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

interface PeopleContext {
  db: Db;
  actor: Actor;
  tree: WorkspaceTree;
  workspaceId: string;
  query: WorkspacePageQuery;
  /** The workspace's member count as the database keeps it (Workspace.memberCount). */
  memberCount: number;
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
  // A search of the members looks in the path's roles, at their copies of the keys
  // (WorkspaceMembership_search_trgm_idx): PostgreSQL reads the roles that both match and are on
  // the path, instead of every match in the organization.
  const memberWhere = Prisma.sql`m."organizationId" = ${organizationId} AND m.role = 'member'
    AND m.id IN (SELECT g."membershipId" FROM "WorkspaceMembership" g
      WHERE g."workspaceId" IN (${Prisma.join(path)}) AND g."orgRole" = 'member'
      ${personSearch(query.q, "g")})`;
  const searching = search !== Prisma.empty;
  // Without a search the list holds exactly the people Workspace.memberCount counts, so that
  // count (read with the tree) is its total, and a page past the last is known before asking.
  let page = searching
    ? query.page
    : Math.min(query.page, Math.max(1, Math.ceil(ctx.memberCount / WORKSPACE_MEMBERS_PAGE_SIZE)));
  // Without a search, the page is read from each path workspace's member-order index. A search
  // counts its matches: they are collected (through the membership search index) and sorted.
  const membersPage = (page: number): PeopleList => {
    const window = {
      limit: WORKSPACE_MEMBERS_PAGE_SIZE,
      offset: (page - 1) * WORKSPACE_MEMBERS_PAGE_SIZE,
    };
    return searching
      ? { ...window, where: memberWhere, total: "count" }
      : { ...window, membersOf: { organizationId, workspaceIds: path } };
  };
  // The owner, then admins by name: a list each, so that each is one stretch of the index. Their
  // totals, without a search, are the counts MembershipCount keeps.
  const managers = (role: "owner" | "admin"): PeopleList => ({
    where: Prisma.sql`m."organizationId" = ${organizationId} AND m.role = ${role}::"OrgRole" ${search}`,
    limit: ORGANIZATION_MANAGERS_SHOWN,
    total: searching
      ? "count"
      : Prisma.sql`(SELECT coalesce(sum(c.members), 0) FROM "MembershipCount" c
          WHERE c."organizationId" = ${organizationId} AND c.role = ${role}::"OrgRole")`,
  });
  // The people the viewer may add come in the same statement, when there are any to look for.
  const adding = addablePeople(ctx, path);
  const [firstTry, owners, admins, candidates] = await peopleLists(db, [
    membersPage(page),
    managers("owner"),
    managers("admin"),
    "list" in adding ? adding.list : NO_ONE,
  ]);
  const addable = "list" in adding ? adding.from(candidates) : adding;
  let members = searching ? firstTry : { ...firstTry, total: ctx.memberCount };
  // A search's page past the last (the list shrank, or a hand-made URL): the last page instead.
  if (members.people.length === 0 && page > 1) {
    const [row] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "Membership" m WHERE ${memberWhere}`;
    page = Math.max(1, Math.ceil((row?.n ?? 0) / WORKSPACE_MEMBERS_PAGE_SIZE));
    members = await peopleWhere(db, membersPage(page));
  }
  const memberTotal = members.total;
  const pages = Math.max(1, Math.ceil(memberTotal / WORKSPACE_MEMBERS_PAGE_SIZE));
  const organizationManagers = [...owners.people, ...admins.people].slice(
    0,
    ORGANIZATION_MANAGERS_SHOWN,
  );

  const people = [...organizationManagers, ...members.people].map((p) => ({
    ...p,
    membershipId: p.id,
    orgRole: p.role,
    grants: p.workspaceRoles,
  }));
  const rows = effectiveRolesIn(tree, workspaceId, people);
  return {
    members: rows.flatMap(({ person, effective }) => {
      if (effective.source === "organization") return [];
      const own = person.grants.find((g) => g.workspaceId === workspaceId);
      return [
        {
          userId: person.user.id,
          name: displayName(person.user),
          email: person.user.email,
          status: status(person.status, person.role),
          explicitRole: own ? roleShown(own.role, own.customRole) : null,
          effectiveRole: roleShown(effective.role, effective.customRole),
          inheritedFrom:
            effective.source === "inherited"
              ? { id: effective.inheritedFrom.id, name: effective.inheritedFrom.name }
              : null,
          canChange: can(actor, "users.setWorkspaceRoles", personTarget(ctx, person, "give")),
          canRemove:
            own !== undefined &&
            can(actor, "users.setWorkspaceRoles", personTarget(ctx, person, "remove")),
        },
      ];
    }),
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
    organizationManagersTotal: owners.total + admins.total,
    addable,
    canAdd: mayChangeRolesIn(actor, workspaceId, "add"),
  };
}

/**
 * The matrix's target for doing something to a person's role in this workspace (giving them one,
 * or taking theirs away), with where their roles reach and what they hold here now. The role to
 * give is left out: the form offers only those the viewer may give.
 */
function personTarget(
  { actor, tree, workspaceId }: PeopleContext,
  person: PersonRow,
  operation: "give" | "remove",
): UserTarget {
  const base: UserTarget = {
    kind: "user",
    organizationId: actor.organizationId,
    userId: person.user.id,
    orgRole: person.role,
    workspaceIds: tree.subtreeOf(person.workspaceRoles.map((g) => g.workspaceId)),
  };
  return workspaceChangeTarget(
    base,
    tree,
    person.workspaceRoles,
    workspaceId,
    operation === "remove" ? "remove" : { give: undefined },
  );
}

/** A list that reads nobody (LIMIT 0): the place of a list there is no need for. */
const NO_ONE: PeopleList = { where: Prisma.sql`false`, limit: 0 };

/**
 * The people the viewer may add here: active organization members with no role on this
 * workspace's path yet; for a member who holds "Add people" here, only people from the workspaces
 * where they hold it (or inheriting into them). Found by a search, a few at a time, so this stays
 * small in any organization; the matrix has the last word on each. Nobody, when the viewer may
 * add no one; else the list to read them with (in the page's peopleLists statement) and how to
 * shape what it reads.
 */
function addablePeople(
  ctx: PeopleContext,
  path: string[],
):
  | WorkspacePeople["addable"]
  | { list: PeopleList; from: (listed: ListedPeople) => WorkspacePeople["addable"] } {
  const { actor, tree, workspaceId, query, status } = ctx;
  if (!mayChangeRolesIn(actor, workspaceId, "add")) return { find: "", people: [], more: false };
  const find = query.find ?? "";
  // While the subscription has lapsed, nobody but the owner is active: nobody to add.
  if (status("active", "member") !== "active") return { find, people: [], more: false };
  const scope =
    actor.orgRole === "member"
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM "WorkspaceMembership" s WHERE s."membershipId" = m.id
          AND s."workspaceId" IN (${Prisma.join(tree.withAncestors(workspacesWhereMay(actor, "add")))}))`
      : Prisma.empty;
  return {
    list: {
      where: Prisma.sql`m."organizationId" = ${actor.organizationId} AND m.role = 'member'
        AND m.status = 'active'
        AND NOT EXISTS (SELECT 1 FROM "WorkspaceMembership" g
          WHERE g."membershipId" = m.id AND g."workspaceId" IN (${Prisma.join(path)}))
        ${scope} ${personSearch(query.find)}`,
      limit: ADDABLE_LIMIT + 1,
    },
    from: ({ people: candidates }) => ({
      find,
      more: candidates.length > ADDABLE_LIMIT,
      people: candidates
        .slice(0, ADDABLE_LIMIT)
        .filter((p) => can(actor, "users.setWorkspaceRoles", personTarget(ctx, p, "give")))
        .map((p) => ({ userId: p.user.id, name: displayName(p.user), email: p.user.email })),
    }),
  };
}
