import { workspaceRoleRank, type OrgRole, type WorkspaceRole } from "./roles";
import {
  rolePermissions,
  WORKSPACE_PERMISSIONS,
  type CustomRoleRef,
  type Holding,
  type WorkspacePermission,
} from "./workspace-permissions";

export interface WorkspaceNode {
  id: string;
  parentId: string | null;
  name: string;
}

export interface WorkspaceGrant {
  workspaceId: string;
  /** The role, or a custom role's base role. */
  role: WorkspaceRole;
  /** The custom role held, when it is one. */
  customRole?: CustomRoleRef | null;
}

export type EffectiveWorkspaceRole =
  | {
      role: WorkspaceRole;
      customRole?: CustomRoleRef | null;
      source: "explicit";
      explicitRole: WorkspaceRole;
    }
  | {
      role: WorkspaceRole;
      customRole?: CustomRoleRef | null;
      source: "inherited";
      inheritedFrom: WorkspaceNode;
      /** An explicit role here that the inherited one outranks (kept, but not in effect). */
      explicitRole: WorkspaceRole | null;
    }
  | { role: "manager"; customRole?: null; source: "organization" };

/**
 * Indexes a flat list of workspaces; ancestors are walked with a cycle guard. It doesn't change
 * once built (its lists of children are frozen), so one tree may serve many requests.
 */
export class WorkspaceTree {
  private readonly byId: Map<string, WorkspaceNode>;
  private readonly childrenOf = new Map<string | null, readonly WorkspaceNode[]>();

  constructor(nodes: readonly WorkspaceNode[]) {
    this.byId = new Map(nodes.map((n) => [n.id, n]));
    const lists = new Map<string | null, WorkspaceNode[]>();
    for (const node of nodes) {
      const parentKey =
        node.parentId !== null && this.byId.has(node.parentId) ? node.parentId : null;
      const list = lists.get(parentKey) ?? [];
      list.push(node);
      lists.set(parentKey, list);
    }
    for (const [parentKey, list] of lists) this.childrenOf.set(parentKey, Object.freeze(list));
  }

  get(id: string): WorkspaceNode | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  all(): WorkspaceNode[] {
    return [...this.byId.values()];
  }

  children(id: string | null): readonly WorkspaceNode[] {
    return this.childrenOf.get(id) ?? [];
  }

  /** Nearest first, not including the node itself. */
  ancestors(id: string): WorkspaceNode[] {
    const result: WorkspaceNode[] = [];
    const seen = new Set([id]);
    let parentId = this.byId.get(id)?.parentId ?? null;
    while (parentId !== null && !seen.has(parentId)) {
      const parent = this.byId.get(parentId);
      if (!parent) break;
      result.push(parent);
      seen.add(parentId);
      parentId = parent.parentId;
    }
    return result;
  }

  /** Every node below `id`, at any depth. */
  descendants(id: string): WorkspaceNode[] {
    const result: WorkspaceNode[] = [];
    const seen = new Set([id]);
    const stack = [...this.children(id)];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      result.push(node);
      stack.push(...this.children(node.id));
    }
    return result;
  }

  /** `ids` (those in the tree) and every workspace below them: where roles given there reach. */
  subtreeOf(ids: Iterable<string>): string[] {
    const result = new Set<string>();
    for (const id of ids) {
      if (!this.byId.has(id) || result.has(id)) continue;
      result.add(id);
      for (const node of this.descendants(id)) result.add(node.id);
    }
    return [...result];
  }

  /** `ids` (those in the tree) and every workspace above them: where a role inherited into them comes from. */
  withAncestors(ids: Iterable<string>): string[] {
    const result = new Set<string>();
    for (const id of ids) {
      if (!this.byId.has(id) || result.has(id)) continue;
      result.add(id);
      for (const node of this.ancestors(id)) result.add(node.id);
    }
    return [...result];
  }

  /** How many workspaces are above `id` (0 at the top level). */
  depth(id: string): number {
    return this.ancestors(id).length;
  }

  /** "Engineering / Backend / Payments" */
  path(id: string): string {
    const node = this.byId.get(id);
    if (!node) return "";
    return [...this.ancestors(id).reverse(), node].map((n) => n.name).join(" / ");
  }

  private pathOrder: readonly WorkspacePath[] | undefined;

  /** Every workspace with its path, in the order of the paths (worked out once per tree). */
  byPath(): readonly WorkspacePath[] {
    this.pathOrder ??= Object.freeze(
      this.all()
        .map((w) => Object.freeze({ id: w.id, path: this.path(w.id) }))
        .sort((a, b) => a.path.localeCompare(b.path)),
    );
    return this.pathOrder;
  }
}

