import "server-only";
import { getDb, type Tx } from "@/lib/db";
import { queueEmail, templates } from "@/lib/email";
import { config } from "@/lib/config";
import { hashToken, looksLikeToken, newToken } from "@/lib/tokens";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

/**
 * A new single-use reset link for the account, valid one hour. Earlier unused links stop working:
 * only the newest email counts.
 */
export async function issuePasswordReset(
  tx: Tx,
  userId: string,
): Promise<{ rawToken: string; expiresAt: Date }> {
  await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
  const { raw, hash } = newToken();
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MS);
  await tx.passwordResetToken.create({ data: { userId, tokenHash: hash, expiresAt } });
  return { rawToken: raw, expiresAt };
}

export function resetLink(rawToken: string): string {
  return `${config.appUrl}/reset-password/${rawToken}`;
}

/** Queues the reset email in the transaction that issued the token; returns the outbox row. */
export async function queuePasswordResetEmail(
  tx: Tx,
  args: {
    to: string;
    firstName: string;
    rawToken: string;
    expiresAt: Date;
    organization: {
      id: string;
      name: string;
      emailSenderName?: string | null;
      emailReplyTo?: string | null;
    } | null;
    requestedByAdmin: boolean;
  },
) {
  const queued = await queueEmail(tx, {
    organizationId: args.organization?.id ?? null,
    to: args.to,
    template: "password-reset",
    content: templates.passwordReset({
      firstName: args.firstName,
      link: resetLink(args.rawToken),
      expiresAt: args.expiresAt,
      requestedByAdmin: args.requestedByAdmin,
      organizationName: args.organization?.name,
    }),
    senderName: args.organization?.emailSenderName ?? null,
    replyTo: args.organization?.emailReplyTo ?? null,
  });
  return queued.id;
}

export type ResetLinkState =
  | {
      ok: true;
      email: string;
      /** What the new-password meter judges a password against: names, email, organizations. */
      passwordUserInputs: string[];
    }
  | { ok: false; problem: "unknown" | "used" | "expired" };

/** What a reset link stands for, as its page shows it (it is only used by the action). */
export async function readResetLink(rawToken: string): Promise<ResetLinkState> {
  const db = await getDb();
  const record = looksLikeToken(rawToken)
    ? await db.passwordResetToken.findUnique({
        where: { tokenHash: hashToken(rawToken) },
        select: {
          expiresAt: true,
          usedAt: true,
          user: {
            select: {
              email: true,
              firstName: true,
              lastName: true,
              memberships: { select: { organization: { select: { name: true } } } },
            },
          },
        },
      })
    : null;
  if (!record) return { ok: false, problem: "unknown" };
  if (record.usedAt) return { ok: false, problem: "used" };
  if (record.expiresAt <= new Date()) return { ok: false, problem: "expired" };
  const { user } = record;
  return {
    ok: true,
    email: user.email,
    passwordUserInputs: [
      user.firstName,
      user.lastName,
      user.email,
      ...user.memberships.map((m) => m.organization.name),
    ],
  };
}
