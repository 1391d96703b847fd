"use server";

import {
  ActionError,
  assertAllowed,
  memberAction,
  type MemberContext,
} from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { getDb } from "@/lib/db";
import { cancelInvitationEmails } from "@/lib/email";
import type { WorkspaceTree } from "@/lib/permissions";
import { hasChanges, invitationChanges, type InvitationTerms } from "./changes";
import { resolveWorkspaceRoles, rolesToGive, workspacesForAudit } from "./workspace-roles";
import {
  findInvitation,
  findInvitationRecord,
  invitationAuditLabel,
  invitationExpiry,
  invitationTarget,
  renewInvitationToken,
  deliverInvitationEmails,
  queueInvitationEmail,
  queueInvitationEmails,
} from "./queries";
import { getWorkspaceTree } from "@/lib/request/workspace-tree";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { inviteRows, type InviteBatch } from "./invite-rows";
import {
  invitationIdInput,
  inviteUsersInput,
  updateInvitationInput,
  type InviteRowOutcome,
} from "./schemas";

const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";
const NO_WORKSPACE = "One of the chosen workspaces no longer exists. Reload and choose again.";
const INVITATION_CHANGED_ELSEWHERE =
  "This invitation was changed by someone else — reload to see the latest version.";

/**
 * Invite up to ten people at once (the invite modal, docs/product.md). Each row gets its own outcome; the good
 * rows are invited even when others are refused. The emails are queued in the transaction and
 * sent right after the commit (lib/email/outbox.ts retries a failed one).
 */
export const inviteUsersAction = memberAction({
  name: "invite-users",
  input: inviteUsersInput,
  permission: ({ input, actor }) => ({
    action: "users.invite",
    target: {
      kind: "invitation",
      organizationId: actor.organizationId,
      role: input.role,
      workspaceIds: input.workspaces.map((w) => w.workspaceId),
    },
  }),
  async run({ input, tx, actor, caller }) {
    const [organization, tree] = await Promise.all([
      tx.organization.findUniqueOrThrow({
        where: { id: actor.organizationId },
        select: { invitationExpiryDays: true, allowedEmailDomains: true },
      }),
      getWorkspaceTree(actor.organizationId),
    ]);
    if (input.workspaces.some((w) => !tree.has(w.workspaceId))) {
      throw new ActionError(NO_WORKSPACE);
    }
    // The chosen roles, each distinct one read once for the whole batch; none may be above the
    // inviter's own role in its workspace or carry a permission they lack there.
    const workspaces = await resolveWorkspaceRoles(tx, actor.organizationId, input.workspaces);
    assertAllowed(actor, "users.invite", {
      kind: "invitation",
      organizationId: actor.organizationId,
      role: input.role,
      workspaceIds: workspaces.map((w) => w.workspaceId),
      workspaceRoles: rolesToGive(workspaces),
    });
    const batch: InviteBatch = {
      tx,
      organizationId: actor.organizationId,
      inviter: caller.user,
      role: input.role,
      workspaces,
      allowedEmailDomains: organization.allowedEmailDomains,
      expiresAt: invitationExpiry(organization.invitationExpiryDays),
    };
    const rows = await inviteRows(batch, input.rows);
    const outcomes = rows.map((r) => r.outcome);
    // invitation → its outbox row
    const queued = await queueInvitationEmails(
      tx,
      rows.flatMap(({ outcome, rawToken }) =>
        outcome.status === "invited" && rawToken
          ? [{ invitationId: outcome.invitationId, rawToken }]
          : [],
      ),
    );
    const audit: AuditEntry[] = [];
    for (const [index, { outcome }] of rows.entries()) {
      const row = input.rows[index]!;
      if (outcome.status !== "invited") continue;
      audit.push({
        action: "invitation.created",
        target: {
          type: "invitation",
          id: outcome.invitationId,
          label: `${row.firstName} ${row.lastName} <${outcome.email}>`,
        },
        metadata: {
          role: input.role,
          workspaces: workspacesForAudit(workspaces, tree),
          expiresAt: batch.expiresAt.toISOString(),
        },
      });
    }

    if (audit.length === 0) {
      // Nothing was created, so nothing is written: each row says why.
      throw new ActionError("Nobody was invited — see each row.", rowErrors(outcomes));
    }
    return {
      result: { outcomes },
      audit,
      revalidate: ["/users"],
      afterCommit: async () => {
        // At most MAX_INVITES_AT_ONCE emails, handed to the provider side by side.
        const failed = await deliverInvitationEmails(await getDb(), [...queued.values()]);
        return {
          outcomes: outcomes.map((o) =>
            o.status === "invited"
              ? { ...o, emailFailed: failed.has(queued.get(o.invitationId) ?? "") }
              : o,
          ),
        };
      },
    };
  },
});

