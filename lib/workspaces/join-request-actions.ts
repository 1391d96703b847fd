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
import { getDb, isUniqueViolation, type Db } from "@/lib/db";
import { deliverQueued, queueEmail, templates } from "@/lib/email";
import {
  checkExplicitWorkspaceRole,
  effectiveWorkspaceRoles,
  workspaceRoleRank,
  type Actor,
  type RoleKey,
  type WorkspaceRole,
} from "@/lib/permissions";
import { displayName } from "@/lib/people";
import { getGrantsThatCount, getWorkspaceTree } from "@/lib/request/workspace-tree";
import {
  approveJoinRequestInput,
  rejectJoinRequestInput,
  requestToJoinInput,
  workspaceIdInput,
} from "./schemas";
import { auditRole, roleInSentence } from "./role-change";
import { workspaceTarget } from "./tree";
import { grantWorkspaceRole, ownGrants, resolveRoleToGive, roleIfItExists } from "./writes";

const NOT_FOUND = denyMessage("not_found");
const PATHS = ["/workspaces", "/users"];

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
    const [tree, grants] = await Promise.all([
      getWorkspaceTree(actor.organizationId),
      // Owners and admins have none that count, and are refused below. (Their grants are not
      // among what the pipeline loaded: a read through getDb() here, inside the transaction,
      // would wait for the embedded database's only connection until the transaction timed out.)
      getGrantsThatCount(actor),
    ]);
    const workspace = tree.get(input.workspaceId);
    if (!workspace) throw new ActionError(NOT_FOUND);
    if (actor.orgRole !== "member") {
      throw new ActionError(
        `As an organization ${actor.orgRole}, you are already a manager of every workspace.`,
      );
    }
    const current = effectiveWorkspaceRoles(tree, grants, actor.orgRole).get(workspace.id);
    if (current) {
      const role = roleInSentence(current.role, current.customRole);
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
          membershipId: actor.membershipId,
          pendingMembershipId: actor.membershipId,
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
        membershipId: actor.membershipId,
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
    const path = (await getWorkspaceTree(actor.organizationId)).path(input.workspaceId);
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

/** Queues the email telling the person the decision; returns what delivers it after the commit. */
async function queueDecisionEmail(
  tx: Tx,
  request: JoinRequestRecord,
  organizationId: string,
  approved: boolean,
  /** The role given, as the person reads it ("Member", "Editor"), when approved. */
  role: string | null,
): Promise<() => Promise<void>> {
  const organization = await tx.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { name: true, emailSenderName: true, emailReplyTo: true },
  });
  const user = request.membership.user;
  const { id } = await queueEmail(tx, {
    organizationId,
    to: user.email,
    template: "join-request-decision",
    content: templates.joinRequestDecision({
      firstName: user.firstName,
      workspaceName: request.workspace.name,
      organizationName: organization.name,
      approved,
      ...(role ? { role } : {}),
      link: approved
        ? `${config.appUrl}/workspaces/${request.workspaceId}`
        : `${config.appUrl}/workspaces`,
    }),
    senderName: organization.emailSenderName,
    replyTo: organization.emailReplyTo,
  });
  return async () => {
    await deliverQueued(await getDb(), [id]);
  };
}

async function decidePermission(actor: Actor, db: Db, requestId: string, roleKey?: RoleKey) {
  const request = await findJoinRequest(db, actor.organizationId, requestId);
  // Approving: the role given must fit within the caller's own there. One that can't be resolved
  // (another organization's custom role, or one deleted) is refused in the transaction.
  const role = request && roleKey ? await roleIfItExists(db, actor.organizationId, roleKey) : null;
  return {
    action: "joinRequests.decide" as const,
    target: workspaceTarget(actor, request?.workspaceId ?? null, {
      exists: request !== null,
      ...(role ? { role: role.give } : {}),
    }),
  };
}

/**
 * Approve a join request with a role, built-in or custom: the person gets that role in the
 * workspace (an upgrade only, against a role inherited meanwhile) and an email saying so.
 */
export const approveJoinRequestAction = memberAction({
  name: "approve-join-request",
  input: approveJoinRequestInput,
  permission: ({ input, actor, db }) => decidePermission(actor, db, input.requestId, input.role),
  async run({ input, tx, actor }) {
    const request = await pendingRequest(tx, actor, input.requestId);
    const tree = await getWorkspaceTree(actor.organizationId);
    const [resolved, grants] = await Promise.all([
      resolveRoleToGive(tx, actor.organizationId, input.role),
      ownGrants(tx, request.membershipId),
    ]);
    // The matrix again, on the role as it reads now (a custom role edited meanwhile).
    assertAllowed(
      actor,
      "joinRequests.decide",
      workspaceTarget(actor, request.workspaceId, { role: resolved.give }),
    );
    const check = checkExplicitWorkspaceRole(tree, grants, request.workspaceId, resolved.role);
    if (!check.ok) throw new ActionError(check.message, { role: [check.message] });
    const previous = grants.find((g) => g.workspaceId === request.workspaceId) ?? null;
    // They were given a role here some other way meanwhile: approving never lowers it.
    if (previous && workspaceRoleRank(previous.role) > workspaceRoleRank(resolved.role)) {
      const message = `${displayName(request.membership.user)} is already ${roleInSentence(previous.role, previous.customRole)} of ${request.workspace.name}. Approve with that role or a higher one, or reject the request.`;
      throw new ActionError(message, { role: [message] });
    }
    await closeRequest(tx, actor, request, "approved", resolved.role);
    // The role answers their requests for workspaces below this one too: they inherit it there.
    await grantWorkspaceRole(tx, {
      organizationId: actor.organizationId,
      membershipId: request.membershipId,
      workspaceId: request.workspaceId,
      role: resolved.role,
      customRoleId: resolved.customRole?.id ?? null,
      tree,
      grantedById: actor.userId,
    });
    const user = request.membership.user;
    const path = tree.path(request.workspaceId);
    const workspace = { id: request.workspaceId, name: path };
    const given = auditRole(resolved);
    const audit: AuditEntry[] = [
      {
        action: "join_request.approved",
        target: { type: "join_request", id: request.id, label: `${user.email} → ${path}` },
        metadata: { workspace, ...given },
      },
      {
        action: previous ? "workspace.member_role_changed" : "workspace.member_added",
        target: { type: "user", id: user.id, label: `${displayName(user)} <${user.email}>` },
        metadata: { workspace, before: auditRole(previous), after: given },
      },
    ];
    return {
      result: { role: input.role },
      audit,
      revalidate: PATHS,
      afterCommit: await queueDecisionEmail(
        tx,
        request,
        actor.organizationId,
        true,
        resolved.label,
      ),
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
    const path = (await getWorkspaceTree(actor.organizationId)).path(request.workspaceId);
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
      afterCommit: await queueDecisionEmail(tx, request, actor.organizationId, false, null),
    };
  },
});
