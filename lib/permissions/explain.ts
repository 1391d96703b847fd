// "Why can they?": the path behind a permission decision, in the product's words. The verdict is
// always decide()'s (matrix.ts); this file only adds which role, held where, made it so. The
// links of the path and their words are in explain-steps.ts.
import {
  actorOfSubject,
  joinSteps,
  neededFor,
  orgRolePhrase,
  rootsWith,
  scopedPath,
  stepPhrase,
  workspaceStep,
  type ExplainContext,
  type ExplainStep,
  type ExplainSubject,
  type Explanation,
  type View,
} from "./explain-steps";
import {
  PERMISSION_MATRIX,
  PERSONAS,
  type USER_TARGET_ACTIONS,
  decide,
  holdsIn,
  personaOf,
  type Action,
  type Decision,
  type Persona,
  type Target,
} from "./matrix";
import { ACTION_LABELS } from "./reference";
import { STATUS_LABELS } from "./roles";
import {
  fitsWithin,
  WORKSPACE_PERMISSION_TEXT,
  WORKSPACE_PERMISSIONS,
} from "./workspace-permissions";
import { effectiveWorkspaceRoles } from "./workspace-roles";

export {
  actorOfSubject,
  type ExplainContext,
  type ExplainStep,
  type ExplainSubject,
  type Explanation,
};

/** Whether `subject` may do `action` to `target`, and the path that decides it. */
export function explain(
  subject: ExplainSubject,
  action: Action,
  target: Target,
  context: ExplainContext,
): Explanation {
  const actor = actorOfSubject(subject, context);
  const decision = decide(actor, action, target);
  const view: View = {
    actor,
    tree: context.tree,
    grants: subject.grants,
    roles: effectiveWorkspaceRoles(context.tree, subject.grants, subject.orgRole),
  };
  const label = ACTION_LABELS[action];

  if (decision.allowed) {
    if (decision.grant === "all") {
      const role = subject.orgRole;
      return answer(decision, [{ kind: "organization-role", role }], orgRolePhrase(role));
    }
    const steps = scopedPath(view, action, target);
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
      return answer(decision, steps, `${personaPhrase(view)}; only ${whoMay(action)} may ${label}`);
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
      return invalidRole(decision, view, target);
    case "out_of_scope":
      return outOfScope(decision, view, action, target);
  }
}

function answer(decision: Decision, because: ExplainStep[], text: string): Explanation {
  return { allowed: decision.allowed, decision, because, text };
}

function scopeNote(target: Target): string {
  return target.kind === "organization" ? ", within their workspaces only" : "";
}

function personaPhrase(view: View): string {
  const persona = personaOf(view.actor);
  if (persona !== "manager" && persona !== "member") return orgRolePhrase(persona);
  if (persona === "member") return `${orgRolePhrase("member")}, manager of no workspace`;
  return `${orgRolePhrase("member")}, ${joinSteps(rootsWith(view, WORKSPACE_PERMISSIONS))}`;
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

/** "only a manager there, or a custom role with “Rename”, may rename a workspace" */
function whoMayThere(action: Action, target: Target): string {
  const labels = neededFor(action, target).map((p) => `“${WORKSPACE_PERMISSION_TEXT[p].label}”`);
  const custom = labels.length === 0 ? "" : `, or a custom role with ${labels.join(" or ")},`;
  return `only a manager there${custom} may ${ACTION_LABELS[action]}`;
}

function outOfScope(decision: Decision, view: View, action: Action, target: Target): Explanation {
  const rule: ExplainStep = { kind: "rule", reason: "out_of_scope" };
  const needed = neededFor(action, target);
  const mine = (id: string | null | undefined) => holdsIn(view.actor, id, needed);
  const label = ACTION_LABELS[action];
  const needsManagerAt = (id: string | null | undefined): Explanation => {
    if (id == null) {
      return answer(
        decision,
        [rule],
        `a workspace manager acts only within their workspaces, not at the top level; only ${whoMay("workspaces.createTopLevel")} may ${label} there`,
      );
    }
    const step = workspaceStep(view, id);
    return answer(decision, [step, rule], `${stepPhrase(step)}; ${whoMayThere(action, target)}`);
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
    case "user": {
      if (target.orgRole !== "member") {
        return answer(
          decision,
          [rule],
          `a workspace manager acts only on members, and this person is ${orgRolePhrase(target.orgRole)}`,
        );
      }
      if (target.workspaceId !== undefined && !mine(target.workspaceId)) {
        return needsManagerAt(target.workspaceId);
      }
      if (!target.workspaceIds.some(mine)) {
        const roots = rootsWith(view, needed);
        return answer(
          decision,
          [...roots, rule],
          `${joinSteps(roots) || "manager of no workspace"}; this person has no role in any of their workspaces`,
        );
      }
      if (mine(target.workspaceId) && target.currentRank !== undefined) {
        const step = workspaceStep(view, target.workspaceId!);
        return answer(
          decision,
          [step, rule],
          `${stepPhrase(step)}; this person's role there outranks theirs`,
        );
      }
      return needsManagerAt(target.workspaceId);
    }
    case "organization":
      // decide() never answers out_of_scope for an organization target.
      return answer(decision, [rule], "outside their workspaces");
  }
}

/** The workspace where the role given doesn't fit within what the subject holds. */
function escalationAt(view: View, target: Target): string | null {
  switch (target.kind) {
    case "user":
    case "workspace":
      return target.role ? (target.workspaceId ?? null) : null;
    case "invitation":
      return (
        target.workspaceRoles?.find(
          (given) => !fitsWithin(given.role, view.actor.holdings.get(given.workspaceId)),
        )?.workspaceId ?? null
      );
    case "organization":
      return null;
  }
}

function invalidRole(decision: Decision, view: View, target: Target): Explanation {
  const rule: ExplainStep = { kind: "rule", reason: "invalid_role" };
  if (!(target.kind === "user" && target.role) && ownerRoleAsked(target)) {
    return answer(
      decision,
      [rule],
      "the owner role is never given this way; ownership moves only by transfer",
    );
  }
  if (target.kind === "invitation" && target.role !== "member") {
    return answer(decision, [rule], "a workspace manager gives only the member role");
  }
  const where = escalationAt(view, target);
  const step = where ? workspaceStep(view, where) : null;
  return answer(
    decision,
    step ? [step, rule] : [rule],
    `${step ? `${stepPhrase(step)}; ` : ""}nobody gives a role above their own, or one with a permission they don't hold there`,
  );
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
