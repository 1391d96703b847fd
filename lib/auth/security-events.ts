import { recordAuditEvents, type AuditEntry } from "@/lib/audit";
import type { Db } from "@/lib/db";
import type { RequestInfo } from "@/lib/request/info";

/**
 * Records an event of an account (signing in, a failed attempt, a lockout, a revoked session) in the
 * audit log of every organization the account belongs to: each of them may want to know. `actor`
 * null: whoever did it is not known to be the account's owner (a failed sign-in).
 */
export async function recordAccountEvent(
  db: Pick<Db, "membership" | "auditEvent">,
  user: { id: string; email: string },
  entry: Omit<AuditEntry, "target">,
  request: RequestInfo,
  actor: { id: string; email: string } | null = user,
): Promise<void> {
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    select: { organizationId: true },
  });
  for (const { organizationId } of memberships) {
    await recordAuditEvents(
      db,
      { ...entry, target: { type: "user", id: user.id, label: user.email } },
      { organizationId, actorId: actor?.id ?? null, actorEmail: actor?.email ?? null, request },
    );
  }
}
