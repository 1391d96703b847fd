import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmailWorker } from "@/lib/email/worker";
import { log } from "@/lib/log";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { checkReadiness } from "./readiness";

// GET /api/ready (app/api/ready/route.ts): a load balancer sends traffic only to an instance
// whose database answers with this version's migrations and whose email worker is alive.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());

describe("the readiness check", () => {
  it("is ready with the migrations current and a worker that looks for due emails", async () => {
    const worker = startEmailWorker({
      db: async () => t.db,
      intervalMs: 10,
      deliver: async () => [],
    });
    try {
      await vi.waitFor(() => expect(worker.lastLookAt).not.toBeNull());
      expect(await checkReadiness(worker)).toEqual({
        httpStatus: 200,
        body: {
          status: "ready",
          database: "ok",
          migrations: { pending: 0, unknown: 0, failed: 0 },
          emailWorker: "ok",
        },
      });
    } finally {
      await worker.stop();
    }
  });

  it("is not ready without an email worker, or once it stopped or stopped looking", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const stopped = {
      httpStatus: 503,
      body: {
        status: "unavailable",
        database: "ok",
        migrations: { pending: 0, unknown: 0, failed: 0 },
        emailWorker: "stopped",
      },
    };
    try {
      expect(await checkReadiness(undefined)).toEqual(stopped);

      let release: (() => void) | null = null;
      const stuck = startEmailWorker({
        db: async () => t.db,
        intervalMs: 10,
        // A first look that does not end (a send that hangs): it has never looked.
        deliver: () => new Promise((resolve) => (release = () => resolve([]))),
      });
      await vi.waitFor(() => expect(release).not.toBeNull());
      expect(await checkReadiness(stuck)).toEqual(stopped);
      const stopping = stuck.stop();
      release!();
      await stopping;

      const worker = startEmailWorker({
        db: async () => t.db,
        intervalMs: 10,
        deliver: async () => [],
      });
      await vi.waitFor(() => expect(worker.lastLookAt).not.toBeNull());
      await worker.stop();
      expect(await checkReadiness(worker)).toEqual(stopped);
      expect(error).toHaveBeenCalledWith("readiness check: the email outbox worker is not running");
    } finally {
      error.mockRestore();
    }
  });

  it("is not ready while a migration of this version is missing", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const worker = startEmailWorker({
      db: async () => t.db,
      intervalMs: 10,
      deliver: async () => [],
    });
    const [last] = await t.db.$queryRaw<{ id: string; migration_name: string }[]>`
      SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`;
    try {
      await vi.waitFor(() => expect(worker.lastLookAt).not.toBeNull());
      await t.db.$executeRaw`DELETE FROM "_prisma_migrations" WHERE id = ${last!.id}`;
      expect(await checkReadiness(worker)).toMatchObject({
        httpStatus: 503,
        body: { status: "unavailable", migrations: { pending: 1, unknown: 0, failed: 0 } },
      });
    } finally {
      await worker.stop();
      error.mockRestore();
    }
  });
});
