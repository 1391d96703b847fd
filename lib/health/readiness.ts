import "server-only";
import { getDb } from "@/lib/db";
import { migrationStatus } from "@/lib/db/migrate";
import { processEmailWorker, type EmailWorker } from "@/lib/email/worker";
import { log } from "@/lib/log";

export interface Readiness {
  httpStatus: 200 | 503;
  body: Record<string, unknown>;
}

/**
 * What GET /api/ready answers: 200 when this instance can serve — its database answers, has
 * exactly the migrations this version of the app ships (prisma/migrations), and its email
 * outbox worker is alive (has looked for due emails within a minute); 503 otherwise, saying
 * which check failed (counts only: no names to a visitor; the names go to the server log).
 */
export async function checkReadiness(
  worker: EmailWorker | undefined = processEmailWorker(),
): Promise<Readiness> {
  let db;
  try {
    db = await getDb();
    await db.$queryRaw`SELECT 1`;
  } catch (error) {
    log.error({ err: error }, "readiness check: database unreachable");
    return { httpStatus: 503, body: { status: "unavailable", database: "unreachable" } };
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
      return { httpStatus: 503, body: { status: "unavailable", database: "ok", migrations } };
    }
    const emailWorker = worker?.alive() ? "ok" : "stopped";
    if (emailWorker !== "ok") {
      log.error("readiness check: the email outbox worker is not running");
      return {
        httpStatus: 503,
        body: { status: "unavailable", database: "ok", migrations, emailWorker },
      };
    }
    return { httpStatus: 200, body: { status: "ready", database: "ok", migrations, emailWorker } };
  } catch (error) {
    log.error({ err: error }, "readiness check: could not compare the migrations");
    return {
      httpStatus: 503,
      body: { status: "unavailable", database: "ok", migrations: "unknown" },
    };
  }
}
