import { accessReviewCsvResponse } from "@/lib/people";

export const dynamic = "force-dynamic";

/** The access review of the whole organization as CSV: who holds which role where. */
export async function GET() {
  return accessReviewCsvResponse(null);
}
