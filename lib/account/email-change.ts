import "server-only";
import { config } from "@/lib/config";
import { getDb, type Db, type Prisma, type Tx } from "@/lib/db";
import { queueEmail, templates } from "@/lib/email";
import { hashToken, looksLikeToken, newToken } from "@/lib/tokens";

// Changing the email of an account (the address it signs in with and receives password resets
// at). Asked for by the person (account settings) or by an admin of their only organization (Edit
// user), it takes effect only when someone opens the link sent to the new address and confirms;
// the old address is told about the request. Until then nothing about the account changes.

/** How long a confirmation link works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 60 * 60 * 1000;

export const EMAIL_TAKEN = "That email address is already used by another account";
export const EMAIL_UNCHANGED = "That is already the email address of this account";

/**
 * Why the account can't move to `newEmail` (already its address, or another account's), or null.
 * Both are lower-case (the email field lower-cases).
 */
export async function emailChangeProblem(
  db: Db | Tx,
  account: { id: string; email: string },
  newEmail: string,
): Promise<string | null> {
  if (newEmail === account.email) return EMAIL_UNCHANGED;
  const taken = await db.user.findUnique({ where: { email: newEmail }, select: { id: true } });
  return taken && taken.id !== account.id ? EMAIL_TAKEN : null;
}

/**
 * A new pending change for the account, with its single-use confirmation link (valid 24 hours).
 * It replaces any earlier pending change: only the newest link works.
 */
export async function issueEmailChange(
  tx: Tx,
  args: { userId: string; newEmail: string; requestedById: string },
): Promise<{ rawToken: string; expiresAt: Date }> {
  await tx.emailChangeToken.deleteMany({ where: { userId: args.userId, usedAt: null } });
  const { raw, hash } = newToken();
  const expiresAt = new Date(Date.now() + EMAIL_CHANGE_TTL_MS);
  await tx.emailChangeToken.create({
    data: {
      userId: args.userId,
      newEmail: args.newEmail,
      tokenHash: hash,
      requestedById: args.requestedById,
      expiresAt,
    },
  });
  return { rawToken: raw, expiresAt };
}

/**
 * Drops the account's pending change (its link stops working). Returns the address it was for, or
 * null when nothing was waiting (an expired link is not waiting for anything).
 */
export async function cancelEmailChange(tx: Tx, userId: string): Promise<string | null> {
  const pending = await pendingEmailChangeOf(tx, userId);
  if (!pending) return null;
  // Only one of a cancellation and a confirmation (or two cancellations) racing gets the link.
  const { count } = await tx.emailChangeToken.deleteMany({
    where: { id: pending.id, usedAt: null },
  });
  await tx.emailChangeToken.deleteMany({ where: { userId, usedAt: null } });
  return count === 1 ? pending.newEmail : null;
}

export interface PendingEmailChange {
  id: string;
  newEmail: string;
  requestedAt: Date;
  expiresAt: Date;
  /** Someone other than the person asked for it (an admin). */
  byAdmin: boolean;
}

/**
 * How an account's pending change is read: the latest link not used and not expired. As a
 * relation of the user (`emailChangeTokens: pendingEmailChangeRelation()`), Edit user reads it
 * with the person in one statement.
 */
