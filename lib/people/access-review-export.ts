import "server-only";
import { downloadCaller } from "@/lib/auth/download-caller";
import { csvDownload } from "@/lib/utils/csv";
import { accessReviewCsvFor } from "./access-review";

// The export's HTTP side, apart from access-review.ts so that its rows load without Auth.js
// (which runs only inside Next.js) for tests and scripts.

/**
 * The access review as a streamed CSV download, for its route handlers: the whole organization
 * (`workspaceId` null) or one workspace and everything below it. The caller is read live (signed
 * out: 401; no longer active: 403); not allowed, or not a workspace of their organization: 404.
 */
export async function accessReviewCsvResponse(workspaceId: string | null): Promise<Response> {
  const who = await downloadCaller("the access review");
  if (who instanceof Response) return who;
  const { caller, actor } = who;
  const csv = await accessReviewCsvFor(actor, workspaceId);
  if (!csv) return new Response("Not found.\n", { status: 404 });
  const day = new Date().toISOString().slice(0, 10);
  const scope = csv.scope.kind === "workspace" ? `-${csv.scope.name}` : "";
  return csvDownload(
    csv.body,
    `access-review-${caller.membership.organization.slug}${scope}-${day}.csv`,
  );
}
