import { getDb } from "@/lib/db";
import { migrationStatus } from "@/lib/db/migrate";
import { processEmailWorker } from "@/lib/email/worker";
import { log } from "@/lib/log";

export const dynamic = "force-dynamic";

/**
 * For load balancers and deploys: 200 when this instance can serve — its database answers, has
 * exactly the migrations this version of the app ships (prisma/migrations), and its email
 * outbox worker is alive (has looked for due emails within a minute); 503 otherwise,
 * saying which check failed (counts only: no names to a visitor; the names go to the server log).
 * /api/health says only whether the database answers.
 */
export async function GET() {
  let db;
  try {
    db = await getDb();
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    log.error({ err: error }, "readiness check: database unreachable");
    return Response.json({ status: "unavailable", database: "unreachable" }, { status: 503 });
  }
  try {
    const client = db;
    const status = await migrationStatus({
      query: async <T>(sql: string, params: unknown[] = []) => ({
        rows: await client.$queryRawUnsafe<T[]>(sql, ...params),
      }),
    });
    const migrations = {
      pending: status.pending.length,
      unknown: status.unknown.length,
      failed: status.failed.length,
    };
    if (migrations.pending + migrations.unknown + migrations.failed > 0) {
      log.error(
        { migrations: status },
        "readiness check: the database's migrations differ from this version's",
      );
      return Response.json({ status: "unavailable", database: "ok", migrations }, { status: 503 });
    }
    const emailWorker = processEmailWorker()?.alive() ? "ok" : "stopped";
    if (emailWorker !== "ok") {
      log.error("readiness check: the email outbox worker is not running");
      return Response.json(
        { status: "unavailable", database: "ok", migrations, emailWorker },
        { status: 503 },
      );
    }
    return Response.json({ status: "ready", database: "ok", migrations, emailWorker });
  } catch (error) {
    log.error({ err: error }, "readiness check: could not compare the migrations");
    return Response.json(
      { status: "unavailable", database: "ok", migrations: "unknown" },
      { status: 503 },
    );
  }
}
