// "Why can they?": the path behind a permission decision, in the product's words. The verdict is
// always decide()'s (matrix.ts); this file only adds which role, held where, made it so.
import {
  PERMISSION_MATRIX,
  PERSONAS,
  type USER_TARGET_ACTIONS,
  decide,
  personaOf,
  type Action,
  type Actor,
  type Decision,
  type DenyReason,
  type Persona,
  type Target,
} from "./matrix";
import { ACTION_LABELS } from "./reference";
import {
  ORG_ROLE_LABELS,
  STATUS_LABELS,
  WORKSPACE_ROLE_LABELS,
  type MembershipStatus,
  type OrgRole,
  type WorkspaceRole,
} from "./roles";
import type { Holding } from "./workspace-permissions";
import {
  actorScope,
  effectiveWorkspaceRoles,
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

/** Whether `subject` may do `action` to `target`, and the path that decides it. */
export function explain(
  subject: ExplainSubject,
  action: Action,
  target: Target,
  context: ExplainContext,
): Explanation {
  const actor = actorOfSubject(subject, context);
  const decision = decide(actor, action, target);
  const roles = effectiveWorkspaceRoles(context.tree, subject.grants, subject.orgRole);
  const at = (workspaceId: string) => workspaceStep(context.tree, roles, workspaceId);
  const label = ACTION_LABELS[action];

  if (decision.allowed) {
    if (decision.grant === "all") {
      const role = subject.orgRole;
      return answer(decision, [{ kind: "organization-role", role }], orgRolePhrase(role));
    }
    const steps = scopedPath(actor, action, target, context.tree, at);
    return answer(decision, steps, `${joinSteps(steps)}${scopeNote(target)}`);
  }

  const rule: ExplainStep = { kind: "rule", reason: decision.reason };
  switch (decision.reason) {
    case "not_found":
      return answer(decision, [rule], "not in this organization");
    case "inactive": {
      const status = subject.status === "active" ? "disabled" : subject.status;
      return answer(
        decision,
        [{ kind: "status", status }, rule],
        `${STATUS_LABELS[status].toLowerCase()} in this organization`,
      );
    }
    case "forbidden": {
      const steps: ExplainStep[] = [{ kind: "organization-role", role: subject.orgRole }, rule];
      return answer(
        decision,
        steps,
        `${personaPhrase(actor, context.tree, roles)}; only ${whoMay(action)} may ${label}`,
      );
    }
    case "owner_target":
      return answer(
        decision,
        [rule],
        `nobody ${OWNER_VERBS[action] ?? `may ${label} for`} the owner; ownership moves only by transfer`,
      );
    case "self":
      return answer(
        decision,
        [rule],
        `not on themselves: nobody may ${label} to their own account`,
      );
    case "invalid_role":
      return answer(
        decision,
        [rule],
        ownerRoleAsked(target)
          ? "the owner role is never given this way; ownership moves only by transfer"
          : "a workspace manager gives only the member role",
      );
    case "out_of_scope":
      return outOfScope(decision, actor, action, target, context.tree, at);
  }
}

function answer(decision: Decision, because: ExplainStep[], text: string): Explanation {
  return { allowed: decision.allowed, decision, because, text };
}

function orgRolePhrase(role: OrgRole): string {
  return `${ORG_ROLE_LABELS[role].toLowerCase()} of the organization`;
}

type StepAt = (workspaceId: string) => Extract<ExplainStep, { kind: "workspace-role" }>;

function workspaceStep(
  tree: WorkspaceTree,
  roles: ReadonlyMap<string, EffectiveWorkspaceRole>,
  workspaceId: string,
): Extract<ExplainStep, { kind: "workspace-role" }> {
  const path = tree.path(workspaceId) || "a workspace not in this organization";
  const effective = roles.get(workspaceId);
  if (!effective) return { kind: "workspace-role", workspaceId, path, role: null, source: "none" };
  if (effective.source === "inherited") {
    const { id, name } = effective.inheritedFrom;
    return {
      kind: "workspace-role",
      workspaceId,
      path,
      role: effective.role,
      source: "inherited",
      inheritedFrom: { id, name },
    };
  }
  // "organization" (owners and admins) never reaches here: their grant is "all".
  return { kind: "workspace-role", workspaceId, path, role: effective.role, source: "explicit" };
}

function stepPhrase(step: ExplainStep): string {
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
        return `${WORKSPACE_ROLE_LABELS[step.role]} of ${step.inheritedFrom.name}, inherited in ${step.path}`;
      }
      return `${WORKSPACE_ROLE_LABELS[step.role]} in ${step.path} (explicit)`;
  }
}

