import "server-only";
import type { Db } from "@/lib/db";
import type { EmailContent } from "./render";
import { fromAddress, getTransport, type EmailTransport } from "./transport";

export interface SendEmailInput {
  organizationId: string | null;
  to: string;
  /** Which email this is, e.g. "invitation", "password-reset" (kept in the outbox). */
  template: string;
  /** The rendered email, or its rendering (a template's promise) to await here. */
  content: EmailContent | Promise<EmailContent>;
  /** The organization's sender name, shown in front of EMAIL_FROM's address. */
  senderName?: string | null;
  replyTo?: string | null;
}

export interface SendEmailResult {
  /** The outbox row (EmailMessage). */
  id: string;
  status: "sent" | "failed";
  error?: string;
}

const MAX_ERROR_LENGTH = 1000;

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message || "Unknown error").slice(0, MAX_ERROR_LENGTH);
}

/**
 * Sends one email and records it in the outbox: a `queued` row first, then `sent` (with the
 * provider's id) or `failed` (with the error). A failed send is returned, never thrown, so the
 * caller can show it and offer to resend. Only the envelope is stored: bodies hold raw tokens.
 *
 * Call it after the transaction that created what the email points to has committed.
 * `transport` is for tests; by default it is `getTransport()`.
 */
export async function sendEmail(
  db: Db,
  input: SendEmailInput,
  transport?: EmailTransport,
): Promise<SendEmailResult> {
  const to = input.to.trim();
  // A template that fails to render is recorded as a failed send, like a provider error.
  const rendered = await Promise.resolve(input.content).then(
    (content) => ({ content, error: null }),
    (error: unknown) => ({
      content: null,
      error: new Error(`Could not render the email: ${errorMessage(error)}`),
    }),
  );
  const row = await db.emailMessage.create({
    data: {
      organizationId: input.organizationId,
      recipient: to,
      template: input.template,
      subject: rendered.content?.subject ?? "",
      status: "queued",
    },
    select: { id: true },
  });

  let providerMessageId: string | null;
  try {
    if (rendered.content === null) throw rendered.error;
    const { content } = rendered;
    const via = transport ?? getTransport();
    ({ providerMessageId } = await via.send(
      {
        from: fromAddress(input.senderName, via),
        to,
        subject: content.subject,
        html: content.html,
        text: content.text,
        ...(input.replyTo?.trim() ? { replyTo: input.replyTo.trim() } : {}),
      },
      { template: input.template },
    ));
  } catch (error) {
    const message = errorMessage(error);
    console.error(
      `[email] sending "${input.template}" to ${to} failed (outbox ${row.id}): ${message}`,
    );
    await record(db, row.id, { status: "failed", lastError: message, attempts: { increment: 1 } });
    return { id: row.id, status: "failed", error: message };
  }
  await record(db, row.id, {
    status: "sent",
    providerMessageId,
    sentAt: new Date(),
    lastError: null,
    attempts: { increment: 1 },
  });
  return { id: row.id, status: "sent" };
}

/** Updates the outbox row; the email's fate is already decided, so a database error is only logged. */
async function record(
  db: Db,
  id: string,
  data: Parameters<Db["emailMessage"]["update"]>[0]["data"],
): Promise<void> {
  try {
    await db.emailMessage.update({ where: { id }, data });
  } catch (error) {
    console.error(`[email] could not update outbox ${id}: ${errorMessage(error)}`);
  }
}
