"use server";

import {
  ActionError,
  assertAllowed,
  denyMessage,
  memberAction,
  type Tx,
} from "@/lib/actions/pipeline";
import { isUniqueViolation, type Db } from "@/lib/db";
import { getWorkspaceTree, loadWorkspaceTree } from "@/lib/request/workspace-tree";
import { deletionCounts } from "./counts";
import {
  createWorkspaceInput,
  deleteWorkspaceInput,
  moveWorkspaceInput,
  renameWorkspaceInput,
} from "./schemas";
import {
  checkWorkspaceMove,
  nameTakenMessage,
  siblingKey,
  siblingNamed,
  workspaceTarget,
} from "./tree";
import { lockTree } from "./writes";

const NOT_FOUND = denyMessage("not_found");
const CHANGED_ELSEWHERE =
  "This workspace was changed by someone else — reload to see the latest version.";
const PATHS = ["/workspaces", "/users"];

async function findWorkspace(db: Db | Tx, organizationId: string, id: string) {
  return db.workspace.findFirst({
    where: { id, organizationId },
    select: { id: true, name: true, parentId: true, version: true },
  });
}

function nameTaken(message: string): ActionError {
  return new ActionError(message, { name: [message] });
}

/** Create a top-level workspace (owners, admins) or a sub-workspace (also managers, under theirs). */
export const createWorkspaceAction = memberAction({
  name: "create-workspace",
  input: createWorkspaceInput,
  async permission({ input, actor }) {
    if (input.parentId === null) {
      return {
        action: "workspaces.createTopLevel",
        target: { kind: "organization", organizationId: actor.organizationId },
      };
    }
    const tree = await getWorkspaceTree(actor.organizationId);
    return {
      action: "workspaces.createSub",
      target: workspaceTarget(actor, input.parentId, { exists: tree.has(input.parentId) }),
    };
  },
  async run({ input, tx, actor }) {
    await lockTree(tx, actor.organizationId);
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    if (input.parentId !== null && !tree.has(input.parentId)) throw new ActionError(NOT_FOUND);
    const taken = nameTakenMessage(tree, input.parentId, input.name);
    if (siblingNamed(tree, input.parentId, input.name)) throw nameTaken(taken);
    let created: { id: string };
    try {
      created = await tx.workspace.create({
        data: {
          organizationId: actor.organizationId,
          parentId: input.parentId,
          name: input.name,
          siblingKey: siblingKey(input.parentId, input.name),
        },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(taken);
      throw error;
    }
    const parentPath = input.parentId === null ? null : tree.path(input.parentId);
    const path = parentPath === null ? input.name : `${parentPath} / ${input.name}`;
    return {
      result: { workspaceId: created.id },
      audit: {
        action: "workspace.created",
        target: { type: "workspace", id: created.id, label: path },
        metadata: {
          name: input.name,
          parent: input.parentId === null ? null : { id: input.parentId, name: parentPath },
        },
      },
      revalidate: PATHS,
    };
  },
});

/** Rename a workspace (owners, admins; managers within their workspaces). */
export const renameWorkspaceAction = memberAction({
  name: "rename-workspace",
  input: renameWorkspaceInput,
  async permission({ input, actor }) {
    const tree = await getWorkspaceTree(actor.organizationId);
    return {
      action: "workspaces.rename",
      target: workspaceTarget(actor, input.workspaceId, { exists: tree.has(input.workspaceId) }),
    };
  },
  async run({ input, tx, actor }) {
    await lockTree(tx, actor.organizationId);
    const workspace = await findWorkspace(tx, actor.organizationId, input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    if (workspace.version !== input.version) throw new ActionError(CHANGED_ELSEWHERE);
    if (workspace.name === input.name) {
      const message = `It is already called "${input.name}".`;
      throw new ActionError(message, { name: [message] });
    }
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const taken = nameTakenMessage(tree, workspace.parentId, input.name);
    if (siblingNamed(tree, workspace.parentId, input.name, workspace.id)) throw nameTaken(taken);
    const before = tree.path(workspace.id);
    try {
      const updated = await tx.workspace.updateMany({
        where: { id: workspace.id, organizationId: actor.organizationId, version: input.version },
        data: {
          name: input.name,
          siblingKey: siblingKey(workspace.parentId, input.name),
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(taken);
      throw error;
    }
    const parentPath = workspace.parentId === null ? null : tree.path(workspace.parentId);
    const after = parentPath === null ? input.name : `${parentPath} / ${input.name}`;
    return {
      result: { name: input.name },
      audit: {
        action: "workspace.renamed",
        target: { type: "workspace", id: workspace.id, label: after },
        metadata: {
          before: { name: workspace.name, path: before },
          after: { name: input.name, path: after },
        },
      },
      revalidate: PATHS,
    };
  },
});

/**
 * Move a workspace under another one, or to the top level: never into itself or below itself,
 * never onto a sibling's name. A manager moves only from one of their workspaces to another.
 */
export const moveWorkspaceAction = memberAction({
  name: "move-workspace",
  input: moveWorkspaceInput,
  async permission({ input, actor }) {
    const tree = await getWorkspaceTree(actor.organizationId);
    const workspace = tree.get(input.workspaceId);
    const exists = workspace !== undefined && (input.parentId === null || tree.has(input.parentId));
    // The matrix's move target: the current parent (moved out of) and the new one (moved into).
    return {
      action: "workspaces.move",
      target: workspaceTarget(actor, workspace?.parentId ?? null, {
        exists,
        newParentId: input.parentId,
      }),
    };
  },
  async run({ input, tx, actor }) {
    await lockTree(tx, actor.organizationId);
    const workspace = await findWorkspace(tx, actor.organizationId, input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    if (workspace.version !== input.version) throw new ActionError(CHANGED_ELSEWHERE);
    // The permission was decided on the parent read before the lock: decide again on this one.
    assertAllowed(
      actor,
      "workspaces.move",
      workspaceTarget(actor, workspace.parentId, { newParentId: input.parentId }),
    );
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const check = checkWorkspaceMove(tree, workspace.id, input.parentId);
    if (!check.ok) {
      if (check.reason === "not_found") throw new ActionError(NOT_FOUND);
      throw new ActionError(check.message, { parentId: [check.message] });
    }
    const before = tree.path(workspace.id);
    const beforeParent = workspace.parentId === null ? null : tree.path(workspace.parentId);
    const afterParent = input.parentId === null ? null : tree.path(input.parentId);
    try {
      const updated = await tx.workspace.updateMany({
        where: { id: workspace.id, organizationId: actor.organizationId, version: input.version },
        data: {
          parentId: input.parentId,
          siblingKey: siblingKey(input.parentId, workspace.name),
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    } catch (error) {
      if (isUniqueViolation(error)) {
        const message = nameTakenMessage(tree, input.parentId, workspace.name);
        throw new ActionError(message, { parentId: [message] });
      }
      throw error;
    }
    const after = afterParent === null ? workspace.name : `${afterParent} / ${workspace.name}`;
    return {
      result: { parentId: input.parentId },
      audit: {
        action: "workspace.moved",
        target: { type: "workspace", id: workspace.id, label: after },
        metadata: {
          before: { parentId: workspace.parentId, parent: beforeParent, path: before },
          after: { parentId: input.parentId, parent: afterParent, path: after },
        },
      },
      revalidate: PATHS,
    };
  },
});

/**
 * Delete a workspace (owners, admins) with everything below it: sub-workspaces, the roles people
 * had in them, pending join requests, and the workspace grants of pending invitations. People
 * stay in the organization.
 */
export const deleteWorkspaceAction = memberAction({
  name: "delete-workspace",
  input: deleteWorkspaceInput,
  async permission({ input, actor }) {
    const tree = await getWorkspaceTree(actor.organizationId);
    return {
      action: "workspaces.delete",
      target: workspaceTarget(actor, input.workspaceId, { exists: tree.has(input.workspaceId) }),
    };
  },
  async run({ input, tx, actor }) {
    await lockTree(tx, actor.organizationId);
    const organizationId = actor.organizationId;
    const tree = await loadWorkspaceTree(tx, organizationId);
    const workspace = tree.get(input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    const counts = await deletionCounts(tx, organizationId, tree, workspace.id);
    const { subWorkspaces, memberships, joinRequests, invitations } = counts;
    const expected = input.expected;
    if (
      subWorkspaces !== expected.subWorkspaces ||
      memberships !== expected.memberships ||
      joinRequests !== expected.joinRequests ||
      invitations !== expected.invitations
    ) {
      throw new ActionError(
        `What deleting ${workspace.name} takes with it changed since you looked (now ${subWorkspaces} ${
          subWorkspaces === 1 ? "sub-workspace" : "sub-workspaces"
        } and ${memberships} ${memberships === 1 ? "role" : "roles"}). Reload the page, check, and confirm again.`,
      );
    }
    const path = tree.path(workspace.id);
    // Sub-workspaces, memberships, join requests and invitation grants go by ON DELETE CASCADE.
    await tx.workspace.delete({ where: { id: workspace.id } });
    return {
      result: {},
      audit: {
        action: "workspace.deleted",
        target: { type: "workspace", id: workspace.id, label: path },
        metadata: {
          path,
          subWorkspaces: tree
            .descendants(workspace.id)
            .map((d) => tree.path(d.id))
            .sort(),
          memberships,
          pendingJoinRequests: joinRequests,
          pendingInvitationsAffected: invitations,
        },
      },
      revalidate: PATHS,
    };
  },
});
