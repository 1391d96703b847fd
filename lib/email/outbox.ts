import "server-only";
import { authSecret } from "@/lib/auth/secret";
import { log } from "@/lib/log";
import type { Db, Prisma, Tx } from "@/lib/db";
import type { EmailContent } from "./render";
import { seal, unseal } from "./sealed";
import { fromAddress, getTransport, type EmailTransport } from "./transport";

// The email outbox as a queue. An email is written here in the transaction that causes it
// (`queueEmail`), so it exists exactly when what it announces does, and is delivered by
// `deliverEmails`: right after the commit by the request that queued it, and by the worker in
// every server process (lib/email/worker.ts) for the rest — retries, and rows whose sender died.
//
// Delivery claims rows with FOR UPDATE SKIP LOCKED and a time-limited claim, so several
// instances on one PostgreSQL never send one row at the same time; a row whose sender died
// mid-send is taken over when its claim runs out, and sent again with the same idempotency key
// (the row's id), which the provider uses to drop the duplicate.

/** Waits after failed attempts 1–4; the 5th failure is final. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000] as const;
export const DEFAULT_MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** How long a sender owns the rows it claimed; Resend's timeout is 15 s a send. */
export const CLAIM_MS = 2 * 60_000;
/**
 * A new row waits this long before the worker may take it: the request that queued it delivers
 * it itself right after its commit (and shows the outcome); the worker only steps in when that
 * request died first.
 */
export const OWNER_GRACE_MS = 30_000;
const MAX_ERROR_LENGTH = 1000;

/** The delay before the attempt after failed attempt `attempt` (1-based); null when none is left. */
export function retryDelayMs(attempt: number, maxAttempts: number): number | null {
  if (attempt >= maxAttempts) return null;
  return RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] ?? null;
}

export interface QueueEmailInput {
  organizationId: string | null;
  to: string;
  /** Which email this is, e.g. "invitation", "password-reset" (kept in the outbox). */
  template: string;
  /** The rendered email, or its rendering (a template's promise) to await here. */
  content: EmailContent | Promise<EmailContent>;
  /** The organization's sender name, shown in front of EMAIL_FROM's address. */
  senderName?: string | null;
  replyTo?: string | null;
  /** The invitation the email invites to: its "Email" status follows the row. */
  invitationId?: string;
  /** 1 for an email that must not be retried later (the settings' test email). */
  maxAttempts?: number;
}

/** A queued row; `error` when it failed at once (its template did not render). */
export interface QueuedEmail {
  id: string;
  error: string | null;
}

/** What is sealed into `payload`: enough to send without reading anything else. */
interface Payload {
  to: string;
  subject: string;
  html: string;
  text: string;
  senderName: string | null;
  replyTo: string | null;
}

function isPayload(value: unknown): value is Payload {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.to === "string" &&
    typeof v.subject === "string" &&
    typeof v.html === "string" &&
    typeof v.text === "string"
  );
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message || "Unknown error").slice(0, MAX_ERROR_LENGTH);
}

/**
 * Writes one email to the outbox, to be delivered once the transaction commits. Call it with the
 * transaction that creates what the email points to. A template that fails to render is recorded
 * as failed at once (nothing to retry), like a provider's refusal.
 */
export async function queueEmail(
  db: Tx,
  input: QueueEmailInput,
  now = new Date(),
): Promise<QueuedEmail> {
  const { data, error } = await outboxRow(input, now);
  const row = await db.emailMessage.create({ data, select: { id: true } });
  return { id: row.id, error };
}

/**
 * `queueEmail` for the emails of several invitations (one each), in one statement: the invite
 * modal invites up to ten people at once. Returns each invitation's row.
 */
export async function queueEmailsForInvitations(
  db: Tx,
  inputs: (QueueEmailInput & { invitationId: string })[],
  now = new Date(),
): Promise<Map<string, QueuedEmail>> {
  if (new Set(inputs.map((i) => i.invitationId)).size !== inputs.length) {
    throw new Error("One email per invitation");
  }
  if (inputs.length === 0) return new Map();
  const rows = await Promise.all(inputs.map((input) => outboxRow(input, now)));
  const created = await db.emailMessage.createManyAndReturn({
    data: rows.map((r) => r.data),
    select: { id: true, invitationId: true },
  });
  const idOf = new Map(created.map((c) => [c.invitationId, c.id]));
  return new Map(
    inputs.map((input, i) => [
      input.invitationId,
      { id: idOf.get(input.invitationId)!, error: rows[i]!.error },
    ]),
  );
}

