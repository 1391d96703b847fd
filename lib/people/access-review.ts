import "server-only";
import { getDb, type Prisma } from "@/lib/db";
import {
  decide,
  effectiveMembershipStatus,
  effectiveWorkspaceRoles,
  ORG_ROLE_LABELS,
  ORG_ROLES,
  STATUS_LABELS,
  WORKSPACE_ROLE_LABELS,
  type Actor,
  type EffectiveWorkspaceRole,
  type MembershipStatus,
  type OrgRole,
  type WorkspacePermission,
  type WorkspaceRole,
  type WorkspaceTree,
} from "@/lib/permissions";
import { getWorkspaceTree, GRANT_CUSTOM_ROLE } from "@/lib/request/workspace-tree";
import { csvStream, type CsvCells } from "@/lib/utils/csv";

// The access review: who holds which role where, explicit and inherited, for the whole
// organization or one workspace and everything below it — what a quarterly access review reads.
// It is read a batch of people at a time (keyset on the Users list's name order and its index),
// each batch's roles worked out with effectiveWorkspaceRoles, so memory stays flat at 100,000
// members and the rows match what the permission checks decide.

/** Whose export it is: the whole organization, or one workspace's subtree. */
export type AccessReviewScope =
  { kind: "organization" } | { kind: "workspace"; workspaceId: string; name: string; path: string };

export interface AccessReviewRow {
  name: string;
  email: string;
  orgRole: OrgRole;
  status: MembershipStatus;
  /** Null on a person's one row when they have no workspace role (in the scope). */
  workspace: { kind: "one"; id: string; path: string } | { kind: "all" } | null;
  role: WorkspaceRole | null;
  /** The custom role in effect, when it is one (`role` is then its base role). */
  customRole: { name: string } | null;
  source: EffectiveWorkspaceRole["source"] | null;
  /** For an inherited role: the path of the workspace it is granted in. */
  inheritedFrom: string | null;
  /** An explicit role in this workspace that the inherited one outranks (kept, not in effect). */
  outrankedExplicitRole: WorkspaceRole | null;
  /** That explicit role's custom role, when it is one. */
  outrankedExplicitCustomRole: { name: string } | null;
  memberSince: Date;
  /** When the grant in effect (here, or where it is inherited from) was last written. */
  roleChangedAt: Date | null;
}

/** Owners and admins manage every workspace: effectiveWorkspaceRoles gives them source "organization". */
const MANAGE_EVERY_WORKSPACE: OrgRole[] = ORG_ROLES.filter((role) => role !== "member");

/** Whether `actor` may export the whole organization's access review (users.view for all). */
export function organizationAccessReviewAllowed(actor: Actor): boolean {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  const decision = decide(actor, "users.view", organization);
  return decision.allowed && decision.grant === "all";
}

/**
 * The scope `actor` may export, or null — not allowed, or no workspace of theirs (another
 * organization's id included): the route answers not found either way. The whole organization is
 * the Users page's whole list (users.view for all); a workspace is users.view within it, which a
 * manager has for the workspaces they manage.
 */
export async function accessReviewScopeFor(
  actor: Actor,
  workspaceId: string | null,
): Promise<AccessReviewScope | null> {
  const organizationId = actor.organizationId;
  if (workspaceId === null)
    return organizationAccessReviewAllowed(actor) ? { kind: "organization" } : null;
  const tree = await getWorkspaceTree(organizationId);
  const workspace = tree.get(workspaceId);
  if (!workspace) return null;
  const decision = decide(actor, "users.view", { kind: "workspace", organizationId, workspaceId });
  if (!decision.allowed) return null;
  return { kind: "workspace", workspaceId, name: workspace.name, path: tree.path(workspaceId) };
}

const PERSON = {
  id: true,
  role: true,
  status: true,
  createdAt: true,
  sortName: true,
  sortFirstName: true,
  sortLastName: true,
  user: { select: { firstName: true, lastName: true, email: true } },
} satisfies Prisma.MembershipSelect;
type Person = Prisma.MembershipGetPayload<{ select: typeof PERSON }>;

