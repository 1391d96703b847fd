"use server";

import {
  ActionError,
  assertAllowed,
  denyMessage,
  memberAction,
  type Tx,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { config } from "@/lib/config";
import { displayName, loadWorkspaceTree } from "@/lib/people/queries";
import { closeSatisfiedJoinRequests, deletionCounts } from "@/lib/workspaces/queries";
import { getDb, isUniqueViolation, type Db } from "@/lib/db";
import { sendEmail, templates } from "@/lib/email";
import {
  checkExplicitWorkspaceRole,
  effectiveWorkspaceRoles,
  WORKSPACE_ROLE_LABELS,
  WORKSPACE_ROLES,
  type Actor,
  type Target,
  type WorkspaceRole,
} from "@/lib/permissions";
import {
  checkWorkspaceMove,
  nameTakenMessage,
  siblingKey,
  siblingNamed,
} from "@/lib/workspaces/tree";
import {
  approveJoinRequestInput,
  createWorkspaceInput,
  deleteWorkspaceInput,
  moveWorkspaceInput,
  rejectJoinRequestInput,
  renameWorkspaceInput,
  requestToJoinInput,
  workspaceIdInput,
} from "@/lib/workspaces/schemas";

const NOT_FOUND = denyMessage("not_found");
const CHANGED_ELSEWHERE =
  "This workspace was changed by someone else — reload to see the latest version.";
const PATHS = ["/workspaces", "/users"];

/**
 * The permission target for a workspace; one that isn't in the caller's organization is shaped as
 * another tenant's, so the matrix answers "not found".
 */
function workspaceTarget(
  actor: Actor,
  exists: boolean,
  workspaceId: string | null,
  newParentId?: string | null,
): Target {
  return {
    kind: "workspace",
    organizationId: exists ? actor.organizationId : "(not in this organization)",
    workspaceId,
    ...(newParentId !== undefined ? { newParentId } : {}),
  };
}

async function findWorkspace(db: Db | Tx, organizationId: string, id: string) {
  return db.workspace.findFirst({
    where: { id, organizationId },
    select: { id: true, name: true, parentId: true, version: true },
  });
}

/**
 * Changes to the tree's shape take turns per organization, so two moves at once can never make a
 * cycle and two creates can never race on a name (the unique index would refuse the second).
 */
async function lockTree(tx: Tx, organizationId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`workspace-tree:${organizationId}`}))`;
}

function nameTaken(message: string): ActionError {
  return new ActionError(message, { name: [message] });
}

/** Create a top-level workspace (owners, admins) or a sub-workspace (also managers, under theirs). */
export const createWorkspaceAction = memberAction({
  name: "create-workspace",
  input: createWorkspaceInput,
  async permission({ input, actor, db }) {
    if (input.parentId === null) {
      return {
        action: "workspaces.createTopLevel",
        target: { kind: "organization", organizationId: actor.organizationId },
      };
    }
    const parent = await findWorkspace(db, actor.organizationId, input.parentId);
    return {
      action: "workspaces.createSub",
      target: workspaceTarget(actor, parent !== null, input.parentId),
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
  async permission({ input, actor, db }) {
    const workspace = await findWorkspace(db, actor.organizationId, input.workspaceId);
    return {
      action: "workspaces.rename",
      target: workspaceTarget(actor, workspace !== null, input.workspaceId),
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
  async permission({ input, actor, db }) {
    const [workspace, newParent] = await Promise.all([
      findWorkspace(db, actor.organizationId, input.workspaceId),
      input.parentId === null ? null : findWorkspace(db, actor.organizationId, input.parentId),
    ]);
    const exists = workspace !== null && (input.parentId === null || newParent !== null);
    // The matrix's move target: the current parent (moved out of) and the new one (moved into).
    return {
      action: "workspaces.move",
      target: workspaceTarget(actor, exists, workspace?.parentId ?? null, input.parentId),
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
      workspaceTarget(actor, true, workspace.parentId, input.parentId),
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
  async permission({ input, actor, db }) {
    const workspace = await findWorkspace(db, actor.organizationId, input.workspaceId);
    return {
      action: "workspaces.delete",
      target: workspaceTarget(actor, workspace !== null, input.workspaceId),
    };
  },
  async run({ input, tx, actor }) {
    await lockTree(tx, actor.organizationId);
    const organizationId = actor.organizationId;
    const tree = await loadWorkspaceTree(tx, organizationId);
    const workspace = tree.get(input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    const below = tree.descendants(workspace.id);
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
          subWorkspaces: below.map((d) => tree.path(d.id)).sort(),
          memberships,
          pendingJoinRequests: joinRequests,
          pendingInvitationsAffected: invitations,
        },
      },
      revalidate: PATHS,
    };
  },
});

/**
 * Ask to join a workspace of one's organization where one has no role yet (optional message).
 * One pending request per person and workspace: a second is refused, never duplicated.
 */
export const requestToJoinAction = memberAction({
  name: "request-to-join",
  input: requestToJoinInput,
  // Anyone active in the organization may ask, for themselves only; the workspace is looked up
  // in the caller's organization below, so another tenant's answers "not found".
  permission: () => "self",
  async run({ input, tx, actor, caller }) {
    const workspace = await findWorkspace(tx, actor.organizationId, input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    if (actor.orgRole !== "member") {
      throw new ActionError(
        `As an organization ${actor.orgRole}, you are already a manager of every workspace.`,
      );
    }
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const grants = await tx.workspaceMembership.findMany({
      where: { membershipId: caller.membership.id },
      select: { workspaceId: true, role: true },
    });
    const current = effectiveWorkspaceRoles(tree, grants, actor.orgRole).get(workspace.id);
    if (current) {
      const role = WORKSPACE_ROLE_LABELS[current.role].toLowerCase();
      throw new ActionError(
        current.source === "inherited"
          ? `You are already ${role} of ${workspace.name}, through ${current.inheritedFrom.name}.`
          : `You are already ${role} of ${workspace.name}.`,
      );
    }
    const duplicate = `You have already asked to join ${workspace.name}. A manager of it will decide.`;
    let request: { id: string };
    try {
      request = await tx.joinRequest.create({
        data: {
          organizationId: actor.organizationId,
          workspaceId: workspace.id,
          membershipId: caller.membership.id,
          pendingMembershipId: caller.membership.id,
          message: input.message,
        },
        select: { id: true },
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ActionError(duplicate);
      throw error;
    }
    const path = tree.path(workspace.id);
    return {
      result: { requestId: request.id },
      audit: {
        action: "join_request.created",
        target: { type: "join_request", id: request.id, label: `${caller.user.email} → ${path}` },
        metadata: { workspace: { id: workspace.id, name: path }, message: input.message },
      },
      revalidate: PATHS,
    };
  },
});

/**
 * Withdraw one's own pending request to join a workspace. The request is deleted (the audit
 * event keeps what it was); its managers no longer see it, and one may ask again later.
 */
export const withdrawJoinRequestAction = memberAction({
  name: "withdraw-join-request",
  input: workspaceIdInput,
  // Only one's own request: it is looked up by the caller's membership below.
  permission: () => "self",
  async run({ input, tx, actor, caller }) {
    const request = await tx.joinRequest.findFirst({
      where: {
        organizationId: actor.organizationId,
        workspaceId: input.workspaceId,
        membershipId: caller.membership.id,
        status: "pending",
      },
      select: { id: true, message: true, createdAt: true },
    });
    if (!request) {
      throw new ActionError(
        "There is no pending request to withdraw: it may have been approved or rejected.",
      );
    }
    const deleted = await tx.joinRequest.deleteMany({
      where: { id: request.id, organizationId: actor.organizationId, status: "pending" },
    });
    if (deleted.count !== 1) throw new ActionError("This request was already decided.");
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const path = tree.path(input.workspaceId);
    return {
      result: {},
      audit: {
        action: "join_request.withdrawn",
        target: { type: "join_request", id: request.id, label: `${caller.user.email} → ${path}` },
        metadata: {
          workspace: { id: input.workspaceId, name: path },
          message: request.message,
          requestedAt: request.createdAt.toISOString(),
        },
      },
      revalidate: PATHS,
    };
  },
});

async function findJoinRequest(db: Db | Tx, organizationId: string, requestId: string) {
  return db.joinRequest.findFirst({
    where: { id: requestId, organizationId },
    select: {
      id: true,
      status: true,
      workspaceId: true,
      membershipId: true,
      workspace: { select: { name: true } },
      membership: {
        select: { user: { select: { id: true, email: true, firstName: true, lastName: true } } },
      },
    },
  });
}

type JoinRequestRecord = NonNullable<Awaited<ReturnType<typeof findJoinRequest>>>;

async function pendingRequest(tx: Tx, actor: Actor, requestId: string): Promise<JoinRequestRecord> {
  const request = await findJoinRequest(tx, actor.organizationId, requestId);
  if (!request) throw new ActionError(NOT_FOUND);
  if (request.status !== "pending") {
    throw new ActionError(`This request was already ${request.status}.`);
  }
  // Nobody decides their own request (they have no role there, so this never passes the matrix
  // for a member; it guards the rule itself).
  if (request.membership.user.id === actor.userId) throw new ActionError(denyMessage("self"));
  return request;
}

async function closeRequest(
  tx: Tx,
  actor: Actor,
  request: JoinRequestRecord,
  status: "approved" | "rejected",
  role: WorkspaceRole | null,
) {
  const closed = await tx.joinRequest.updateMany({
    where: { id: request.id, organizationId: actor.organizationId, status: "pending" },
    data: {
      status,
      pendingMembershipId: null,
      decidedById: actor.userId,
      decidedRole: role,
      decidedAt: new Date(),
    },
  });
  if (closed.count !== 1) throw new ActionError("This request was already decided.");
}

function decisionEmail(
  request: JoinRequestRecord,
  organizationId: string,
  approved: boolean,
  role: WorkspaceRole | null,
) {
  return async () => {
    const db = await getDb();
    const organization = await db.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: { name: true, emailSenderName: true, emailReplyTo: true },
    });
    const user = request.membership.user;
    await sendEmail(db, {
      organizationId,
      to: user.email,
      template: "join-request-decision",
      content: templates.joinRequestDecision({
        firstName: user.firstName,
        workspaceName: request.workspace.name,
        organizationName: organization.name,
        approved,
        ...(role ? { role: WORKSPACE_ROLE_LABELS[role] } : {}),
        link: approved
          ? `${config.appUrl}/workspaces/${request.workspaceId}`
          : `${config.appUrl}/workspaces`,
      }),
      senderName: organization.emailSenderName,
      replyTo: organization.emailReplyTo,
    });
  };
}

async function decidePermission(actor: Actor, db: Db, requestId: string) {
  const request = await findJoinRequest(db, actor.organizationId, requestId);
  return {
    action: "joinRequests.decide" as const,
    target: workspaceTarget(actor, request !== null, request?.workspaceId ?? null),
  };
}

/**
 * Approve a join request with a role: the person gets that role in the workspace (an upgrade
 * only, against a role inherited meanwhile) and an email saying so.
 */
export const approveJoinRequestAction = memberAction({
  name: "approve-join-request",
  input: approveJoinRequestInput,
  permission: ({ input, actor, db }) => decidePermission(actor, db, input.requestId),
  async run({ input, tx, actor }) {
    const request = await pendingRequest(tx, actor, input.requestId);
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const grants = await tx.workspaceMembership.findMany({
      where: { membershipId: request.membershipId },
      select: { workspaceId: true, role: true },
    });
    const check = checkExplicitWorkspaceRole(tree, grants, request.workspaceId, input.role);
    if (!check.ok) throw new ActionError(check.message, { role: [check.message] });
    const previous = grants.find((g) => g.workspaceId === request.workspaceId)?.role ?? null;
    // They were given a role here some other way meanwhile: approving never lowers it.
    if (previous && WORKSPACE_ROLES.indexOf(previous) < WORKSPACE_ROLES.indexOf(input.role)) {
      const message = `${displayName(request.membership.user)} is already ${WORKSPACE_ROLE_LABELS[previous].toLowerCase()} of ${request.workspace.name}. Approve with that role or a higher one, or reject the request.`;
      throw new ActionError(message, { role: [message] });
    }
    await tx.workspaceMembership.upsert({
      where: {
        workspaceId_membershipId: {
          workspaceId: request.workspaceId,
          membershipId: request.membershipId,
        },
      },
      create: {
        organizationId: actor.organizationId,
        workspaceId: request.workspaceId,
        membershipId: request.membershipId,
        role: input.role,
      },
      update: { role: input.role },
    });
    await closeRequest(tx, actor, request, "approved", input.role);
    // Their requests for workspaces below this one are answered too: they inherit the role there.
    await closeSatisfiedJoinRequests(tx, {
      organizationId: actor.organizationId,
      membershipId: request.membershipId,
      workspaceIds: tree.descendants(request.workspaceId).map((d) => d.id),
      role: input.role,
      decidedById: actor.userId,
    });
    const user = request.membership.user;
    const path = tree.path(request.workspaceId);
    const workspace = { id: request.workspaceId, name: path };
    const audit: AuditEntry[] = [
      {
        action: "join_request.approved",
        target: { type: "join_request", id: request.id, label: `${user.email} → ${path}` },
        metadata: { workspace, role: input.role },
      },
      {
        action: previous ? "workspace.member_role_changed" : "workspace.member_added",
        target: { type: "user", id: user.id, label: `${displayName(user)} <${user.email}>` },
        metadata: { workspace, before: { role: previous }, after: { role: input.role } },
      },
    ];
    return {
      result: { role: input.role },
      audit,
      revalidate: PATHS,
      afterCommit: decisionEmail(request, actor.organizationId, true, input.role),
    };
  },
});

/** Reject a join request; the person is told by email. */
export const rejectJoinRequestAction = memberAction({
  name: "reject-join-request",
  input: rejectJoinRequestInput,
  permission: ({ input, actor, db }) => decidePermission(actor, db, input.requestId),
  async run({ input, tx, actor }) {
    const request = await pendingRequest(tx, actor, input.requestId);
    await closeRequest(tx, actor, request, "rejected", null);
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    const path = tree.path(request.workspaceId);
    return {
      result: {},
      audit: {
        action: "join_request.rejected",
        target: {
          type: "join_request",
          id: request.id,
          label: `${request.membership.user.email} → ${path}`,
        },
        metadata: { workspace: { id: request.workspaceId, name: path } },
      },
      revalidate: PATHS,
      afterCommit: decisionEmail(request, actor.organizationId, false, null),
    };
  },
});