/** A workspace named by its path: "Engineering / Backend / Payments". */
export interface WorkspacePath {
  readonly id: string;
  readonly path: string;
}

/**
 * A person's effective role in every workspace: the highest of their explicit role there
 * and every role inherited from an ancestor. Org owners and admins are manager everywhere.
 */
export function effectiveWorkspaceRoles(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  orgRole: OrgRole = "member",
): Map<string, EffectiveWorkspaceRole> {
  const result = new Map<string, EffectiveWorkspaceRole>();
  if (orgRole === "owner" || orgRole === "admin") {
    for (const node of tree.all()) result.set(node.id, { role: "manager", source: "organization" });
    return result;
  }
  const explicit = explicitGrants(grants);
  for (const workspaceId of tree.subtreeOf(explicit.keys())) {
    const own = explicit.get(workspaceId) ?? null;
    const inherited = strongestInherited(tree, explicit, workspaceId);
    if (
      inherited &&
      (own === null || workspaceRoleRank(inherited.grant.role) > workspaceRoleRank(own.role))
    ) {
      result.set(workspaceId, {
        role: inherited.grant.role,
        ...(inherited.grant.customRole ? { customRole: inherited.grant.customRole } : {}),
        source: "inherited",
        inheritedFrom: inherited.from,
        explicitRole: own?.role ?? null,
      });
    } else if (own !== null) {
      result.set(workspaceId, {
        role: own.role,
        ...(own.customRole ? { customRole: own.customRole } : {}),
        source: "explicit",
        explicitRole: own.role,
      });
    }
  }
  return result;
}

/** Each workspace's explicit grant (the higher one, should a workspace appear twice). */
function explicitGrants(grants: readonly WorkspaceGrant[]): Map<string, WorkspaceGrant> {
  const explicit = new Map<string, WorkspaceGrant>();
  for (const grant of grants) {
    const previous = explicit.get(grant.workspaceId);
    if (!previous || workspaceRoleRank(grant.role) > workspaceRoleRank(previous.role)) {
      explicit.set(grant.workspaceId, grant);
    }
  }
  return explicit;
}

/** The highest role granted on an ancestor (the nearest one wins a tie). */
function strongestInherited(
  tree: WorkspaceTree,
  explicit: ReadonlyMap<string, WorkspaceGrant>,
  workspaceId: string,
): { grant: WorkspaceGrant; from: WorkspaceNode } | null {
  let best: { grant: WorkspaceGrant; from: WorkspaceNode } | null = null;
  for (const ancestor of tree.ancestors(workspaceId)) {
    const grant = explicit.get(ancestor.id);
    if (grant && (!best || workspaceRoleRank(grant.role) > workspaceRoleRank(best.grant.role))) {
      best = { grant, from: ancestor };
    }
  }
  return best;
}

const EVERY_PERMISSION: ReadonlySet<WorkspacePermission> = new Set(WORKSPACE_PERMISSIONS);

/**
 * What the person holds in every workspace where they have a role: the rank of their effective
 * role, and every permission of their role there and of each role on an ancestor. Inheritance only
 * adds: a role lower down never takes away what one above gives. Owners and admins hold everything
 * everywhere.
 */
export function workspaceHoldings(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  orgRole: OrgRole = "member",
): Map<string, Holding> {
  const result = new Map<string, Holding>();
  const top = workspaceRoleRank("manager");
  if (orgRole === "owner" || orgRole === "admin") {
    for (const node of tree.all())
      result.set(node.id, { rank: top, permissions: EVERY_PERMISSION });
    return result;
  }
  const explicit = explicitGrants(grants);
  for (const [workspaceId, effective] of effectiveWorkspaceRoles(tree, grants, orgRole)) {
    const permissions = new Set<WorkspacePermission>();
    for (const id of [workspaceId, ...tree.ancestors(workspaceId).map((a) => a.id)]) {
      const grant = explicit.get(id);
      if (grant) for (const p of rolePermissions(grant.role, grant.customRole)) permissions.add(p);
    }
    result.set(workspaceId, { rank: workspaceRoleRank(effective.role), permissions });
  }
  return result;
}

