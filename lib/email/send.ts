import "server-only";
import type { Db } from "@/lib/db";
import { log } from "@/lib/log";
import { deliverEmails, queueEmail, type QueueEmailInput } from "./outbox";
import type { EmailTransport } from "./transport";

export type SendEmailInput = QueueEmailInput;

export interface SendEmailResult {
  /** The outbox row (EmailMessage). */
  id: string;
  /**
   * The first attempt's outcome. "failed" may still be retried by the worker (`retryAt`);
   * "queued" when another sender had already taken the row.
   */
  status: "sent" | "failed" | "queued";
  error?: string;
  retryAt?: Date;
}

/**
 * Delivers rows this request queued, right after its transaction committed, and says how the
 * first attempt went (the caller shows it). A failed attempt is not thrown: the worker retries it.
 * `transport` is for tests; by default it is `getTransport()`.
 */
export async function deliverQueued(
  db: Db,
  ids: string[],
  transport?: EmailTransport,
): Promise<Map<string, SendEmailResult>> {
  const results = new Map<string, SendEmailResult>(
    ids.map((id) => [id, { id, status: "queued" as const }]),
  );
  try {
    for (const result of await deliverEmails(db, {
      ids,
      limit: ids.length,
      ...(transport ? { transport } : {}),
    })) {
      results.set(result.id, result);
    }
  } catch (error) {
    // The rows stay queued: the worker delivers them.
    log.error({ err: error }, "could not deliver emails right away; the outbox worker will");
  }
  // A row that was never claimed because it failed to render is already final.
  const unclaimed = [...results.values()].filter((r) => r.status === "queued").map((r) => r.id);
  if (unclaimed.length > 0) {
    const failed = await db.emailMessage.findMany({
      where: { id: { in: unclaimed }, status: "failed" },
      select: { id: true, lastError: true },
    });
    for (const row of failed) {
      results.set(row.id, { id: row.id, status: "failed", error: row.lastError ?? "Failed" });
    }
  }
  return results;
}

/**
 * Queues one email on its own (outside any other transaction) and delivers it at once. For an
 * email that goes with a change, queue it in the change's transaction with `queueEmail` instead,
 * and `deliverQueued` after the commit.
 */
export async function sendEmail(
  db: Db,
  input: SendEmailInput,
  transport?: EmailTransport,
): Promise<SendEmailResult> {
  const { id } = await queueEmail(db, input);
  return (await deliverQueued(db, [id], transport)).get(id) ?? { id, status: "queued" };
}
