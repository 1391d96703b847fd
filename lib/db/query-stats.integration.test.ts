import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prismaForPGlite, prismaForPostgres, type Db } from "./client";
import { parseQueryStats, withQueryStats } from "./query-stats";

// ROSTER_QUERY_STATS (lib/db/query-stats.ts): off unless set, and then a running count of the
// statements a Prisma client sends, in a file. Runs on PGlite, and on PostgreSQL in the
// integration-postgres project.

let dir: string;
let pglite: PGlite | undefined;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "roster-query-stats-"));
});
afterAll(async () => {
  await pglite?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Prisma client built while ROSTER_QUERY_STATS names `file`. */
async function clientWith(file: string): Promise<Db> {
  vi.stubEnv("ROSTER_QUERY_STATS", file);
  try {
    if (process.env.ROSTER_TEST_DB === "postgres") {
      const url = process.env.TEST_DATABASE_URL;
      if (!url) throw new Error("ROSTER_TEST_DB=postgres needs TEST_DATABASE_URL");
      return prismaForPostgres(url);
    }
    pglite ??= await PGlite.create();
    return prismaForPGlite(pglite);
  } finally {
    vi.unstubAllEnvs();
  }
}

const readStats = (file: string) => parseQueryStats(readFileSync(file, "utf8"));

describe("query stats", () => {
  it("is off by default: the adapter is used as it is", () => {
    // Never connected: only passed through (or not).
    const adapter = new PrismaPg({ connectionString: "postgresql://nobody@127.0.0.1:1/none" });
    vi.stubEnv("ROSTER_QUERY_STATS", undefined);
    try {
      expect(withQueryStats(adapter)).toBe(adapter);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(withQueryStats(adapter, "")).toBe(adapter);
  });

  it("counts every statement and its time, inside transactions too", async () => {
    const file = path.join(dir, "stats");
    const db = await clientWith(file);
    try {
      await db.$queryRaw`SELECT 1`;
      const first = readStats(file);
      expect(first.statements).toBeGreaterThanOrEqual(1);

      await db.$queryRaw`SELECT 2`;
      await db.$executeRaw`SELECT 3`;
      expect(readStats(file).statements).toBe(first.statements + 2);

      await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 4`;
        await tx.$queryRaw`SELECT 5`;
      });
      // The transaction's two statements, and on PostgreSQL its COMMIT, which Prisma sends as a
      // statement of its own (PGlite's adapter ends the transaction itself).
      const last = readStats(file);
      expect(last.statements).toBeGreaterThanOrEqual(first.statements + 4);
      expect(last.statements).toBeLessThanOrEqual(first.statements + 6);
      expect(last.ms).toBeGreaterThan(first.ms);
      // One statement at a time here: the time under way is the statements' time.
      expect(last.busyMs).toBeGreaterThan(first.busyMs);
      expect(last.busyMs).toBeCloseTo(last.ms, 6);
    } finally {
      await db.$disconnect();
    }
  });
});
