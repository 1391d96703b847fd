import { auditLogCsvResponse } from "@/lib/organization";

export const dynamic = "force-dynamic";

/** The audit log as CSV, with the filters of the page it was downloaded from. */
export async function GET(request: Request) {
  return auditLogCsvResponse(new URL(request.url).searchParams);
}
