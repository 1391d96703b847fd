import "server-only";
import {
  ACTIONS,
  explain,
  isWorkspaceQuestion,
  questionTarget,
  type Action,
  type Actor,
  type MembershipStatus,
} from "@/lib/permissions";
import { ACTION_LABELS } from "@/lib/permissions/reference";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import type { TargetMember } from "./queries";

/** "Why can they?" on Edit user: the question asked (from the URL) and its answer. */
export interface WhyCanThey {
  workspaces: { id: string; path: string }[];
  actions: { value: Action; label: string }[];
  /** The question: a workspace (null: the organization) and an action. */
  workspaceId: string | null;
  action: Action;
  answer: {
    allowed: boolean;
    text: string;
    /** The action is decided for the whole organization: the workspace chosen doesn't matter. */
    organizationLevel: boolean;
  };
}

const DEFAULT_ACTION: Action = "users.view";

/**
 * Whether `member` may do `action` in a workspace (or the organization), and by which role: what
 * lib/permissions/explain.ts answers from their live membership. `why_ws` and `why_action` come
 * from the URL: anything that isn't one of this organization's workspaces or a known action reads
 * as the organization and the first action.
 */
export async function whyCanTheyFor(
  actor: Actor,
  member: TargetMember,
  status: MembershipStatus,
  query: { why_ws?: string | string[]; why_action?: string | string[] },
): Promise<WhyCanThey> {
  const tree = await getWorkspaceTree(actor.organizationId);
  const ws = typeof query.why_ws === "string" ? tree.get(query.why_ws) : undefined;
  const wanted = query.why_action;
  const action =
    typeof wanted === "string" && (ACTIONS as readonly string[]).includes(wanted)
      ? (wanted as Action)
      : DEFAULT_ACTION;
  const why = explain(
    {
      userId: member.userId,
      membershipId: member.membershipId,
      organizationId: actor.organizationId,
      orgRole: member.role,
      status,
      grants: member.workspaceGrants,
    },
    action,
    questionTarget(actor.organizationId, action, ws ? { id: ws.id, parentId: ws.parentId } : null),
    { tree },
  );
  return {
    workspaces: [...tree.byPath()],
    actions: ACTIONS.map((value) => ({ value, label: ACTION_LABELS[value] })),
    workspaceId: ws?.id ?? null,
    action,
    answer: {
      allowed: why.allowed,
      text: why.text,
      organizationLevel: !isWorkspaceQuestion(action),
    },
  };
}
