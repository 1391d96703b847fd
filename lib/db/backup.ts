import path from "node:path";
import { Readable } from "node:stream";
import { authSecret } from "@/lib/auth/secret";
import { config } from "@/lib/config";
import { NonceCache, verifyBackupRequest } from "./backup-auth";
import { openEmbeddedDatabase } from "./client";
import { snapshotEmbeddedDatabase } from "./snapshot";
import { log } from "@/lib/log";

const nonces = new NonceCache();
const notFound = () => new Response("Not Found", { status: 404 });

/**
 * POST /api/db-backup (app/api/db-backup/route.ts), for `npm run db:backup` while the server runs:
 * the only process that may read the embedded database's folder then is the server itself. Answers
 * a request signed with AUTH_SECRET (lib/db/backup-auth.ts) with a snapshot; anything else —
 * another method, no or a wrong signature, a replayed or stale one, a server on PostgreSQL —
 * gets the same 404 as a path that does not exist.
 */
export async function handleBackupRequest(request: Request): Promise<Response> {
  const pglite = openEmbeddedDatabase();
  if (!pglite || request.method !== "POST") return notFound();
  let secret: string;
  try {
    secret = authSecret();
  } catch {
    return notFound();
  }
  if (!verifyBackupRequest(request.headers, secret, Date.now(), nonces)) return notFound();
  const started = performance.now();
  try {
    const archive = await snapshotEmbeddedDatabase(pglite, path.join(config.dataDir, "pgdata"));
    let bytes = 0;
    archive.on("data", (chunk: Buffer) => (bytes += chunk.length));
    archive.once("end", () =>
      log.info(
        { bytes, durationMs: Math.round(performance.now() - started) },
        "backup: a snapshot of the embedded database was sent to db:backup",
      ),
    );
    return new Response(Readable.toWeb(archive) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "application/gzip", "cache-control": "no-store" },
    });
  } catch (error) {
    log.error({ err: error }, "backup: the snapshot failed");
    return new Response("The snapshot failed: see the server log.", { status: 500 });
  }
}
