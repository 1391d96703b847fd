import "server-only";
import { AUDIT_ACTIONS, auditDetail, type AuditAction } from "@/lib/audit";
import { getDb, type Db, type Prisma } from "@/lib/db";
import { can, type Actor } from "@/lib/permissions";
import { decodeAuditLogCursor as decode, encodeAuditLogCursor as encode } from "./audit-log-cursor";
import { csvStream } from "@/lib/utils/csv";
import type { AuditLogQuery } from "./schemas";

/** How many events a page of the audit log shows. */
export const AUDIT_LOG_PAGE_SIZE = 50;

export interface AuditLogRow {
  id: string;
  createdAt: Date;
  actorEmail: string | null;
  action: string;
  /** The action in words ("Role changed"), or its key for an action this version doesn't know. */
  actionLabel: string;
  targetType: string;
  targetLabel: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: Prisma.JsonValue;
  /** The event's detail in words (a refused action: what was asked and why not), if any. */
  detail: string | null;
}

export interface AuditLogPage {
  query: AuditLogQuery;
  rows: AuditLogRow[];
  /** Cursors for the newer and older pages, when there are some. */
  newer: string | null;
  older: string | null;
  filtered: boolean;
  actions: { value: AuditAction; label: string }[];
}

const isAction = (value: string | undefined): value is AuditAction =>
  value !== undefined && Object.hasOwn(AUDIT_ACTIONS, value);

/**
 * The filters as a Prisma `where`, always inside the caller's organization. An actor or target
 * given as an email is looked up as an account (so the indexes on actor and target serve it); an
 * email that is no account's any more still finds what its snapshots recorded. Those snapshots
 * are account emails, which are stored in lower case: the actor's is matched exactly, so that its
 * index serves it too (a case-insensitive match read the whole log).
 */
