import { getDb } from "@/lib/db";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when the app can reach its database. */
export async function GET() {
  try {
    const db = await getDb();
    await db.$queryRaw`SELECT 1`;
    return Response.json({ status: "ok" });
  } catch (error) {
    log.error({ err: error }, "health check: database unreachable");
    return Response.json({ status: "unavailable" }, { status: 503 });
  }
}
