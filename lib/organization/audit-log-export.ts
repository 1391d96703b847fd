import "server-only";
import { actorFor, getCaller, twoFactorSetupRequired } from "@/lib/auth/caller";
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
  const caller = await getCaller();
  if (!caller) return new Response("Sign in to download the audit log.\n", { status: 401 });
  if (caller.membership.status !== "active") {
    return new Response("You no longer have access to this organization.\n", { status: 403 });
  }
  if (twoFactorSetupRequired(caller)) {
    return new Response(
      "This organization requires two-factor authentication for owners and admins. Set it up in Account settings first.\n",
      { status: 403 },
    );
  }
  const actor = await actorFor(caller);
  const query = auditLogQuery.parse(Object.fromEntries(params.entries()));
  const body = await auditLogCsvBody(actor, query);
  if (!body) return new Response("Not found.\n", { status: 404 });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${caller.membership.organization.slug}-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