export function pendingEmailChangeRelation() {
  return {
    where: { usedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { id: true, newEmail: true, createdAt: true, expiresAt: true, requestedById: true },
  } satisfies Prisma.User$emailChangeTokensArgs;
}

/** The row `pendingEmailChangeRelation` reads, as the forms show it. */
export function toPendingEmailChange(
  row: {
    id: string;
    newEmail: string;
    createdAt: Date;
    expiresAt: Date;
    requestedById: string | null;
  },
  userId: string,
): PendingEmailChange {
  return {
    id: row.id,
    newEmail: row.newEmail,
    requestedAt: row.createdAt,
    expiresAt: row.expiresAt,
    byAdmin: row.requestedById !== userId,
  };
}

/** The account's change waiting for confirmation, or null (an expired one is no longer waiting). */
export async function pendingEmailChangeOf(
  db: Db | Tx,
  userId: string,
): Promise<PendingEmailChange | null> {
  const latest = pendingEmailChangeRelation();
  const row = await db.emailChangeToken.findFirst({
    ...latest,
    where: { ...latest.where, userId },
  });
  return row ? toPendingEmailChange(row, userId) : null;
}

export function emailChangeLink(rawToken: string): string {
  return `${config.appUrl}/confirm-email/${rawToken}`;
}

/**
 * "n…@example.com": the new address as the old one is told it. Enough for the owner to recognise
 * their own address (or see that it isn't theirs), without handing the whole of someone's new
 * address to a mailbox the account may be leaving — it may be a shared or former work address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at <= 0) return "…";
  return `${email.slice(0, 1)}…${email.slice(at)}`;
}

/**
 * The two emails of a request: the confirmation link to the new address, a notice (without a
 * link that changes anything) to the current one. Queued in the request's transaction; deliver
 * them with `deliverQueued` after the commit (failures are retried by the outbox, never thrown).
 */
export async function queueEmailChangeEmails(
  tx: Tx,
  args: {
    firstName: string;
    currentEmail: string;
    newEmail: string;
    rawToken: string;
    expiresAt: Date;
    /** The organization whose admin asked; null when the person asked themselves. */
    organization: {
      id: string;
      name: string;
      emailSenderName?: string | null;
      emailReplyTo?: string | null;
    } | null;
  },
): Promise<{ confirmation: string; notice: string }> {
  const { organization } = args;
  const common = {
    organizationId: organization?.id ?? null,
    senderName: organization?.emailSenderName ?? null,
    replyTo: organization?.emailReplyTo ?? null,
  };
  const requestedByAdmin = organization !== null;
  const confirmation = await queueEmail(tx, {
    ...common,
    to: args.newEmail,
    template: "email-change-confirmation",
    content: templates.emailChangeConfirmation({
      firstName: args.firstName,
      currentEmail: args.currentEmail,
      newEmail: args.newEmail,
      link: emailChangeLink(args.rawToken),
      expiresAt: args.expiresAt,
      requestedByAdmin,
      organizationName: organization?.name,
    }),
  });
  const notice = await queueEmail(tx, {
    ...common,
    to: args.currentEmail,
    template: "email-change-notice",
    content: templates.emailChangeNotice({
      firstName: args.firstName,
      maskedNewEmail: maskEmail(args.newEmail),
      settingsLink: `${config.appUrl}/settings/account`,
      requestedByAdmin,
      organizationName: organization?.name,
    }),
  });
  return { confirmation: confirmation.id, notice: notice.id };
}

export type EmailChangeLinkState =
  | { ok: true; currentEmail: string; newEmail: string }
  | { ok: false; problem: "unknown" | "used" | "expired" | "taken" | "shared" };

/** What a confirmation link stands for, as its page shows it (only the page's button acts on it). */
export async function readEmailChangeLink(rawToken: string): Promise<EmailChangeLinkState> {
  const db = await getDb();
  const record = looksLikeToken(rawToken)
    ? await db.emailChangeToken.findUnique({
        where: { tokenHash: hashToken(rawToken) },
        select: {
          userId: true,
          newEmail: true,
          expiresAt: true,
          usedAt: true,
          requestedById: true,
          user: { select: { email: true, _count: { select: { memberships: true } } } },
        },
      })
    : null;
  if (!record) return { ok: false, problem: "unknown" };
  if (record.usedAt) return { ok: false, problem: "used" };
  if (record.expiresAt <= new Date()) return { ok: false, problem: "expired" };
  const taken = await emailChangeProblem(
    db,
    { id: record.userId, email: record.user.email },
    record.newEmail,
  );
  if (taken === EMAIL_TAKEN) return { ok: false, problem: "taken" };
  // Asked for by an admin, for an account that has joined another organization since.
  if (record.requestedById !== record.userId && record.user._count.memberships > 1) {
    return { ok: false, problem: "shared" };
  }
  return { ok: true, currentEmail: record.user.email, newEmail: record.newEmail };
}