async function filterOf(
  db: Db,
  organizationId: string,
  query: AuditLogQuery,
): Promise<Prisma.AuditEventWhereInput> {
  const where: Prisma.AuditEventWhereInput[] = [{ organizationId }];
  const accountOf = async (text: string) =>
    db.user.findUnique({ where: { email: text.toLowerCase() }, select: { id: true } });
  if (query.actor) {
    const account = await accountOf(query.actor);
    where.push(account ? { actorId: account.id } : { actorEmail: query.actor.toLowerCase() });
  }
  if (query.target) {
    const account = await accountOf(query.target);
    where.push(
      account
        ? { targetType: "user", targetId: account.id }
        : { targetLabel: { contains: query.target, mode: "insensitive" } },
    );
  }
  if (isAction(query.action)) where.push({ action: query.action });
  if (query.from) where.push({ createdAt: { gte: new Date(`${query.from}T00:00:00Z`) } });
  if (query.to) {
    const end = new Date(`${query.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    // Up to the end of 9999-12-31 is no bound at all (and the year 10000 is past what a date holds).
    if (end.getUTCFullYear() <= 9999) where.push({ createdAt: { lt: end } });
  }
  return { AND: where };
}

const ROW = {
  id: true,
  createdAt: true,
  actorEmail: true,
  action: true,
  targetType: true,
  targetLabel: true,
  ip: true,
  userAgent: true,
  metadata: true,
} satisfies Prisma.AuditEventSelect;

function toRow(event: Prisma.AuditEventGetPayload<{ select: typeof ROW }>): AuditLogRow {
  return {
    ...event,
    actionLabel: isAction(event.action) ? AUDIT_ACTIONS[event.action] : event.action,
    detail: auditDetail(event.action, event.metadata),
  };
}

/**
 * Events matching `where`, newest first, `take` of them after (older than) or before (newer
 * than) a position: keyset pagination on (createdAt, id), so a deep page reads as few rows as
 * the first one.
 */
async function eventsPage(
  db: Db,
  where: Prisma.AuditEventWhereInput,
  position: { after?: { createdAt: Date; id: string }; before?: { createdAt: Date; id: string } },
  take: number,
) {
  const { after, before } = position;
  const edge = after ?? before;
  // (createdAt, id) beyond the edge. The bound on createdAt alone is implied by the OR, but it is
  // what lets the database start its index scan at the edge: without it, a page 900,000 events
  // back read and skipped the 900,000 newer ones first (a second on PostgreSQL, not milliseconds).
  const beyond = (op: "lt" | "gt"): Prisma.AuditEventWhereInput =>
    edge
      ? {
          AND: [
            { createdAt: { [op === "lt" ? "lte" : "gte"]: edge.createdAt } },
            {
              OR: [
                { createdAt: { [op]: edge.createdAt } },
                { createdAt: edge.createdAt, id: { [op]: edge.id } },
              ],
            },
          ],
        }
      : {};
  const dir = before ? "asc" : "desc";
  const rows = await db.auditEvent.findMany({
    where: { AND: [where, beyond(before ? "gt" : "lt")] },
    orderBy: [{ createdAt: dir }, { id: dir }],
    take,
    select: ROW,
  });
  return before ? rows.reverse() : rows;
}

/** The audit log for owners and admins (auditLog.view), one page; null for everyone else. */
export async function auditLogPageFor(
  actor: Actor,
  query: AuditLogQuery,
): Promise<AuditLogPage | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "auditLog.view", organization)) return null;
  const db = await getDb();
  const where = await filterOf(db, actor.organizationId, query);
  const after = decode(query.after) ?? undefined;
  const before = after ? undefined : (decode(query.before) ?? undefined);
  // One more than a page tells whether there is another page in that direction.
  const found = await eventsPage(db, where, { after, before }, AUDIT_LOG_PAGE_SIZE + 1);
  const more = found.length > AUDIT_LOG_PAGE_SIZE;
  const rows = before ? found.slice(-AUDIT_LOG_PAGE_SIZE) : found.slice(0, AUDIT_LOG_PAGE_SIZE);
  const first = rows[0];
  const last = rows.at(-1);
  return {
    query,
    rows: rows.map(toRow),
    newer: first && (before ? more : Boolean(after)) ? encode(first) : null,
    older: last && (before ? true : more) ? encode(last) : null,
    filtered: Boolean(query.actor || query.target || query.action || query.from || query.to),
    actions: (Object.keys(AUDIT_ACTIONS) as AuditAction[]).map((value) => ({
      value,
      label: AUDIT_ACTIONS[value],
    })),
  };
}

/**
 * Every event matching the filters, newest first, read a batch at a time (keyset), for the CSV
 * export: memory stays constant however long the log is. Null for those who may not read it.
 */
export async function auditLogExportFor(
  actor: Actor,
  query: AuditLogQuery,
  batchSize = 1000,
): Promise<AsyncGenerator<AuditLogRow> | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "auditLog.view", organization)) return null;
  const db = await getDb();
  const where = await filterOf(db, actor.organizationId, query);
  async function* events() {
    let after: { createdAt: Date; id: string } | undefined;
    for (;;) {
      const batch = await eventsPage(db, where, { after }, batchSize);
      for (const event of batch) yield toRow(event);
      if (batch.length < batchSize) return;
      after = batch.at(-1);
    }
  }
  return events();
}

const CSV_HEADER = [
  "Time (UTC)",
  "Actor",
  "Action",
  "Target type",
  "Target",
  "IP",
  "User agent",
  "Details",
];

/**
 * The CSV export's body: the header, then one line per event matching the filters, written as
 * they are read, a batch at a time. Null for those who may not read the log.
 */
export async function auditLogCsvBody(
  actor: Actor,
  query: AuditLogQuery,
): Promise<ReadableStream<Uint8Array> | null> {
  const events = await auditLogExportFor(actor, query);
  if (!events) return null;
  async function* lines(source: AsyncGenerator<AuditLogRow>) {
    for await (const event of source) {
      yield [
        event.createdAt.toISOString(),
        event.actorEmail,
        event.actionLabel,
        event.targetType,
        event.targetLabel,
        event.ip,
        event.userAgent,
        JSON.stringify(event.metadata),
      ];
    }
  }
  return csvStream(CSV_HEADER, lines(events), "audit log export");
}
