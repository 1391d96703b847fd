import "server-only";
import { ActionError, type Tx } from "@/lib/actions/pipeline";
import { emailField } from "@/lib/forms/fields";
import type { WorkspaceRole } from "@/lib/permissions";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { newToken } from "@/lib/tokens";
import { domainAllowed } from "./queries";
import type { InviteRowOutcome, InviteUsersOutput } from "./schemas";

/** What every row of one invite submission shares. */
export interface InviteBatch {
  tx: Tx;
  organizationId: string;
  inviter: { id: string; email: string };
  role: InviteUsersOutput["role"];
  /** The workspaces with their role as stored: a built-in role, or a custom role's base and id. */
  workspaces: { workspaceId: string; role: WorkspaceRole; customRoleId: string | null }[];
  allowedEmailDomains: string[];
  expiresAt: Date;
}

export type RowResult = { outcome: InviteRowOutcome; rawToken?: string };

/**
 * Invites the rows of the invite modal, or says for each why not: an invalid or disallowed email,
 * someone listed twice (invited once), already a member, or already invited. Re-inviting never
 * creates a duplicate. The rows are checked and written together, a statement for each step.
 */
export async function inviteRows(
  batch: InviteBatch,
  rows: InviteUsersOutput["rows"],
): Promise<RowResult[]> {
  const { tx, organizationId } = batch;
  const seen = new Set<string>();
  const checked = rows.map((row): RowResult | { row: typeof row; email: string } => {
    const parsed = emailField.safeParse(row.email);
    const email = parsed.success ? parsed.data : row.email.trim();
    const refuse = (
      status: Exclude<InviteRowOutcome["status"], "invited">,
      message: string,
    ): RowResult => ({ outcome: { status, email, message } });
    if (!parsed.success) return refuse("invalid_email", `${email} isn't a valid email address.`);
    if (seen.has(email)) return refuse("duplicate", `${email} is listed twice.`);
    seen.add(email);
    if (!domainAllowed(email, batch.allowedEmailDomains)) {
      return refuse(
        "domain_not_allowed",
        `${email} isn't allowed: this organization only invites ${batch.allowedEmailDomains.join(", ")} addresses.`,
      );
    }
    return { row, email };
  });
  const candidates = checked.filter((c) => "row" in c);
  const members =
    candidates.length === 0
      ? []
      : await tx.membership.findMany({
          where: { organizationId, user: { email: { in: candidates.map((c) => c.email) } } },
          select: { user: { select: { email: true } } },
        });
  const memberEmails = new Set(members.map((m) => m.user.email));
  const toCreate = candidates
    .filter((c) => !memberEmails.has(c.email))
    .map((c) => ({ ...c, token: newToken() }));
  if (toCreate.length > 0) {
    const limit = await consumeRateLimit(
      tx,
      RATE_LIMITS.invitesPerOrganization,
      organizationId,
      toCreate.length,
    );
    if (!limit.allowed) {
      throw new ActionError(
        `Your organization has sent too many invitations in the last hour. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
      );
    }
  }
  // ON CONFLICT DO NOTHING: someone with a pending invitation (or one a parallel submission
  // created first) is reported "already invited" instead of failing the whole batch.
  const created =
    toCreate.length === 0
      ? []
      : await tx.invitation.createManyAndReturn({
          data: toCreate.map(({ row, email, token }) => ({
            organizationId,
            email,
            firstName: row.firstName,
            lastName: row.lastName,
            role: batch.role,
            inviterId: batch.inviter.id,
            inviterEmail: batch.inviter.email,
            tokenHash: token.hash,
            expiresAt: batch.expiresAt,
            pendingEmail: email,
            lastEmailStatus: "queued" as const,
          })),
          skipDuplicates: true,
          select: { id: true, tokenHash: true },
        });
  // Invited again: SSO may bring them back (a removal kept them out of just-in-time membership).
  if (toCreate.length > 0) {
    await tx.removedMember.deleteMany({
      where: { organizationId, email: { in: toCreate.map((c) => c.email) } },
    });
  }
  if (batch.workspaces.length > 0 && created.length > 0) {
    await tx.invitationWorkspace.createMany({
      data: created.flatMap((invitation) =>
        batch.workspaces.map((w) => ({
          invitationId: invitation.id,
          organizationId,
          workspaceId: w.workspaceId,
          role: w.role,
          customRoleId: w.customRoleId,
        })),
      ),
    });
  }
  const idByTokenHash = new Map(created.map((c) => [c.tokenHash, c.id]));
  const tokenByEmail = new Map(toCreate.map((c) => [c.email, c.token]));
  return checked.map((c): RowResult => {
    if (!("row" in c)) return c;
    const { email } = c;
    if (memberEmails.has(email)) {
      return {
        outcome: { status: "already_member", email, message: `${email} is already a member.` },
      };
    }
    const token = tokenByEmail.get(email)!;
    const invitationId = idByTokenHash.get(token.hash);
    if (!invitationId) {
      return {
        outcome: {
          status: "already_invited",
          email,
          message: `${email} already has a pending invitation — resend it instead.`,
        },
      };
    }
    return { outcome: { status: "invited", email, invitationId }, rawToken: token.raw };
  });
}
