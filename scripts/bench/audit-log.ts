// `npm run bench`, section 5 (scripts/bench/run.ts): the audit log's page and CSV export at
// 1,000,000 events.
import { randomBytes } from "node:crypto";
import { setDbForTests, type Db } from "@/lib/db/client";
import type { SqlExecutor } from "@/lib/db/migrate";
import { AUDIT_LOG_PAGE_SIZE, auditLogPageFor } from "@/lib/organization/audit-log";
import { auditLogQuery } from "@/lib/organization/schemas";
import {
  AUDIT_ACTORS,
  AUDIT_CHUNK,
  AUDIT_EVENTS,
  AUDIT_PEOPLE,
  auditLogCases,
  auditLogCsv,
  auditLogCsvCases,
  consume,
  countMatching,
  cursorOf,
  seedAuditLog,
} from "./audit-log-data";
import { MB, bench, lastRow, once, section, withMemoryPeak } from "./measure";

/** How far back the deep page starts: its "Older" link's cursor is this event's. */
const DEEP_EVENT = 900_000;

export async function benchAuditLog(label: string, db: Db, sql: SqlExecutor) {
  section(
    `${label}: audit log, ${AUDIT_EVENTS.toLocaleString("en")} events in one organization ` +
      `(auditLogPageFor: a page of ${AUDIT_LOG_PAGE_SIZE}; the CSV export)`,
  );
  const organization = await db.organization.create({
    data: { name: "Audit Org", slug: `bench-audit-${randomBytes(4).toString("hex")}` },
  });
  const organizationId = organization.id;
  const owner = await once(
    `seed ${AUDIT_EVENTS.toLocaleString("en")} events (INSERT … SELECT generate_series)`,
    () =>
      seedAuditLog(db, organizationId, (done) =>
        console.error(`    ${done.toLocaleString("en")} events`),
      ),
  );
  lastRow().note = `${AUDIT_PEOPLE.toLocaleString("en")} people (${AUDIT_ACTORS} of them acting), in chunks of ${AUDIT_CHUNK.toLocaleString("en")}`;
  await once("VACUUM ANALYZE", () => sql.query("VACUUM ANALYZE"));

  setDbForTests(db);
  try {
    // The deep page's cursor, as the "Older" link of the page before it would carry it; and the
    // check that cursorOf() writes what the page writes.
    const first = await auditLogPageFor(owner, auditLogQuery.parse({}));
    const last = first?.rows.at(-1);
    if (!first || !last || first.older !== cursorOf(last)) {
      throw new Error("The audit log's cursor is not what the bench expects.");
    }
    const deepEvent = await db.auditEvent.findFirstOrThrow({
      where: { organizationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: DEEP_EVENT - 1,
      select: { createdAt: true, id: true },
    });
    const older = cursorOf(deepEvent);
    const deep = await auditLogPageFor(owner, auditLogQuery.parse({ after: older }));
    if (!deep?.newer) throw new Error("The deep page has no link to newer events.");

    for (const [name, params] of auditLogCases({ older, newer: deep.newer, deep: DEEP_EVENT })) {
      const query = auditLogQuery.parse(params);
      const matching = await countMatching(db, organizationId, query);
      let shown = 0;
      await bench(
        name,
        {
          runs: 20,
          warmup: 3,
          note: () => `${shown} rows; ${matching.toLocaleString("en")} events match`,
        },
        async () => {
          const page = await auditLogPageFor(owner, query);
          shown = page?.rows.length ?? 0;
        },
      );
    }

    // The CSV download, read to its end as a browser would, while sampling the memory in use.
    for (const [name, params] of auditLogCsvCases()) {
      const query = auditLogQuery.parse(params);
      // Ten marks along the way: a full garbage collection, then the heap still in use.
      const markEvery = Math.max(
        1_000,
        Math.round((await countMatching(db, organizationId, query)) / 10),
      );
      const { result, memory } = await once(name, () =>
        withMemoryPeak(async (probe) => consume(await auditLogCsv(owner, query), probe, markEvery)),
      );
      const row = lastRow();
      const events = result.lines - 1; // the header
      const mb = (bytes: number) => `${(bytes / MB).toFixed(0)} MB`;
      const rise = (bytes: number, base: number) => `+${((bytes - base) / MB).toFixed(0)} MB`;
      const live = memory.live.map((mark) => (mark.heapUsed - memory.baseline.heapUsed) / MB);
      row.note =
        `${events.toLocaleString("en")} rows, ${mb(result.bytes)}, ` +
        `${Math.round(events / (row.median / 1000)).toLocaleString("en")} rows/s; ` +
        `peak RSS ${mb(memory.peak.rss)} (${rise(memory.peak.rss, memory.baseline.rss)}), ` +
        `peak heap ${mb(memory.peak.heapUsed)} (${rise(memory.peak.heapUsed, memory.baseline.heapUsed)})` +
        (live.length === 0
          ? ""
          : `; heap left after a full GC every ${markEvery.toLocaleString("en")} rows: ` +
            `${Math.min(...live).toFixed(1)} to ${Math.max(...live).toFixed(1)} MB over the start`);
    }
  } finally {
    setDbForTests(undefined);
  }
  console.error(`  ${label} audit log: done`);
}
