// The links of a "Why can they?" answer (explain.ts): which role, held where, and how each reads.
import {
  holdsIn,
  permissionsFor,
  type Action,
  type Actor,
  type Decision,
  type DenyReason,
  type Target,
} from "./matrix";
import {
  ORG_ROLE_LABELS,
  STATUS_LABELS,
  WORKSPACE_ROLE_LABELS,
  type MembershipStatus,
  type OrgRole,
  type WorkspaceRole,
} from "./roles";
import {
  roleRecipe,
  rolePermissions,
  type CustomRoleRef,
  type Holding,
  type WorkspacePermission,
} from "./workspace-permissions";
import {
  actorScope,
  grantingRole,
  type EffectiveWorkspaceRole,
  type WorkspaceGrant,
  type WorkspaceTree,
} from "./workspace-roles";

/** The person the question is about, as their membership reads now. */
export interface ExplainSubject {
  userId: string;
  membershipId: string;
  organizationId: string;
  orgRole: OrgRole;
  status: MembershipStatus;
  /** Their own (explicit) workspace roles; inherited ones follow from the tree. */
  grants: readonly WorkspaceGrant[];
}

export interface ExplainContext {
  tree: WorkspaceTree;
}

/** One link of the path, structured for tests and for whoever renders it. */
export type ExplainStep =
  | { kind: "organization-role"; role: OrgRole }
  | { kind: "status"; status: Exclude<MembershipStatus, "active"> }
  | {
      kind: "workspace-role";
      workspaceId: string;
      path: string;
      /** null: no role there, explicit or inherited. */
      role: WorkspaceRole | null;
      source: "explicit" | "inherited" | "none";
      /** For an inherited role: the ancestor whose explicit role reaches down here. */
      inheritedFrom?: { id: string; name: string };
      /** When the role is a custom one (`role` is then its base role). */
      customRole?: { id: string; name: string; recipe: string };
    }
  | { kind: "rule"; reason: DenyReason };

export interface Explanation {
  allowed: boolean;
  decision: Decision;
  because: ExplainStep[];
  /** "admin of the organization", "Manager of Engineering, inherited in Engineering / Platform"… */
  text: string;
}

/** The subject as decide() sees them: their workspaces are where they are effectively manager. */
export function actorOfSubject(subject: ExplainSubject, context: ExplainContext): Actor {
  const scope =
    subject.status === "active"
      ? actorScope(context.tree, subject.grants, subject.orgRole)
      : { managedWorkspaceIds: new Set<string>(), holdings: new Map<string, Holding>() };
  return {
    userId: subject.userId,
    membershipId: subject.membershipId,
    organizationId: subject.organizationId,
    orgRole: subject.orgRole,
    status: subject.status,
    ...scope,
  };
}

/** What the explanation reads about the subject: who they are to decide(), and their roles. */
export interface View {
  actor: Actor;
  tree: WorkspaceTree;
  grants: readonly WorkspaceGrant[];
  roles: ReadonlyMap<string, EffectiveWorkspaceRole>;
}
export function orgRolePhrase(role: OrgRole): string {
  return `${ORG_ROLE_LABELS[role].toLowerCase()} of the organization`;
}

export type WorkspaceStep = Extract<ExplainStep, { kind: "workspace-role" }>;

export function customOf(
  role: WorkspaceRole,
  customRole: CustomRoleRef | null | undefined,
): Pick<WorkspaceStep, "customRole"> {
  if (!customRole) return {};
  return {
    customRole: { id: customRole.id, name: customRole.name, recipe: roleRecipe(role, customRole) },
  };
}

/** The person's effective role in a workspace (the highest, explicit or inherited). */
export function workspaceStep(view: View, workspaceId: string): WorkspaceStep {
  const path = view.tree.path(workspaceId) || "a workspace not in this organization";
  const effective = view.roles.get(workspaceId);
  if (!effective) return { kind: "workspace-role", workspaceId, path, role: null, source: "none" };
  const custom = customOf(effective.role, effective.customRole);
  if (effective.source === "inherited") {
    const { id, name } = effective.inheritedFrom;
    return {
      kind: "workspace-role",
      workspaceId,
      path,
      role: effective.role,
      ...custom,
      source: "inherited",
      inheritedFrom: { id, name },
    };
  }
  // "organization" (owners and admins) never reaches here: their grant is "all".
  return {
    kind: "workspace-role",
    workspaceId,
    path,
    role: effective.role,
    ...custom,
    source: "explicit",
  };
}

