// The audit log benchmark's data set and cases (used by scripts/bench/run.ts, section 5).
//
// One organization with 1,000,000 audit events over two years, written by 200 people (its owner
// and admins; a few much busier than the rest) about its 5,000 members, 200 workspaces, 50,000
// invitations and 20,000 join requests, with every action of AUDIT_ACTIONS (the everyday ones
// more often than the rare ones). Inserted with INSERT … SELECT generate_series, in chunks: the
// same rows on every run, "random" picks hashed from the row number. One event in four shares
// its time with the one before it (several events of one change are written in one transaction,
// at one now()), so the keyset's tie-break on id matters. Ids are prefixed "bench_a" and emails
// "audit.person…@bench.example": nothing collides with the Users list's data set.
import type { Db } from "@/lib/db/client";
import { AUDIT_ACTIONS, type AuditAction } from "@/lib/audit";
import { auditLogCsvBody } from "@/lib/organization/audit-log";
import type { AuditLogQuery } from "@/lib/organization/schemas";
import type { Actor } from "@/lib/permissions";

export const AUDIT_EVENTS = 1_000_000;
export const AUDIT_CHUNK = 100_000;
/** The people who act: the owner (1) and admins (2 to 200). */
export const AUDIT_ACTORS = 200;
/** Everyone in the organization: the actors first; the others are only ever targets. */
export const AUDIT_PEOPLE = 5_000;
const CHUNK = AUDIT_CHUNK;
const ACTORS = AUDIT_ACTORS;
const PEOPLE = AUDIT_PEOPLE;
const WORKSPACES = 200;
const INVITATIONS = 50_000;
const JOIN_REQUESTS = 20_000;
/** The newest event is just before this; the oldest about 730 days earlier. */
const END = "2026-01-01 00:00:00";
const SPAN_MS = 730 * 24 * 3600 * 1000;

type TargetType = "organization" | "user" | "invitation" | "workspace" | "join_request";

/**
 * How often each action happens, relatively; an action not listed here (a new one) weighs 5.
 * "organization.created" is the oldest event only; a deleted organization has no log to read.
 */
const WEIGHTS: Partial<Record<AuditAction, number>> = {
  "organization.created": 0,
  "organization.deleted": 0,
  "organization.updated": 3,
  "organization.test_email_sent": 1,
  "organization.ownership_transferred": 1,
  "member.role_changed": 20,
  "member.disabled": 5,
  "member.enabled": 3,
  "member.removed": 5,
  "member.updated": 30,
  "member.password_reset_sent": 5,
  "invitation.created": 40,
  "invitation.resent": 10,
  "invitation.revoked": 5,
  "invitation.updated": 5,
  "invitation.accepted": 30,
  "workspace.created": 10,
  "workspace.renamed": 5,
  "workspace.moved": 3,
  "workspace.deleted": 3,
  "workspace.member_added": 50,
  "workspace.member_role_changed": 30,
  "workspace.member_removed": 20,
  "join_request.created": 10,
  "join_request.approved": 6,
  "join_request.rejected": 2,
  "join_request.withdrawn": 2,
  "account.updated": 15,
  "account.password_reset_requested": 10,
  "account.password_changed": 10,
};

/** What each action is about, as the actions in lib/ record it. */
function targetTypeOf(action: AuditAction): TargetType {
  if (action.startsWith("organization.")) return "organization";
  if (action.startsWith("invitation.")) return "invitation";
  if (action.startsWith("join_request.")) return "join_request";
  if (action.startsWith("workspace.") && !action.startsWith("workspace.member_")) {
    return "workspace";
  }
  return "user"; // member.*, account.*, workspace.member_*
}

const FIRST =
  "Ada Alan Amara Arjun Chen Elena Emeka Fatima Grace Hiro Ines Jonas Kofi Leila Mateo Mei Noah Priya Sara Yusuf"
    .split(" ")
    .map((name) => `'${name}'`)
    .join(",");
const LAST =
  "Costa Dubois Fischer Garcia Hoang Jensen Lopez Müller Okafor Petrov Rossi Silva Tanaka Wang Zhang"
    .split(" ")
    .map((name) => `'${name}'`)
    .join(",");