/** The outbox row of one email: queued with its sealed payload, or failed when it did not render. */
async function outboxRow(
  input: QueueEmailInput,
  now: Date,
): Promise<{ data: Prisma.EmailMessageCreateManyInput; error: string | null }> {
  const to = input.to.trim();
  const rendered = await Promise.resolve(input.content).then(
    (content) => ({ content, error: null }),
    (error: unknown) => ({
      content: null,
      error: `Could not render the email: ${errorMessage(error)}`,
    }),
  );
  const common = {
    organizationId: input.organizationId,
    invitationId: input.invitationId ?? null,
    recipient: to,
    template: input.template,
    maxAttempts: input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  };
  if (rendered.content === null) {
    log.error({ template: input.template, error: rendered.error }, "email could not be rendered");
    return {
      data: { ...common, subject: "", status: "failed", lastError: rendered.error },
      error: rendered.error,
    };
  }
  const { content } = rendered;
  const payload: Payload = {
    to,
    subject: content.subject,
    html: content.html,
    text: content.text,
    senderName: input.senderName ?? null,
    replyTo: input.replyTo?.trim() || null,
  };
  return {
    data: {
      ...common,
      subject: content.subject,
      status: "queued",
      nextAttemptAt: new Date(now.getTime() + OWNER_GRACE_MS),
      payload: seal(payload, authSecret()),
    },
    error: null,
  };
}

export interface DeliveryResult {
  /** The outbox row. */
  id: string;
  status: "sent" | "failed";
  error?: string;
  /** When the next attempt is due, after a failed one that will be retried. */
  retryAt?: Date;
}

export interface DeliverOptions {
  /** Only these rows, whether due or not (the request that queued them); else any due rows. */
  ids?: string[];
  /** At most this many rows in one call (default 10). */
  limit?: number;
  /** For tests; by default getTransport(). */
  transport?: EmailTransport;
  /** For tests: the clock. */
  now?: () => Date;
}

interface ClaimedRow {
  id: string;
  template: string;
  attempts: number;
  maxAttempts: number;
  payload: Uint8Array | null;
  invitationId: string | null;
}

