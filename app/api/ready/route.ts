import { checkReadiness } from "@/lib/health/readiness";

export const dynamic = "force-dynamic";

/**
 * For load balancers and deploys: 200 when this instance can serve (database, migrations, email
 * outbox worker), 503 otherwise (lib/health/readiness.ts). /api/health says only whether the
 * database answers.
 */
export async function GET() {
  const { httpStatus, body } = await checkReadiness();
  return Response.json(body, { status: httpStatus });
}