/**
 * The role that gives any of `permissions` in `workspaceId`: the person's own role there if it
 * does, else the nearest ancestor's that does (`from` is where it is held). Null when none does.
 */
export function grantingRole(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  workspaceId: string,
  permissions: readonly WorkspacePermission[],
): { grant: WorkspaceGrant; from: WorkspaceNode } | null {
  const explicit = explicitGrants(grants);
  const here = tree.get(workspaceId);
  if (!here) return null;
  for (const node of [here, ...tree.ancestors(workspaceId)]) {
    const grant = explicit.get(node.id);
    if (!grant) continue;
    const held = rolePermissions(grant.role, grant.customRole);
    if (permissions.some((p) => held.has(p))) return { grant, from: node };
  }
  return null;
}

/**
 * An actor's workspaces, as the matrix reads them: where they are effectively manager, and what
 * they hold in each workspace (lib/permissions/matrix.ts).
 */
export function actorScope(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  orgRole: OrgRole = "member",
): { managedWorkspaceIds: Set<string>; holdings: Map<string, Holding> } {
  if (orgRole === "owner" || orgRole === "admin") {
    return { managedWorkspaceIds: managedWorkspaceIds(tree, grants, orgRole), holdings: new Map() };
  }
  return {
    managedWorkspaceIds: managedWorkspaceIds(tree, grants, orgRole),
    holdings: workspaceHoldings(tree, grants, orgRole),
  };
}

/** The workspaces where the person is effectively manager: "their workspaces". */
export function managedWorkspaceIds(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  orgRole: OrgRole = "member",
): Set<string> {
  const ids = new Set<string>();
  for (const [id, effective] of effectiveWorkspaceRoles(tree, grants, orgRole)) {
    if (effective.role === "manager") ids.add(id);
  }
  return ids;
}

export type ExplicitRoleCheck =
  | { ok: true }
  | { ok: false; inheritedRole: WorkspaceRole; parent: WorkspaceNode; message: string };

/**
 * An explicit role may upgrade an inherited one, never downgrade it. Setting `role` for
 * a person in `workspaceId` is refused when an ancestor grants them a higher role; the message
 * names the workspace where the role must be changed instead.
 */
export function checkExplicitWorkspaceRole(
  tree: WorkspaceTree,
  grants: readonly WorkspaceGrant[],
  workspaceId: string,
  role: WorkspaceRole,
): ExplicitRoleCheck {
  const inherited = strongestInherited(tree, explicitGrants(grants), workspaceId);
  if (inherited && workspaceRoleRank(role) < workspaceRoleRank(inherited.grant.role)) {
    return {
      ok: false,
      inheritedRole: inherited.grant.role,
      parent: inherited.from,
      message: `This person is ${inherited.grant.customRole?.name ?? inherited.grant.role} of "${inherited.from.name}", which includes this workspace. Change their role in "${inherited.from.name}" instead.`,
    };
  }
  return { ok: true };
}

export interface PersonWithGrants {
  membershipId: string;
  orgRole: OrgRole;
  grants: readonly WorkspaceGrant[];
}

/**
 * The people with a role in `workspaceId` and what that role is: an explicit role there, or one
 * inherited from the ancestor that grants the highest. Owners and admins come back with source
 * "organization".
 */
export function effectiveRolesIn<P extends PersonWithGrants>(
  tree: WorkspaceTree,
  workspaceId: string,
  people: readonly P[],
): { person: P; effective: EffectiveWorkspaceRole }[] {
  const out: { person: P; effective: EffectiveWorkspaceRole }[] = [];
  for (const person of people) {
    const effective = effectiveWorkspaceRoles(tree, person.grants, person.orgRole).get(workspaceId);
    if (effective) out.push({ person, effective });
  }
  return out;
}
