"use server";

import {
  ActionError,
  assertAllowed,
  memberAction,
  type MemberContext,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { issuePasswordReset, sendPasswordResetEmail } from "@/lib/account/password-reset";
import { closeSatisfiedJoinRequests } from "@/lib/workspaces/queries";
import {
  displayName,
  findTargetMember,
  loadWorkspaceTree,
  userTarget,
  type TargetMember,
} from "@/lib/people/queries";
import {
  checkExplicitWorkspaceRole,
  ORG_ROLE_LABELS,
  WORKSPACE_ROLE_LABELS,
  type Action,
  type OrgRole,
} from "@/lib/permissions";
import {
  changeRoleInput,
  editUserInput,
  setStatusInput,
  userIdInput,
  workspaceRoleEntry,
} from "@/lib/people/schemas";
import { z } from "zod";

const CHANGED_ELSEWHERE =
  "This person was changed by someone else — reload to see the latest version.";
const USERS_PATHS = ["/users"];

function target(member: TargetMember | null) {
  if (!member)
    throw new ActionError(
      "Not found. It may have been removed, or it belongs to another organization.",
    );
  return member;
}

/** The matrix check for an action on a person of the caller's organization (by user id). */
function onPerson<I extends { userId: string }>(
  action: Action,
  extra: (input: I) => { workspaceId?: string; newRole?: OrgRole } = () => ({}),
) {
  return async ({ input, actor, db }: MemberContext<I>) => {
    const member = await findTargetMember(db, actor.organizationId, input.userId);
    return { action, target: userTarget(actor, input.userId, member, extra(input)) };
  };
}

function label(member: TargetMember) {
  return `${displayName(member)} <${member.email}>`;
}

/** Change someone's org role, admin ↔ member (never to or from owner, never one's own). */
export const changeRoleAction = memberAction({
  name: "change-role",
  input: changeRoleInput,
  permission: onPerson("users.changeOrgRole", (input: { userId: string; role: OrgRole }) => ({
    newRole: input.role,
  })),
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    if (member.role === input.role) {
      throw new ActionError(
        `${displayName(member)} is already ${ORG_ROLE_LABELS[input.role].toLowerCase()}.`,
      );
    }
    const updated = await tx.membership.updateMany({
      where: { id: member.membershipId, version: member.membershipVersion, role: { not: "owner" } },
      data: { role: input.role, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    return {
      result: { role: input.role },
      audit: {
        action: "member.role_changed",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: { before: { role: member.role }, after: { role: input.role } },
      },
      revalidate: USERS_PATHS,
    };
  },
});

/** Disable (reversible, data kept, no access) or enable someone. */
export const setStatusAction = memberAction({
  name: "set-status",
  input: setStatusInput,
  permission: onPerson("users.setStatus"),
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    if (member.status === input.status) {
      throw new ActionError(
        `${displayName(member)} is already ${input.status === "active" ? "enabled" : "disabled"}.`,
      );
    }
    const updated = await tx.membership.updateMany({
      where: { id: member.membershipId, version: member.membershipVersion, role: { not: "owner" } },
      data: {
        status: input.status,
        disabledAt: input.status === "disabled" ? new Date() : null,
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
    return {
      result: { status: input.status },
      audit: {
        action: input.status === "disabled" ? "member.disabled" : "member.enabled",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: { before: { status: member.status }, after: { status: input.status } },
      },
      revalidate: USERS_PATHS,
    };
  },
});

/**
 * Remove someone from the organization: their membership, workspace roles, join requests and
 * pending invitations here go; an account left in no organization is deleted. The audit trail
 * keeps its snapshots.
 */
export const removeMemberAction = memberAction({
  name: "remove-member",
  input: userIdInput,
  permission: onPerson("users.remove"),
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    await tx.membership.delete({ where: { id: member.membershipId } });
    const invitations = await tx.invitation.updateMany({
      where: { organizationId: actor.organizationId, email: member.email, status: "pending" },
      data: { status: "revoked", pendingEmail: null, revokedAt: new Date() },
    });
    const otherMemberships = await tx.membership.count({ where: { userId: member.userId } });
    const accountDeleted = otherMemberships === 0;
    if (accountDeleted) await tx.user.delete({ where: { id: member.userId } });
    return {
      result: { accountDeleted },
      audit: {
        action: "member.removed",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: {
          before: {
            role: member.role,
            status: member.status,
            workspaces: member.explicitWorkspaceIds.length,
          },
          accountDeleted,
          invitationsRevoked: invitations.count,
        },
      },
      revalidate: USERS_PATHS,
    };
  },
});

/**
 * Email the person a single-use reset link (one hour) and sign them out everywhere. The admin never
 * sees or sets the password.
 */
export const resetPasswordAction = memberAction({
  name: "reset-password",
  input: userIdInput,
  permission: onPerson("users.resetPassword"),
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    await tx.user.update({
      where: { id: member.userId },
      data: { sessionVersion: { increment: 1 } },
    });
    const { rawToken, expiresAt } = await issuePasswordReset(tx, member.userId);
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { id: true, name: true, emailSenderName: true, emailReplyTo: true },
    });
    return {
      result: { email: member.email },
      audit: {
        action: "member.password_reset_sent",
        target: { type: "user", id: member.userId, label: label(member) },
        metadata: { expiresAt: expiresAt.toISOString(), signedOutEverywhere: true },
      },
      revalidate: USERS_PATHS,
      afterCommit: async () => {
        await sendPasswordResetEmail(await getDb(), {
          to: member.email,
          firstName: member.firstName,
          rawToken,
          expiresAt,
          organization,
          requestedByAdmin: true,
        });
      },
    };
  },
});

/**
 * Edit user: names, email, org role and status in one save, refused when someone else saved in the
 * meantime. Each changed part is checked against the matrix on its own.
 */
export const editUserAction = memberAction({
  name: "edit-user",
  input: editUserInput.omit({ workspaces: true }),
  permission: onPerson("users.editProfile"),
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    if (
      member.userVersion !== input.userVersion ||
      member.membershipVersion !== input.membershipVersion
    ) {
      throw new ActionError(CHANGED_ELSEWHERE);
    }
    const audit: AuditEntry[] = [];
    const who = { type: "user" as const, id: member.userId, label: label(member) };

    const profileChanged =
      input.firstName !== member.firstName ||
      input.lastName !== member.lastName ||
      input.email !== member.email;
    if (profileChanged) {
      if (input.email !== member.email) {
        // An account shared with another organization signs in there too: an admin here must
        // not be able to redirect its sign-in (and password resets) to another address.
        const elsewhere = await tx.membership.count({
          where: { userId: member.userId, organizationId: { not: actor.organizationId } },
        });
        if (elsewhere > 0) {
          const message = `${displayName(member)} also belongs to another organization, so only they can change their sign-in email.`;
          throw new ActionError(message, { email: [message] });
        }
        const taken = await tx.user.findUnique({
          where: { email: input.email },
          select: { id: true },
        });
        if (taken) {
          throw new ActionError("That email address is already used by another account.", {
            email: ["That email address is already used by another account"],
          });
        }
      }
      const updated = await tx.user.updateMany({
        where: { id: member.userId, version: member.userVersion },
        data: {
          firstName: input.firstName,
          lastName: input.lastName,
          email: input.email,
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
      audit.push({
        action: "member.updated",
        target: who,
        metadata: {
          before: { firstName: member.firstName, lastName: member.lastName, email: member.email },
          after: { firstName: input.firstName, lastName: input.lastName, email: input.email },
        },
      });
    }

    const roleChanged = input.role !== undefined && input.role !== member.role;
    const statusChanged = input.status !== undefined && input.status !== member.status;
    if (roleChanged)
      assertAllowed(
        actor,
        "users.changeOrgRole",
        userTarget(actor, member.userId, member, { newRole: input.role }),
      );
    if (statusChanged)
      assertAllowed(actor, "users.setStatus", userTarget(actor, member.userId, member));
    if (roleChanged || statusChanged) {
      const updated = await tx.membership.updateMany({
        where: {
          id: member.membershipId,
          version: member.membershipVersion,
          role: { not: "owner" },
        },
        data: {
          ...(roleChanged ? { role: input.role } : {}),
          ...(statusChanged
            ? { status: input.status, disabledAt: input.status === "disabled" ? new Date() : null }
            : {}),
          version: { increment: 1 },
        },
      });
      if (updated.count !== 1) throw new ActionError(CHANGED_ELSEWHERE);
      if (roleChanged) {
        audit.push({
          action: "member.role_changed",
          target: who,
          metadata: { before: { role: member.role }, after: { role: input.role ?? member.role } },
        });
      }
      if (statusChanged) {
        audit.push({
          action: input.status === "disabled" ? "member.disabled" : "member.enabled",
          target: who,
          metadata: {
            before: { status: member.status },
            after: { status: input.status ?? member.status },
          },
        });
      }
    }
    if (audit.length === 0) throw new ActionError("Nothing to save: no field was changed.");
    return { result: {}, audit, revalidate: ["/users"] };
  },
});

const workspaceRoleInput = workspaceRoleEntry.extend({ userId: z.string().min(1).max(64) });

/**
 * Add someone to a workspace, or change their explicit role there. An explicit role may upgrade an
 * inherited one, never downgrade it (the message names the parent where it must change).
 */
export const setWorkspaceRoleAction = memberAction({
  name: "set-workspace-role",
  input: workspaceRoleInput,
  async permission({ input, actor, db }) {
    const member = await findTargetMember(db, actor.organizationId, input.userId);
    const workspace = await db.workspace.findFirst({
      where: { id: input.workspaceId, organizationId: actor.organizationId },
      select: { id: true },
    });
    return {
      action: "users.setWorkspaceRoles",
      target: userTarget(actor, input.userId, workspace ? member : null, {
        workspaceId: input.workspaceId,
      }),
    };
  },
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
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
    await tx.workspaceMembership.upsert({
      where: {
        workspaceId_membershipId: {
          workspaceId: input.workspaceId,
          membershipId: member.membershipId,
        },
      },
      create: {
        organizationId: actor.organizationId,
        workspaceId: input.workspaceId,
        membershipId: member.membershipId,
        role: input.role,
      },
      update: { role: input.role },
    });
    const joinRequestsClosed = await closeSatisfiedJoinRequests(tx, {
      organizationId: actor.organizationId,
      membershipId: member.membershipId,
      workspaceIds: [workspace.id, ...tree.descendants(workspace.id).map((d) => d.id)],
      role: input.role,
      decidedById: actor.userId,
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
      revalidate: ["/users", "/workspaces"],
    };
  },
});

/** Take someone out of a workspace (and so out of everything they inherited from it). */
export const removeFromWorkspaceAction = memberAction({
  name: "remove-from-workspace",
  input: z.object({ userId: z.string().min(1).max(64), workspaceId: z.string().min(1).max(64) }),
  async permission({ input, actor, db }) {
    const member = await findTargetMember(db, actor.organizationId, input.userId);
    const workspace = await db.workspace.findFirst({
      where: { id: input.workspaceId, organizationId: actor.organizationId },
      select: { id: true },
    });
    return {
      action: "users.setWorkspaceRoles",
      target: userTarget(actor, input.userId, workspace ? member : null, {
        workspaceId: input.workspaceId,
      }),
    };
  },
  async run({ input, tx, actor }) {
    const member = target(await findTargetMember(tx, actor.organizationId, input.userId));
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
      revalidate: ["/users", "/workspaces"],
    };
  },
});
