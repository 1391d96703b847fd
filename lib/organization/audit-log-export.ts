import "server-only";
import { downloadCaller } from "@/lib/auth/download-caller";
import { csvDownload } from "@/lib/utils/csv";
import { auditLogCsvBody } from "./audit-log";
import { auditLogQuery } from "./schemas";

// The export's HTTP side, apart from audit-log.ts so that the page's data and the export's body
// load without Auth.js (which runs only inside Next.js) for scripts such as `npm run bench`.

/**
 * The CSV export of the audit log as a streamed download, for the route handler: the caller is
 * read live (signed out: 401; no longer active: 403; not allowed to read the log: 404, as for any
 * page they may not see). Rows are written as they are read, a batch at a time.
 */
export async function auditLogCsvResponse(params: URLSearchParams): Promise<Response> {
  const who = await downloadCaller("the audit log");
  if (who instanceof Response) return who;
  const { caller, actor } = who;
  const query = auditLogQuery.parse(Object.fromEntries(params.entries()));
  const body = await auditLogCsvBody(actor, query);
  if (!body) return new Response("Not found.\n", { status: 404 });
  const day = new Date().toISOString().slice(0, 10);
  return csvDownload(body, `audit-log-${caller.membership.organization.slug}-${day}.csv`);
}