/** After `edge` in the Users list's name order (the Membership_list_name_idx index's). */
function after(edge: Person | undefined): Prisma.MembershipWhereInput {
  if (!edge) return {};
  const { sortName, sortFirstName, sortLastName, id } = edge;
  return {
    // The bound on sortName alone is implied by the OR; it lets the index scan start at the edge.
    AND: [
      { sortName: { gte: sortName } },
      {
        OR: [
          { sortName: { gt: sortName } },
          { sortName, sortFirstName: { gt: sortFirstName } },
          { sortName, sortFirstName, sortLastName: { gt: sortLastName } },
          { sortName, sortFirstName, sortLastName, id: { gt: id } },
        ],
      },
    ],
  };
}

const ORDER: Prisma.MembershipOrderByWithRelationInput[] = [
  { sortName: "asc" },
  { sortFirstName: "asc" },
  { sortLastName: "asc" },
  { id: "asc" },
];

interface Grant {
  membershipId: string;
  workspaceId: string;
  role: WorkspaceRole;
  customRole: { id: string; name: string; permissions: WorkspacePermission[] } | null;
  updatedAt: Date;
}

/** One person's rows: each workspace of the scope where they have a role, by path; or one row. */
function rowsOf(
  tree: WorkspaceTree,
  inScope: ((workspaceId: string) => boolean) | null,
  person: Person,
  grants: readonly Grant[],
  subscriptionActiveUntil: Date | null,
): AccessReviewRow[] {
  const base = {
    name: `${person.user.firstName} ${person.user.lastName}`,
    email: person.user.email,
    orgRole: person.role,
    status: effectiveMembershipStatus(person.status, person.role, subscriptionActiveUntil),
    memberSince: person.createdAt,
  };
  const none = {
    workspace: null,
    role: null,
    customRole: null,
    source: null,
    inheritedFrom: null,
    outrankedExplicitRole: null,
    outrankedExplicitCustomRole: null,
    roleChangedAt: null,
  };
  const grantIn = new Map(grants.map((g) => [g.workspaceId, g]));
  const rows: (AccessReviewRow & { path: string })[] = [];
  for (const [workspaceId, effective] of effectiveWorkspaceRoles(tree, grants, person.role)) {
    if (effective.source === "organization") {
      // Owners and admins are manager of every workspace, the ones created tomorrow too: one row
      // saying so reads better in a review than 220 identical ones, and stays true as the tree
      // changes. Their own workspace roles are dormant while they are owner or admin.
      return [
        {
          ...base,
          ...none,
          workspace: { kind: "all" },
          role: effective.role,
          source: "organization",
        },
      ];
    }
    if (inScope && !inScope(workspaceId)) continue;
    const path = tree.path(workspaceId);
    const from = effective.source === "inherited" ? effective.inheritedFrom.id : workspaceId;
    const outranked = effective.source === "inherited" ? effective.explicitRole : null;
    const outrankedCustomRole = outranked ? grantIn.get(workspaceId)?.customRole : null;
    rows.push({
      ...base,
      workspace: { kind: "one", id: workspaceId, path },
      path,
      role: effective.role,
      customRole: effective.customRole ? { name: effective.customRole.name } : null,
      source: effective.source,
      inheritedFrom: effective.source === "inherited" ? tree.path(from) : null,
      outrankedExplicitRole: outranked,
      outrankedExplicitCustomRole: outrankedCustomRole ? { name: outrankedCustomRole.name } : null,
      roleChangedAt: grantIn.get(from)?.updatedAt ?? null,
    });
  }
  if (rows.length === 0) return inScope ? [] : [{ ...base, ...none }];
  return rows.sort((a, b) => a.path.localeCompare(b.path)).map(({ path: _path, ...row }) => row);
}

/**
 * Every row of the access review in `scope`, people in name order, read `batchSize` people at a
 * time: the people (and only the workspace roles that can reach the scope), then their rows.
 */
