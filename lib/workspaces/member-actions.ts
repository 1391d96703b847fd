"use server";

import { ActionError, memberAction, type MemberContext } from "@/lib/actions/pipeline";
import { checkExplicitWorkspaceRole, WORKSPACE_ROLE_LABELS } from "@/lib/permissions";
import {
  displayName,
  findTargetMember,
  requireTargetMember,
  userTarget,
  type TargetMember,
} from "@/lib/people";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { removeFromWorkspaceInput, setWorkspaceRoleInput } from "./schemas";
import { grantWorkspaceRole } from "./writes";

const PATHS = ["/users", "/workspaces"];

function label(member: TargetMember) {
  return `${displayName(member)} <${member.email}>`;
}

/**
 * The matrix check for changing a person's role in a workspace: both must be in the caller's
 * organization (else "not found"), and the caller must manage the workspace and the person.
 */
async function onPersonInWorkspace({
  input,
  actor,
  db,
}: MemberContext<{ userId: string; workspaceId: string }>) {
  const [member, tree] = await Promise.all([
    findTargetMember(db, actor.organizationId, input.userId),
    getWorkspaceTree(actor.organizationId),
  ]);
  return {
    action: "users.setWorkspaceRoles" as const,
    target: userTarget(actor, input.userId, tree.has(input.workspaceId) ? member : null, {
      workspaceId: input.workspaceId,
    }),
  };
}

/**
 * Add someone to a workspace, or change their explicit role there. An explicit role may upgrade an
 * inherited one, never downgrade it (the message names the parent where it must change).
 */
export const setWorkspaceRoleAction = memberAction({
  name: "set-workspace-role",
  input: setWorkspaceRoleInput,
  permission: onPersonInWorkspace,
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    const tree = await getWorkspaceTree(actor.organizationId);
    const workspace = tree.get(input.workspaceId);
    if (!workspace) throw new ActionError("Not found. That workspace may have been deleted.");
    const grants = await tx.workspaceMembership.findMany({
      where: { membershipId: member.membershipId },
      select: { workspaceId: true, role: true },
    });
    const check = checkExplicitWorkspaceRole(tree, grants, input.workspaceId, input.role);
    if (!check.ok) throw new ActionError(check.message, { role: [check.message] });
    const previous = grants.find((g) => g.workspaceId === input.workspaceId)?.role ?? null;
    if (previous === input.role) {
      throw new ActionError(
        `${displayName(member)} is already ${WORKSPACE_ROLE_LABELS[input.role].toLowerCase()} of ${workspace.name}.`,
      );
    }
    const { joinRequestsClosed } = await grantWorkspaceRole(tx, {
      organizationId: actor.organizationId,
      membershipId: member.membershipId,
      workspaceId: workspace.id,
      role: input.role,
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
          before: { role: previous },
          after: { role: input.role },
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
  permission: onPersonInWorkspace,
  async run({ input, tx, actor }) {
    const member = await requireTargetMember(tx, actor.organizationId, input.userId);
    const removed = await tx.workspaceMembership.findUnique({
      where: {
        workspaceId_membershipId: {
          workspaceId: input.workspaceId,
          membershipId: member.membershipId,
        },
      },
      select: { id: true, role: true, workspace: { select: { name: true } } },
    });
    if (!removed)
      throw new ActionError(`${displayName(member)} has no role of their own in that workspace.`);
    await tx.workspaceMembership.delete({ where: { id: removed.id } });
    return {
      result: {},
      audit: {
        action: "workspace.member_removed",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: {
          workspace: { id: input.workspaceId, name: removed.workspace.name },
          before: { role: removed.role },
        },
      },
      revalidate: PATHS,
    };
  },
});
