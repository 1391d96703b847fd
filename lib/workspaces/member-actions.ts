"use server";

import {
  ActionError,
  assertAllowed,
  memberAction,
  type MemberContext,
} from "@/lib/actions/pipeline";
import {
  checkExplicitWorkspaceRole,
  type Actor,
  type UserTarget,
  type WorkspaceTree,
} from "@/lib/permissions";
import {
  displayName,
  findTargetMember,
  requireTargetMember,
  userTarget,
  type TargetMember,
} from "@/lib/people";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import {
  auditRole,
  roleInSentence,
  sameRole,
  workspaceChangeTarget,
  type RoleOperation,
} from "./role-change";
import { removeFromWorkspaceInput, setWorkspaceRoleInput } from "./schemas";
import { grantWorkspaceRole, ownGrants, resolveRoleToGive, roleIfItExists } from "./writes";

const PATHS = ["/users", "/workspaces"];

function label(member: TargetMember) {
  return `${displayName(member)} <${member.email}>`;
}

/**
 * The matrix check for changing a person's role in a workspace: both must be in the caller's
 * organization (else "not found"); a scoped caller needs the permission for what is done there
 * (add, change or remove), may not touch someone whose role there outranks their own, and may
 * give no role above their own or with a permission they lack. The role given is read here
 * without a lock, and again in the transaction (`confirmChange`): one that can't be found is
 * refused there (ROLE_GONE), once the matrix has answered whether the caller may change this
 * person's role here at all.
 */
async function onPersonInWorkspace(
  { input, actor, db }: MemberContext<{ userId: string; workspaceId: string }>,
  operation: RoleOperation,
) {
  const [member, tree] = await Promise.all([
    findTargetMember(db, actor.organizationId, input.userId),
    getWorkspaceTree(actor.organizationId),
  ]);
  const found = tree.has(input.workspaceId) ? member : null;
  return {
    action: "users.setWorkspaceRoles" as const,
    target: workspaceChangeTarget(
      userTarget(actor, input.userId, found, { workspaceId: input.workspaceId }),
      tree,
      found?.workspaceGrants ?? [],
      input.workspaceId,
      operation,
    ),
  };
}

/**
 * The matrix again, inside the transaction, on what it reads now: the person's roles and the role
 * given may have changed since the check before it (an edited custom role that now allows more
 * than the caller holds is refused).
 */
function confirmChange(
  actor: Actor,
  member: TargetMember,
  tree: WorkspaceTree,
  grants: Awaited<ReturnType<typeof ownGrants>>,
  workspaceId: string,
  operation: RoleOperation,
): void {
  const target: UserTarget = workspaceChangeTarget(
    userTarget(actor, member.userId, member),
    tree,
    grants,
    workspaceId,
    operation,
  );
  assertAllowed(actor, "users.setWorkspaceRoles", target);
}

/**
 * Add someone to a workspace, or change their explicit role there, to a built-in role or one of
 * the organization's custom roles. An explicit role may upgrade an inherited one, never downgrade
 * it (the message names the parent where it must change).
 */
export const setWorkspaceRoleAction = memberAction({
  name: "set-workspace-role",
  input: setWorkspaceRoleInput,
  permission: async (ctx) =>
    onPersonInWorkspace(ctx, {
      give: (await roleIfItExists(ctx.db, ctx.actor.organizationId, ctx.input.role))?.give,
    }),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    const tree = await getWorkspaceTree(actor.organizationId);
    const workspace = tree.get(input.workspaceId);
    if (!workspace) throw new ActionError("Not found. That workspace may have been deleted.");
    const [resolved, grants] = await Promise.all([
      resolveRoleToGive(tx, actor.organizationId, input.role),
      ownGrants(tx, member.membershipId),
    ]);
    confirmChange(actor, member, tree, grants, workspace.id, { give: resolved.give });
    const check = checkExplicitWorkspaceRole(tree, grants, input.workspaceId, resolved.role);
    if (!check.ok) throw new ActionError(check.message, { role: [check.message] });
    const previous = grants.find((g) => g.workspaceId === input.workspaceId) ?? null;
    if (previous && sameRole(previous, resolved)) {
      throw new ActionError(
        `${displayName(member)} is already ${roleInSentence(resolved.role, resolved.customRole)} of ${workspace.name}.`,
      );
    }
    const { joinRequestsClosed } = await grantWorkspaceRole(tx, {
      organizationId: actor.organizationId,
      membershipId: member.membershipId,
      workspaceId: workspace.id,
      role: resolved.role,
      customRoleId: resolved.customRole?.id ?? null,
      tree,
      grantedById: actor.userId,
    });
    return {
      result: {},
      audit: {
        action: previous ? "workspace.member_role_changed" : "workspace.member_added",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: {
          workspace: { id: workspace.id, name: tree.path(workspace.id) },
          before: auditRole(previous),
          after: auditRole(resolved),
          ...(joinRequestsClosed > 0 ? { joinRequestsClosed } : {}),
        },
      },
      revalidate: PATHS,
    };
  },
});

/** Take someone out of a workspace (and so out of everything they inherited from it). */
export const removeFromWorkspaceAction = memberAction({
  name: "remove-from-workspace",
  input: removeFromWorkspaceInput,
  permission: (ctx) => onPersonInWorkspace(ctx, "remove"),
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    const [tree, grants] = await Promise.all([
      getWorkspaceTree(actor.organizationId),
      ownGrants(tx, member.membershipId),
    ]);
    const removed = grants.find((g) => g.workspaceId === input.workspaceId);
    if (!removed || !tree.has(input.workspaceId)) {
      throw new ActionError(`${displayName(member)} has no role of their own in that workspace.`);
    }
    confirmChange(actor, member, tree, grants, input.workspaceId, "remove");
    await tx.workspaceMembership.delete({
      where: {
        workspaceId_membershipId: {
          workspaceId: input.workspaceId,
          membershipId: member.membershipId,
        },
      },
    });
    return {
      result: {},
      audit: {
        action: "workspace.member_removed",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: {
          workspace: { id: input.workspaceId, name: tree.get(input.workspaceId)!.name },
          before: auditRole(removed),
        },
      },
      revalidate: PATHS,
    };
  },
});