function rowErrors(outcomes: InviteRowOutcome[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  outcomes.forEach((outcome, index) => {
    if (outcome.status !== "invited") errors[`rows.${index}.email`] = [outcome.message];
  });
  return errors;
}

/** The matrix check for resending or revoking an invitation of the caller's organization. */
async function onInvitation({ input, actor, db }: MemberContext<{ invitationId: string }>) {
  return {
    action: "invitations.manage" as const,
    target: invitationTarget(
      actor,
      await findInvitation(db, actor.organizationId, input.invitationId),
    ),
  };
}

/** Resend: a new token (the old link stops working), a renewed expiry, and the email again. */
export const resendInvitationAction = memberAction({
  name: "resend-invitation",
  input: invitationIdInput,
  permission: onInvitation,
  async run({ input, tx, actor }) {
    const invitation = await findInvitation(tx, actor.organizationId, input.invitationId);
    if (!invitation) throw new ActionError(NOT_FOUND);
    if (invitation.status !== "pending") {
      throw new ActionError(
        `This invitation was already ${invitation.status}; it can't be resent.`,
      );
    }
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { invitationExpiryDays: true },
    });
    const limit = await consumeRateLimit(
      tx,
      RATE_LIMITS.invitesPerOrganization,
      actor.organizationId,
    );
    if (!limit.allowed) {
      throw new ActionError(
        `Too many invitations sent in the last hour. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
      );
    }
    const { rawToken, expiresAt } = await renewInvitationToken(
      tx,
      invitation.id,
      organization.invitationExpiryDays,
    );
    // The email is queued now; right after the commit it is sent, or failed (and retried later).
    const emailId = await queueInvitationEmail(tx, invitation.id, rawToken);
    const result: { emailStatus: "queued" | "sent" | "failed" } = { emailStatus: "queued" };
    return {
      result,
      audit: {
        action: "invitation.resent",
        target: {
          type: "invitation",
          id: invitation.id,
          label: `${invitation.firstName} ${invitation.lastName} <${invitation.email}>`,
        },
        metadata: {
          before: { expiresAt: invitation.expiresAt.toISOString() },
          after: { expiresAt: expiresAt.toISOString() },
        },
      },
      revalidate: ["/users"],
      afterCommit: async () => {
        const failed = await deliverInvitationEmails(await getDb(), [emailId]);
        return { emailStatus: failed.has(emailId) ? ("failed" as const) : ("sent" as const) };
      },
    };
  },
});

/** Revoke: the link stops working at once; the invitation stays in the history. */
export const revokeInvitationAction = memberAction({
  name: "revoke-invitation",
  input: invitationIdInput,
  permission: onInvitation,
  async run({ input, tx, actor }) {
    const invitation = await findInvitation(tx, actor.organizationId, input.invitationId);
    if (!invitation) throw new ActionError(NOT_FOUND);
    const revoked = await tx.invitation.updateMany({
      where: { id: invitation.id, status: "pending" },
      data: {
        status: "revoked",
        pendingEmail: null,
        revokedAt: new Date(),
        version: { increment: 1 },
      },
    });
    if (revoked.count !== 1)
      throw new ActionError(`This invitation was already ${invitation.status}.`);
    await cancelInvitationEmails(tx, invitation.id, "Not sent: the invitation was revoked.");
    return {
      result: {},
      audit: {
        action: "invitation.revoked",
        target: {
          type: "invitation",
          id: invitation.id,
          label: `${invitation.firstName} ${invitation.lastName} <${invitation.email}>`,
        },
        metadata: { email: invitation.email, role: invitation.role },
      },
      revalidate: ["/users"],
    };
  },
});

/** An invitation's terms as the audit trail records them: workspaces by path, custom roles named. */
function termsForAudit(
  role: InvitationTerms["role"],
  workspaces: Parameters<typeof workspacesForAudit>[0],
  tree: WorkspaceTree,
) {
  return { role, workspaces: workspacesForAudit(workspaces, tree) };
}

/**
 * Edit a pending invitation (Edit user on an invitee): its org role and its workspaces with a role
 * each, refused when someone else changed it meanwhile and once it is accepted or revoked. Whoever
 * may manage the invitation may edit it, and only into terms they could invite with: a workspace
 * manager keeps it a member's, into their workspaces only. Accepting it gives exactly these terms.
 */
export const updateInvitationAction = memberAction({
  name: "update-invitation",
  input: updateInvitationInput,
  permission: onInvitation,
  async run({ input, tx, actor }) {
    const invitation = await findInvitationRecord(tx, actor.organizationId, input.invitationId);
    if (!invitation) throw new ActionError(NOT_FOUND);
    if (invitation.status !== "pending") {
      throw new ActionError(
        `This invitation was already ${invitation.status}; it can't be changed.`,
      );
    }
    if (invitation.version !== input.version) throw new ActionError(INVITATION_CHANGED_ELSEWHERE);
    const tree = await getWorkspaceTree(actor.organizationId);
    if (input.workspaces.some((w) => !tree.has(w.workspaceId))) {
      throw new ActionError(NO_WORKSPACE);
    }
    const before: InvitationTerms = {
      role: invitation.role,
      workspaces: invitation.workspaces.map((w) => ({ workspaceId: w.workspaceId, role: w.key })),
    };
    const after: InvitationTerms = {
      role: input.role ?? invitation.role,
      workspaces: input.workspaces,
    };
    const changes = invitationChanges(before, after);
    if (!hasChanges(changes)) throw new ActionError("Nothing to save: no field was changed.");

    // The roles this edit gives (added workspaces, changed roles), resolved here: a custom role
    // deleted meanwhile is refused on its row. The roles kept as they were are not given anew.
    const given = await resolveWorkspaceRoles(
      tx,
      actor.organizationId,
      input.workspaces,
      new Set([...changes.added, ...changes.changed].map((w) => w.workspaceId)),
    );
    // The same rules as inviting: the edited invitation must be one the caller could send, and
    // no role it gives may exceed the caller's own there.
    assertAllowed(actor, "invitations.manage", {
      kind: "invitation",
      organizationId: actor.organizationId,
      role: after.role,
      workspaceIds: after.workspaces.map((w) => w.workspaceId),
      workspaceRoles: rolesToGive(given),
    });
    if (changes.role) {
      assertAllowed(actor, "invitations.chooseOrgRole", {
        kind: "organization",
        organizationId: actor.organizationId,
      });
    }

    const updated = await tx.invitation.updateMany({
      where: { id: invitation.id, status: "pending", version: invitation.version },
      data: { role: after.role, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ActionError(INVITATION_CHANGED_ELSEWHERE);
    const removed = [...changes.removed, ...changes.changed].map((w) => w.workspaceId);
    if (removed.length > 0) {
      await tx.invitationWorkspace.deleteMany({
        where: { invitationId: invitation.id, workspaceId: { in: removed } },
      });
    }
    if (given.length > 0) {
      await tx.invitationWorkspace.createMany({
        data: given.map((w) => ({
          invitationId: invitation.id,
          organizationId: actor.organizationId,
          workspaceId: w.workspaceId,
          role: w.role,
          customRoleId: w.customRoleId,
        })),
      });
    }
    const kept = new Map(invitation.workspaces.map((w) => [w.workspaceId, w]));
    const givenIn = new Map(given.map((w) => [w.workspaceId, w]));
    const afterWorkspaces = after.workspaces.map(
      (w) => givenIn.get(w.workspaceId) ?? kept.get(w.workspaceId)!,
    );
    return {
      result: { version: invitation.version + 1 },
      audit: {
        action: "invitation.updated",
        target: { type: "invitation", id: invitation.id, label: invitationAuditLabel(invitation) },
        metadata: {
          before: termsForAudit(before.role, invitation.workspaces, tree),
          after: termsForAudit(after.role, afterWorkspaces, tree),
        },
      },
      revalidate: ["/users"],
    };
  },
});