export async function* accessReviewRows(
  organizationId: string,
  scope: AccessReviewScope,
  batchSize = 500,
): AsyncGenerator<AccessReviewRow> {
  const database = await getDb();
  const tree = await getWorkspaceTree(organizationId);
  const organization = await database.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { subscriptionActiveUntil: true },
  });
  // In a workspace's scope, the roles that reach it are those granted in it, below it, or above
  // it (inherited into it); the people are those holding one, and the owner and admins.
  let subtree: ReadonlySet<string> | null = null;
  let reach: string[] | null = null;
  if (scope.kind === "workspace") {
    subtree = new Set(tree.subtreeOf([scope.workspaceId]));
    reach = [...new Set([...subtree, ...tree.withAncestors([scope.workspaceId])])];
  }
  const who: Prisma.MembershipWhereInput = reach
    ? {
        organizationId,
        OR: [
          { role: { in: MANAGE_EVERY_WORKSPACE } },
          { workspaceRoles: { some: { workspaceId: { in: reach } } } },
        ],
      }
    : { organizationId };
  const within = subtree;
  const inScope = within ? (id: string) => within.has(id) : null;

  let edge: Person | undefined;
  for (;;) {
    const people = await database.membership.findMany({
      where: { AND: [who, after(edge)] },
      orderBy: ORDER,
      take: batchSize,
      select: PERSON,
    });
    const members = people.filter((p) => !MANAGE_EVERY_WORKSPACE.includes(p.role));
    const grants =
      members.length === 0
        ? []
        : await database.workspaceMembership.findMany({
            where: {
              organizationId,
              membershipId: { in: members.map((p) => p.id) },
              ...(reach ? { workspaceId: { in: reach } } : {}),
            },
            select: {
              membershipId: true,
              workspaceId: true,
              role: true,
              customRole: GRANT_CUSTOM_ROLE,
              updatedAt: true,
            },
          });
    const grantsOf = new Map<string, Grant[]>();
    for (const grant of grants) {
      const list = grantsOf.get(grant.membershipId) ?? [];
      list.push(grant);
      grantsOf.set(grant.membershipId, list);
    }
    for (const person of people) {
      const own = grantsOf.get(person.id) ?? [];
      yield* rowsOf(tree, inScope, person, own, organization.subscriptionActiveUntil);
    }
    if (people.length < batchSize) return;
    edge = people.at(-1);
  }
}

export const ACCESS_REVIEW_HEADER = [
  "Name",
  "Email",
  "Org role",
  "Status",
  "Workspace",
  "Workspace role",
  "Source",
  "Explicit role (outranked)",
  "Member since",
  "Role last changed",
];

const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "");

/** "Member", or a custom role by name with its base role: "Editor (member)". */
function roleCell(role: WorkspaceRole | null, customRole: { name: string } | null): string {
  if (!role) return "";
  const label = WORKSPACE_ROLE_LABELS[role];
  return customRole ? `${customRole.name} (${label.toLowerCase()})` : label;
}

/** A row as the CSV's cells, in the words of the product (its role and status labels). */
export function accessReviewCells(row: AccessReviewRow): CsvCells {
  const source =
    row.source === "organization"
      ? `organization ${ORG_ROLE_LABELS[row.orgRole].toLowerCase()}`
      : row.source === "inherited"
        ? `inherited from ${row.inheritedFrom}`
        : row.source;
  return [
    row.name,
    row.email,
    ORG_ROLE_LABELS[row.orgRole],
    STATUS_LABELS[row.status],
    row.workspace === null
      ? ""
      : row.workspace.kind === "all"
        ? "All workspaces"
        : row.workspace.path,
    roleCell(row.role, row.customRole),
    source,
    roleCell(row.outrankedExplicitRole, row.outrankedExplicitCustomRole),
    day(row.memberSince),
    day(row.roleChangedAt),
  ];
}

/**
 * The access review as a CSV body for `actor`, with its scope (for the file's name), or null when
 * they may not export it (see accessReviewScopeFor).
 */
export async function accessReviewCsvFor(
  actor: Actor,
  workspaceId: string | null,
): Promise<{ scope: AccessReviewScope; body: ReadableStream<Uint8Array> } | null> {
  const scope = await accessReviewScopeFor(actor, workspaceId);
  if (!scope) return null;
  async function* lines(rows: AsyncGenerator<AccessReviewRow>) {
    for await (const row of rows) yield accessReviewCells(row);
  }
  const rows = accessReviewRows(actor.organizationId, scope);
  return { scope, body: csvStream(ACCESS_REVIEW_HEADER, lines(rows), "access review export") };
}