/** Claims up to `limit` deliverable rows for CLAIM_MS; rows another sender holds are skipped. */
async function claim(db: Db, now: Date, options: DeliverOptions): Promise<ClaimedRow[]> {
  const limit = options.limit ?? 10;
  const until = new Date(now.getTime() + CLAIM_MS);
  const ids = options.ids ?? null;
  if (ids !== null && ids.length === 0) return [];
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailMessage" AS m
    SET "claimedUntil" = ${until}, "attempts" = m."attempts" + 1, "updatedAt" = ${now}
    WHERE m."id" IN (
      SELECT "id" FROM "EmailMessage"
      WHERE "status" = 'queued'
        AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})
        AND (${ids}::text[] IS NULL OR "id" = ANY(${ids}::text[]))
        AND (${ids}::text[] IS NOT NULL OR "nextAttemptAt" <= ${now})
      ORDER BY "nextAttemptAt", "id"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING m."id", m."template", m."attempts", m."maxAttempts", m."payload", m."invitationId"`;
}

/**
 * Sends the claimed rows (side by side) and records each outcome: sent; or failed, retried
 * after RETRY_DELAYS_MS until the row's attempts run out. A row's payload is removed once its
 * fate is final. Never throws for a send; returns one result per row it claimed. The sent rows
 * (and their invitations) are recorded together, two statements for any number of them: an
 * invite of ten people waits for this.
 */
export async function deliverEmails(
  db: Db,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  const clock = options.now ?? (() => new Date());
  const rows = await claim(db, clock(), options);
  const outcomes = await Promise.all(rows.map((row) => sendOne(row, options.transport)));
  await recordSent(
    db,
    outcomes.flatMap((o) => (o.ok ? [o] : [])),
    clock(),
  );
  const results: DeliveryResult[] = [];
  for (const outcome of outcomes) {
    results.push(
      outcome.ok
        ? { id: outcome.row.id, status: "sent" }
        : await recordFailure(db, outcome.row, outcome.error, outcome.permanent, clock),
    );
  }
  return results;
}

type Sent = { row: ClaimedRow; ok: true; providerMessageId: string | null };
type SendOutcome = Sent | { row: ClaimedRow; ok: false; error: string; permanent: boolean };

/** Hands one claimed row to the provider; nothing is written here. */
async function sendOne(
  row: ClaimedRow,
  explicitTransport: EmailTransport | undefined,
): Promise<SendOutcome> {
  let permanent = false;
  try {
    let payload: unknown;
    try {
      payload = row.payload ? unseal(row.payload, authSecret()) : null;
    } catch (error) {
      permanent = true;
      throw error;
    }
    if (!isPayload(payload)) {
      permanent = true;
      throw new Error("The stored email is missing or unreadable.");
    }
    const via = explicitTransport ?? getTransport();
    const { providerMessageId } = await via.send(
      {
        from: fromAddress(payload.senderName, via),
        to: payload.to,
        subject: payload.subject,
        html: payload.html,
        text: payload.text,
        ...(payload.replyTo ? { replyTo: payload.replyTo } : {}),
      },
      { template: row.template, idempotencyKey: row.id },
    );
    return { row, ok: true, providerMessageId };
  } catch (error) {
    return { row, ok: false, error: errorMessage(error), permanent };
  }
}

/**
 * Records the sent rows, and "sent" on their invitations. The emails' fate is already decided,
 * so a database error is only logged.
 */
async function recordSent(db: Db, sent: Sent[], now: Date): Promise<void> {
  if (sent.length === 0) return;
  const ids = sent.map((s) => s.row.id);
  try {
    await db.$executeRaw`
      UPDATE "EmailMessage" AS m
      SET "status" = 'sent', "providerMessageId" = v."providerMessageId", "sentAt" = ${now},
          "lastError" = NULL, "claimedUntil" = NULL, "payload" = NULL, "updatedAt" = ${now}
      FROM unnest(${ids}::text[], ${sent.map((s) => s.providerMessageId)}::text[])
        AS v("id", "providerMessageId")
      WHERE m."id" = v."id"`;
  } catch (error) {
    log.error({ outboxIds: ids, err: error }, "could not record the emails' outcome");
  }
  const invitationIds = sent.flatMap((s) => (s.row.invitationId ? [s.row.invitationId] : []));
  if (invitationIds.length === 0) return;
  try {
    await db.invitation.updateMany({
      where: { id: { in: invitationIds } },
      data: { lastEmailStatus: "sent", lastEmailError: null },
    });
  } catch (cause) {
    log.error(
      { invitationIds, err: cause },
      "could not record the emails' outcome on their invitations",
    );
  }
}

/** A failed send: retried later while attempts are left (and it may succeed), else final. */
async function recordFailure(
  db: Db,
  row: ClaimedRow,
  message: string,
  permanent: boolean,
  clock: () => Date,
): Promise<DeliveryResult> {
  const delay = permanent ? null : retryDelayMs(row.attempts, row.maxAttempts);
  const retryAt = delay === null ? null : new Date(clock().getTime() + delay);
  log.error(
    {
      outboxId: row.id,
      template: row.template,
      attempt: row.attempts,
      nextAttemptAt: retryAt?.toISOString() ?? null,
      error: message,
    },
    retryAt ? "email send failed; it will be retried" : "email send failed for good",
  );
  await record(db, row, {
    ...(retryAt ? { nextAttemptAt: retryAt } : { status: "failed", payload: null }),
    claimedUntil: null,
    lastError: message,
  });
  await recordOnInvitation(db, row, "failed", message);
  return { id: row.id, status: "failed", error: message, ...(retryAt ? { retryAt } : {}) };
}

/** Updates the outbox row; the email's fate is already decided, so a database error is only logged. */
async function record(
  db: Db,
  row: ClaimedRow,
  data: Parameters<Db["emailMessage"]["update"]>[0]["data"],
): Promise<void> {
  try {
    await db.emailMessage.update({ where: { id: row.id }, data });
  } catch (error) {
    log.error({ outboxId: row.id, err: error }, "could not record an email's outcome");
  }
}

async function recordOnInvitation(
  db: Db,
  row: ClaimedRow,
  status: "failed",
  error: string | null,
): Promise<void> {
  if (!row.invitationId) return;
  try {
    await db.invitation.updateMany({
      where: { id: row.invitationId },
      data: { lastEmailStatus: status, lastEmailError: error },
    });
  } catch (cause) {
    log.error(
      { invitationId: row.invitationId, err: cause },
      "could not record an email's outcome on its invitation",
    );
  }
}

/**
 * Gives up the invitation emails still waiting to be sent (their link stops working: the
 * invitation was resent, revoked or accepted). One being sent right now is not stopped.
 */
export async function cancelInvitationEmails(
  tx: Tx,
  invitations: string | Prisma.InvitationWhereInput,
  reason: string,
): Promise<void> {
  await tx.emailMessage.updateMany({
    where: {
      ...(typeof invitations === "string"
        ? { invitationId: invitations }
        : { invitation: { is: invitations } }),
      status: "queued",
      OR: [{ claimedUntil: null }, { claimedUntil: { lt: new Date() } }],
    },
    data: { status: "failed", lastError: reason, payload: null, claimedUntil: null },
  });
}