/** The workspaces whose manager role allowed a scoped action (decide() said yes). */
function scopedPath(
  actor: Actor,
  action: Action,
  target: Target,
  tree: WorkspaceTree,
  at: StepAt,
): ExplainStep[] {
  const mine = (id: string | null | undefined): id is string =>
    id != null && actor.managedWorkspaceIds.has(id);
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
      return where ? [at(where)] : managedRoots(actor, tree, at);
    }
    case "invitation":
      return target.workspaceIds.filter(mine).map(at);
    case "organization":
      return managedRoots(actor, tree, at);
  }
}

const ROOTS_SHOWN = 3;

/** The workspaces where the actor's manager role is explicit: the tops of "their workspaces". */
function managedRoots(actor: Actor, tree: WorkspaceTree, at: StepAt): ExplainStep[] {
  return [...actor.managedWorkspaceIds]
    .map(at)
    .filter((step) => step.source === "explicit")
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Steps joined with "and"; past ROOTS_SHOWN, the rest are counted. */
function joinSteps(steps: readonly ExplainStep[]): string {
  const shown = steps.slice(0, ROOTS_SHOWN).map(stepPhrase);
  const more = steps.length - shown.length;
  if (more > 0) shown.push(`${more} more workspace${more === 1 ? "" : "s"}`);
  return shown.join(" and ");
}

function scopeNote(target: Target): string {
  return target.kind === "organization" ? ", within their workspaces only" : "";
}

function personaPhrase(
  actor: Actor,
  tree: WorkspaceTree,
  roles: ReadonlyMap<string, EffectiveWorkspaceRole>,
): string {
  const persona = personaOf(actor);
  if (persona !== "manager" && persona !== "member") return orgRolePhrase(persona);
  if (persona === "member") return `${orgRolePhrase("member")}, manager of no workspace`;
  const roots = managedRoots(actor, tree, (id) => workspaceStep(tree, roles, id));
  return `${orgRolePhrase("member")}, ${joinSteps(roots)}`;
}

const WHO: Record<Persona, string> = {
  owner: "the owner",
  admin: "admins",
  manager: "workspace managers",
  member: "members",
};

/** Who the matrix lets do `action`: "the owner", "the owner and admins"… */
function whoMay(action: Action): string {
  const row = PERMISSION_MATRIX[action];
  const who = PERSONAS.filter((persona) => row[persona] !== "none").map((p) => WHO[p]);
  if (who.length <= 1) return who.join("") || "nobody";
  return `${who.slice(0, -1).join(", ")} and ${who.at(-1)}`;
}

const OWNER_VERBS: Partial<Record<Action, string>> = {
  "users.changeOrgRole": "changes the role of",
  "users.editProfile": "edits the name or email of",
  "users.setWorkspaceRoles": "sets the workspace roles of",
  "users.resetPassword": "resets the password of",
  "users.setStatus": "disables or enables",
  "users.remove": "removes",
} satisfies Record<(typeof USER_TARGET_ACTIONS)[number], string>;

function ownerRoleAsked(target: Target): boolean {
  if (target.kind === "invitation") return target.role === "owner";
  if (target.kind === "user") return target.newRole === undefined || target.newRole === "owner";
  return false;
}

function outOfScope(
  decision: Decision,
  actor: Actor,
  action: Action,
  target: Target,
  tree: WorkspaceTree,
  at: StepAt,
): Explanation {
  const rule: ExplainStep = { kind: "rule", reason: "out_of_scope" };
  const mine = (id: string | null | undefined) => id != null && actor.managedWorkspaceIds.has(id);
  const label = ACTION_LABELS[action];
  const needsManagerAt = (id: string | null | undefined): Explanation => {
    if (id == null) {
      return answer(
        decision,
        [rule],
        `a workspace manager acts only within their workspaces, not at the top level; only ${whoMay("workspaces.createTopLevel")} may ${label} there`,
      );
    }
    const step = at(id);
    return answer(decision, [step, rule], `${stepPhrase(step)}; only a manager there may ${label}`);
  };
  switch (target.kind) {
    case "workspace":
      if (!mine(target.workspaceId)) return needsManagerAt(target.workspaceId);
      return needsManagerAt(target.newParentId);
    case "invitation":
      if (target.workspaceIds.length === 0) {
        return answer(
          decision,
          [rule],
          "a workspace manager invites only into their workspaces, and none was chosen",
        );
      }
      return needsManagerAt(target.workspaceIds.find((id) => !mine(id)));
    case "user":
      if (target.orgRole !== "member") {
        return answer(
          decision,
          [rule],
          `a workspace manager acts only on members, and this person is ${orgRolePhrase(target.orgRole)}`,
        );
      }
      if (!target.workspaceIds.some(mine)) {
        const roots = managedRoots(actor, tree, at);
        return answer(
          decision,
          [...roots, rule],
          `${joinSteps(roots) || "manager of no workspace"}; this person has no role in any of their workspaces`,
        );
      }
      return needsManagerAt(target.workspaceId);
    case "organization":
      // decide() never answers out_of_scope for an organization target.
      return answer(decision, [rule], "outside their workspaces");
  }
}

/**
 * Actions "Why can they?" asks about in one workspace; the others are organization-level, so the
 * workspace chosen doesn't change their answer.
 */
export const WORKSPACE_QUESTION_ACTIONS = [
  "users.view",
  "users.invite",
  "invitations.manage",
  "users.setWorkspaceRoles",
  "joinRequests.decide",
  "workspaces.createSub",
  "workspaces.rename",
  "workspaces.move",
  "workspaces.delete",
] as const satisfies readonly Action[];

export function isWorkspaceQuestion(action: Action): boolean {
  return (WORKSPACE_QUESTION_ACTIONS as readonly Action[]).includes(action);
}

/**
 * The target decide() is asked about for "may they do `action` in `workspace`?" (null: in the
 * organization): a workspace itself, an invitation into it, or a member who has a role in it.
 * Moving a workspace is asked of its parent, the one it moves out of (workspaces.move's target).
 */
export function questionTarget(
  organizationId: string,
  action: Action,
  workspace: { id: string; parentId: string | null } | null,
): Target {
  if (workspace === null || !isWorkspaceQuestion(action)) {
    return { kind: "organization", organizationId };
  }
  switch (action) {
    case "users.invite":
    case "invitations.manage":
      return { kind: "invitation", organizationId, role: "member", workspaceIds: [workspace.id] };
    case "users.view":
    case "users.setWorkspaceRoles":
      return {
        kind: "user",
        organizationId,
        userId: "(a member of this workspace)",
        orgRole: "member",
        workspaceIds: [workspace.id],
        workspaceId: workspace.id,
      };
    case "workspaces.move":
      return {
        kind: "workspace",
        organizationId,
        workspaceId: workspace.parentId,
        newParentId: workspace.parentId,
      };
    default:
      return { kind: "workspace", organizationId, workspaceId: workspace.id };
  }
}
