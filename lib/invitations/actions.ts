"use server";

import { ActionError, memberAction } from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { getDb } from "@/lib/db";
import {
  domainAllowed,
  findInvitation,
  invitationExpiry,
  invitationTarget,
  renewInvitationToken,
  sendInvitationEmail,
} from "@/lib/invitations/queries";
import { loadWorkspaceTree } from "@/lib/people/queries";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { newToken } from "@/lib/tokens";
import { emailField } from "@/lib/forms/fields";
import {
  invitationIdInput,
  inviteUsersInput,
  type InviteRowOutcome,
} from "@/lib/invitations/schemas";

const NOT_FOUND = "Not found. It may have been removed, or it belongs to another organization.";

/**
 * Invite up to ten people at once (SPEC §3 Invite modal). Each row gets its own outcome; the good
 * rows are invited even when others are refused. Emails go out after the commit.
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
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { invitationExpiryDays: true, allowedEmailDomains: true },
    });
    const tree = await loadWorkspaceTree(tx, actor.organizationId);
    if (input.workspaces.some((w) => !tree.has(w.workspaceId))) {
      throw new ActionError(
        "One of the chosen workspaces no longer exists. Reload and choose again.",
      );
    }

    const outcomes: InviteRowOutcome[] = [];
    const audit: AuditEntry[] = [];
    const toSend: { invitationId: string; rawToken: string }[] = [];
    const seen = new Set<string>();
    const expiresAt = invitationExpiry(organization.invitationExpiryDays);

    for (const row of input.rows) {
      const parsed = emailField.safeParse(row.email);
      const email = parsed.success ? parsed.data : row.email.trim();
      if (!parsed.success) {
        outcomes.push({
          status: "invalid_email",
          email,
          message: `${email} isn't a valid email address.`,
        });
        continue;
      }
      if (seen.has(email)) {
        outcomes.push({ status: "duplicate", email, message: `${email} is listed twice.` });
        continue;
      }
      seen.add(email);
      if (!domainAllowed(email, organization.allowedEmailDomains)) {
        outcomes.push({
          status: "domain_not_allowed",
          email,
          message: `${email} isn't allowed: this organization only invites ${organization.allowedEmailDomains.join(", ")} addresses.`,
        });
        continue;
      }
      const member = await tx.membership.findFirst({
        where: { organizationId: actor.organizationId, user: { email } },
        select: { id: true },
      });
      if (member) {
        outcomes.push({
          status: "already_member",
          email,
          message: `${email} is already a member.`,
        });
        continue;
      }
      const limit = await consumeRateLimit(
        tx,
        RATE_LIMITS.invitesPerOrganization,
        actor.organizationId,
      );
      if (!limit.allowed) {
        throw new ActionError(
          `Your organization has sent too many invitations in the last hour. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
        );
      }
      const { raw, hash } = newToken();
      // ON CONFLICT DO NOTHING: a parallel submission that invited the same person first wins,
      // and this one reports "already invited" instead of failing the whole batch.
      const created = await tx.invitation.createMany({
        data: [
          {
            organizationId: actor.organizationId,
            email,
            firstName: row.firstName,
            lastName: row.lastName,
            role: input.role,
            inviterId: caller.user.id,
            inviterEmail: caller.user.email,
            tokenHash: hash,
            expiresAt,
            pendingEmail: email,
            lastEmailStatus: "queued",
          },
        ],
        skipDuplicates: true,
      });
      if (created.count === 0) {
        outcomes.push({
          status: "already_invited",
          email,
          message: `${email} already has a pending invitation — resend it instead.`,
        });
        continue;
      }
      const invitation = await tx.invitation.findUniqueOrThrow({
        where: { tokenHash: hash },
        select: { id: true },
      });
      if (input.workspaces.length > 0) {
        await tx.invitationWorkspace.createMany({
          data: input.workspaces.map((w) => ({
            invitationId: invitation.id,
            organizationId: actor.organizationId,
            workspaceId: w.workspaceId,
            role: w.role,
          })),
        });
      }
      outcomes.push({ status: "invited", email, invitationId: invitation.id });
      toSend.push({ invitationId: invitation.id, rawToken: raw });
      audit.push({
        action: "invitation.created",
        target: {
          type: "invitation",
          id: invitation.id,
          label: `${row.firstName} ${row.lastName} <${email}>`,
        },
        metadata: {
          role: input.role,
          workspaces: input.workspaces.map((w) => ({
            name: tree.path(w.workspaceId),
            role: w.role,
          })),
          expiresAt: expiresAt.toISOString(),
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
        const db = await getDb();
        const failed = new Set<string>();
        for (const { invitationId, rawToken } of toSend) {
          if ((await sendInvitationEmail(db, invitationId, rawToken)) === "failed")
            failed.add(invitationId);
        }
        return {
          outcomes: outcomes.map((o) =>
            o.status === "invited" ? { ...o, emailFailed: failed.has(o.invitationId) } : o,
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

/** Resend: a new token (the old link stops working), a renewed expiry, and the email again. */
export const resendInvitationAction = memberAction({
  name: "resend-invitation",
  input: invitationIdInput,
  async permission({ input, actor, db }) {
    return {
      action: "invitations.manage",
      target: invitationTarget(
        actor,
        await findInvitation(db, actor.organizationId, input.invitationId),
      ),
    };
  },
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
    return {
      result: { emailStatus: "queued" as "queued" | "sent" | "failed" },
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
      afterCommit: async () => ({
        emailStatus: await sendInvitationEmail(await getDb(), invitation.id, rawToken),
      }),
    };
  },
});

/** Revoke: the link stops working at once; the invitation stays in the history. */
export const revokeInvitationAction = memberAction({
  name: "revoke-invitation",
  input: invitationIdInput,
  async permission({ input, actor, db }) {
    return {
      action: "invitations.manage",
      target: invitationTarget(
        actor,
        await findInvitation(db, actor.organizationId, input.invitationId),
      ),
    };
  },
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