const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
];

/** A number in [0, 1) hashed from an integer expression and a salt: the same on every run. */
const uniform = (expr: string, salt: number) =>
  `((hashint4((${expr}) * 8 + ${salt})::bigint + 2147483648) / 4294967296.0)`;
/** Person `n`'s id, email and "First Last <email>" label, as SQL expressions. */
const personId = (n: string) => `'bench_ap' || ${n}`;
const personEmail = (n: string) => `'audit.person' || ${n} || '@bench.example'`;
const personLabel = (n: string) =>
  `(ARRAY[${FIRST}])[1 + ${n} % 20] || ' ' || (ARRAY[${LAST}])[1 + ${n} / 20 % 15] || ' <' || ${personEmail(n)} || '>'`;

/** Person `n`'s email (1 to 5,000). The first 200 act: 1, the owner, is the busiest. */
export const emailOf = (n: number) => `audit.person${n}@bench.example`;

/** Seeds the data set into `organizationId` (which must exist) and returns the owner's Actor. */
export async function seedAuditLog(
  db: Db,
  organizationId: string,
  onChunk?: (done: number) => void,
): Promise<Actor> {
  const run = (sql: string, ...params: unknown[]) => db.$executeRawUnsafe(sql, ...params);

  await run(`
    INSERT INTO "User" (id, email, "firstName", "lastName", "updatedAt")
    SELECT ${personId("g")}, ${personEmail("g")}, (ARRAY[${FIRST}])[1 + g % 20],
      (ARRAY[${LAST}])[1 + g / 20 % 15], now()
    FROM generate_series(1, ${PEOPLE}) g`);
  await run(
    `
    INSERT INTO "Membership"
      (id, "userId", "organizationId", role, "ownerOfOrganizationId", "updatedAt")
    SELECT 'bench_apm' || g, ${personId("g")}, $1,
      (CASE WHEN g = 1 THEN 'owner' WHEN g <= ${ACTORS} THEN 'admin' ELSE 'member' END)::"OrgRole",
      CASE WHEN g = 1 THEN $1 END, now()
    FROM generate_series(1, ${PEOPLE}) g`,
    organizationId,
  );

  // The weighted actions, one row per unit of weight: an event picks one row at random.
  const weighted = (Object.keys(AUDIT_ACTIONS) as AuditAction[]).flatMap((action) =>
    Array.from({ length: WEIGHTS[action] ?? 5 }, () => action),
  );
  const actions = weighted
    .map((action, i) => `(${i}, '${action}', '${targetTypeOf(action)}')`)
    .join(", ");
  const oldest = `(${weighted.length}, 'organization.created', 'organization')`;

  for (let start = 1; start <= AUDIT_EVENTS; start += CHUNK) {
    const end = Math.min(AUDIT_EVENTS, start + CHUNK - 1);
    // g: the event's number, 1 the newest. k: its time slot (every fourth event shares the one
    // before it). a: its actor, skewed towards the first ones (1 + 200·u²). p: a person as target.
    await run(
      `
      WITH weighted (n, action, "targetType") AS (VALUES ${actions}),
      events AS (
        SELECT g, k, a,
          CASE WHEN g = ${AUDIT_EVENTS} THEN ${weighted.length}
               ELSE floor(${uniform("g", 1)} * ${weighted.length})::int END AS n,
          1 + floor(${PEOPLE} * ${uniform("g", 3)} ^ 2)::int AS p,
          1 + floor(${uniform("g", 4)} * 1000000)::int AS r
        FROM generate_series(${start}, ${end}) g,
          LATERAL (SELECT g - (CASE WHEN g % 4 = 2 THEN 1 ELSE 0 END) AS k) slot,
          LATERAL (SELECT 1 + floor(${ACTORS} * ${uniform("g", 2)} ^ 2)::int AS a) actor
      )
      INSERT INTO "AuditEvent"
        (id, "organizationId", "actorId", "actorEmail", action, "targetType", "targetId",
         "targetLabel", metadata, ip, "userAgent", "createdAt")
      SELECT
        'bench_a' || substr(md5('audit event ' || g), 1, 24),
        $1,
        CASE WHEN w.action = 'account.password_reset_requested' THEN NULL ELSE ${personId("a")} END,
        CASE WHEN w.action = 'account.password_reset_requested' THEN NULL ELSE ${personEmail("a")} END,
        w.action,
        w."targetType",
        CASE w."targetType"
          WHEN 'organization' THEN $1
          WHEN 'user' THEN ${personId("t.person")}
          WHEN 'workspace' THEN 'bench_aw' || (1 + r % ${WORKSPACES})
          WHEN 'invitation' THEN 'bench_ai' || (1 + r % ${INVITATIONS})
          ELSE 'bench_aj' || (1 + r % ${JOIN_REQUESTS})
        END,
        CASE w."targetType"
          WHEN 'organization' THEN 'Audit Org'
          WHEN 'user' THEN ${personLabel("t.person")}
          WHEN 'workspace' THEN 'Team ' || (r % ${WORKSPACES} % 20 + 1) || ' / Squad ' || (1 + r % ${WORKSPACES})
          WHEN 'invitation' THEN 'invitee' || (1 + r % ${INVITATIONS}) || '@example.com'
          ELSE ${personEmail(`(1 + r % ${PEOPLE})`)} || ' → Team ' || (1 + r % 20)
        END,
        CASE w.action
          WHEN 'member.role_changed' THEN '{"from":"member","to":"admin"}'::jsonb
          WHEN 'member.updated' THEN
            jsonb_build_object('before', jsonb_build_object('firstName', 'Ana'),
                               'after', jsonb_build_object('firstName', 'Anna'))
          WHEN 'workspace.member_added' THEN
            jsonb_build_object('workspaceId', 'bench_aw' || (1 + r % ${WORKSPACES}), 'role', 'member')
          WHEN 'workspace.member_role_changed' THEN
            jsonb_build_object('workspaceId', 'bench_aw' || (1 + r % ${WORKSPACES}),
                               'from', 'member', 'to', 'manager')
          WHEN 'workspace.renamed' THEN
            jsonb_build_object('from', 'Squad ' || r, 'to', 'Squad ' || (1 + r % ${WORKSPACES}))
          WHEN 'invitation.created' THEN '{"role":"member","workspaces":1}'::jsonb
          ELSE '{}'::jsonb
        END,
        CASE WHEN r % 20 = 0 THEN NULL
             WHEN r % 10 = 1 THEN '2001:db8:' || to_hex(a) || '::' || to_hex(r % 16)
             ELSE '203.0.' || (a % 100) || '.' || (1 + r % 8) END,
        CASE WHEN r % 20 = 0 THEN NULL ELSE (ARRAY[${USER_AGENTS.map((ua) => `'${ua}'`).join(",")}])[1 + (a + r % 2) % ${USER_AGENTS.length}] END,
        timestamp '${END}'
          - (k::bigint * ${Math.floor(SPAN_MS / AUDIT_EVENTS)} + floor(${uniform("k", 5)} * 60000)::bigint)
            * interval '1 millisecond'
      FROM events e
        JOIN (SELECT * FROM weighted UNION ALL VALUES ${oldest}) w ON w.n = e.n,
        LATERAL (SELECT CASE WHEN w.action LIKE 'account.%' AND w.action <> 'account.password_reset_requested'
                             THEN e.a ELSE e.p END AS person) t`,
      organizationId,
    );
    onChunk?.(end);
  }

  return {
    userId: "bench_ap1",
    membershipId: "bench_apm1",
    organizationId,
    orgRole: "owner",
    status: "active",
    managedWorkspaceIds: new Set(),
    holdings: new Map(),
  };
}