/**
 * The role that gives the permission an action needs in a workspace: theirs there, or the nearest
 * ancestor's that gives it (which need not be their highest role there: inheritance adds
 * permissions up). Without one, their effective role there.
 */
export function grantStep(
  view: View,
  workspaceId: string,
  permissions: readonly WorkspacePermission[],
): WorkspaceStep {
  const granting = grantingRole(view.tree, view.grants, workspaceId, permissions);
  if (!granting) return workspaceStep(view, workspaceId);
  const { grant, from } = granting;
  const step: WorkspaceStep = {
    kind: "workspace-role",
    workspaceId,
    path: view.tree.path(workspaceId),
    role: grant.role,
    ...customOf(grant.role, grant.customRole),
    source: from.id === workspaceId ? "explicit" : "inherited",
  };
  if (from.id !== workspaceId) step.inheritedFrom = { id: from.id, name: from.name };
  return step;
}

export function roleName(step: WorkspaceStep): string {
  if (step.role === null) return "no role";
  if (step.customRole) return `${step.customRole.name} (base: ${step.customRole.recipe})`;
  return WORKSPACE_ROLE_LABELS[step.role];
}

export function stepPhrase(step: ExplainStep): string {
  switch (step.kind) {
    case "organization-role":
      return orgRolePhrase(step.role);
    case "status":
      return `${STATUS_LABELS[step.status].toLowerCase()} in this organization`;
    case "rule":
      return step.reason;
    case "workspace-role":
      if (step.role === null) return `no role in ${step.path}`;
      if (step.source === "inherited" && step.inheritedFrom) {
        return `${roleName(step)} of ${step.inheritedFrom.name}, inherited in ${step.path}`;
      }
      return `${roleName(step)} in ${step.path} (explicit)`;
  }
}

/** What a scoped actor needs for `action` on `target`: any of these permissions. */
export function neededFor(action: Action, target: Target): readonly WorkspacePermission[] {
  return permissionsFor(action, target.kind === "user" ? target.change : undefined);
}

/** The workspaces whose roles allowed a scoped action (decide() said yes), and those roles. */
export function scopedPath(view: View, action: Action, target: Target): ExplainStep[] {
  const needed = neededFor(action, target);
  const mine = (id: string | null | undefined): id is string => holdsIn(view.actor, id, needed);
  const at = (id: string) => grantStep(view, id, needed);
  switch (target.kind) {
    case "workspace": {
      const ids = [target.workspaceId];
      if (action === "workspaces.move" && target.newParentId !== target.workspaceId) {
        ids.push(target.newParentId ?? null);
      }
      return ids.filter(mine).map(at);
    }
    case "user": {
      const where =
        action === "users.setWorkspaceRoles" && mine(target.workspaceId)
          ? target.workspaceId
          : target.workspaceIds.find(mine);
      return where ? [at(where)] : rootsWith(view, needed);
    }
    case "invitation":
      return target.workspaceIds.filter(mine).map(at);
    case "organization":
      return rootsWith(view, needed);
  }
}

export const ROOTS_SHOWN = 3;

/**
 * The workspaces where the person's own role gives any of `permissions`: the tops of the
 * workspaces where they may act so (their roles there reach every workspace below).
 */
export function rootsWith(view: View, permissions: readonly WorkspacePermission[]): ExplainStep[] {
  if (view.actor.status !== "active") return [];
  return view.grants
    .filter((grant) => view.tree.has(grant.workspaceId))
    .filter((grant) => {
      const held = rolePermissions(grant.role, grant.customRole);
      return permissions.some((p) => held.has(p));
    })
    .map((grant) => grantStep(view, grant.workspaceId, permissions))
    .filter((step) => step.source === "explicit")
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Steps joined with "and"; past ROOTS_SHOWN, the rest are counted. */
export function joinSteps(steps: readonly ExplainStep[]): string {
  const shown = steps.slice(0, ROOTS_SHOWN).map(stepPhrase);
  const more = steps.length - shown.length;
  if (more > 0) shown.push(`${more} more workspace${more === 1 ? "" : "s"}`);
  return shown.join(" and ");
}
