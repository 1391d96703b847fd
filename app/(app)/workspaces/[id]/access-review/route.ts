import { accessReviewCsvResponse } from "@/lib/people";

export const dynamic = "force-dynamic";

/** The access review of one workspace and everything below it, as CSV. */
export async function GET(
  _request: Request,
  { params }: RouteContext<"/workspaces/[id]/access-review">,
) {
  const { id } = await params;
  return accessReviewCsvResponse(id);
}