/** The actor, target and month the cases filter by (see the counts printed next to each). */
export const SAMPLE = {
  /** Actor 50: a mid-table admin, about 5,000 events. */
  actor: emailOf(50),
  /** Person 7 as a target: one of the most talked-about, about 2,500 events. */
  target: emailOf(7),
  /** A workspace by name (no account: the target filter searches the labels). */
  targetText: "Squad 117",
  /** No one's account, and in no event: the actor filter compares the recorded emails. */
  unknownActor: "nobody.here@bench.example",
  action: "member.role_changed",
  from: "2025-03-01",
  to: "2025-03-31",
} as const;

/**
 * The page's URL parameters per case. The deep page's cursors are the runner's: `older` the
 * cursor of event number `deep` (newest first), as the "Older" link of the page ending there
 * carries it, and `newer` the "Newer" link of the page after it.
 */
export function auditLogCases(cursors: { older: string; newer: string; deep: number }) {
  const { actor, target, targetText, unknownActor, action, from, to } = SAMPLE;
  const deep = cursors.deep.toLocaleString("en");
  return [
    ["first page", {}],
    [`deep page: Older from event ${deep}`, { after: cursors.older }],
    [`deep page: Newer from there`, { before: cursors.newer }],
    ["actor (an admin's email)", { actor }],
    ["actor: an email that is no account", { actor: unknownActor }],
    [`action = ${action}`, { action }],
    ["target (a person's email)", { target }],
    [`target by name ("${targetText}")`, { target: targetText }],
    [`date range ${from} – ${to}`, { from, to }],
    ["actor + date range", { actor, from, to }],
  ] as const satisfies readonly (readonly [string, Record<string, string>])[];
}

/** The CSV exports measured: everything, and one month. */
export function auditLogCsvCases() {
  const { from, to } = SAMPLE;
  return [
    ["CSV export, all events", {}],
    [`CSV export, ${from} – ${to}`, { from, to }],
  ] as const satisfies readonly (readonly [string, Record<string, string>])[];
}

/** The page's cursor for a row, built as its "Older" and "Newer" links build it. */
export const cursorOf = (row: { createdAt: Date; id: string }) =>
  Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");

/**
 * How many events match a case's filters, for the note next to it (the page itself never
 * counts). The same rules as the page's filters: an email that is an account's is matched by
 * id, any other text against what the events recorded.
 */
export async function countMatching(db: Db, organizationId: string, query: AuditLogQuery) {
  const where: string[] = [`"organizationId" = $1`];
  const params: unknown[] = [organizationId];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const account = `(SELECT id FROM "User" WHERE email = lower(%s))`;
  if (query.actor) {
    const p = param(query.actor);
    where.push(
      `CASE WHEN EXISTS ${account.replace("%s", p)} THEN "actorId" = ${account.replace("%s", p)}` +
        ` ELSE "actorEmail" = lower(${p}) END`,
    );
  }
  if (query.target) {
    const p = param(query.target);
    where.push(
      `CASE WHEN EXISTS ${account.replace("%s", p)}` +
        ` THEN "targetType" = 'user' AND "targetId" = ${account.replace("%s", p)}` +
        ` ELSE "targetLabel" ILIKE '%' || ${p} || '%' END`,
    );
  }
  if (query.action) where.push(`action = ${param(query.action)}`);
  if (query.from) where.push(`"createdAt" >= ${param(new Date(`${query.from}T00:00:00Z`))}`);
  if (query.to) {
    const end = new Date(`${query.to}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 1);
    where.push(`"createdAt" < ${param(end)}`);
  }
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "AuditEvent" WHERE ${where.join(" AND ")}`,
    ...params,
  );
  return row?.n ?? 0;
}

/**
 * The CSV download as auditLogCsvResponse answers it, from auditLogCsvBody: all of it but reading
 * the signed-in caller from the request's cookie, which a script has not.
 */
export async function auditLogCsv(actor: Actor, query: AuditLogQuery): Promise<Response> {
  const body = await auditLogCsvBody(actor, query);
  if (!body) throw new Error("The bench's actor may not read the audit log.");
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8" } });
}

/**
 * Reads a Response's body to the end, as a browser saving it would: its size and its lines (the
 * header included). Samples the memory every 100 chunks (a chunk is a line of the CSV) and marks
 * it after every `markEvery` lines.
 */
export async function consume(
  response: Response,
  probe: { sample: () => void; mark: (at: number) => void },
  markEvery: number,
) {
  if (!response.body) throw new Error("The export has no body.");
  const reader = response.body.getReader();
  let bytes = 0;
  let lines = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (const byte of value) {
      if (byte === 10 && ++lines % markEvery === 0) probe.mark(lines);
    }
    if (++chunks % 100 === 0) probe.sample();
  }
  return { bytes, lines };
}
