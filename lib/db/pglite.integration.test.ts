import { afterEach, describe, expect, it, vi } from "vitest";
import { openPGlite } from "./pglite";

afterEach(() => {
  vi.unstubAllEnvs();
});

async function sharedBuffersOf(): Promise<string> {
  const db = await openPGlite();
  try {
    const { rows } = await db.query<{ shared_buffers: string }>("SHOW shared_buffers");
    return rows[0]!.shared_buffers;
  } finally {
    await db.close();
  }
}

describe("openPGlite", () => {
  it("gives the embedded database a 32 MB buffer cache, not PostgreSQL's 128 MB", async () => {
    vi.stubEnv("EMBEDDED_SHARED_BUFFERS", "");
    expect(await sharedBuffersOf()).toBe("32MB");
  });

  it("takes EMBEDDED_SHARED_BUFFERS", async () => {
    vi.stubEnv("EMBEDDED_SHARED_BUFFERS", "16MB");
    expect(await sharedBuffersOf()).toBe("16MB");
  });

  it("loads pg_trgm, which the migrations create", async () => {
    const db = await openPGlite();
    try {
      await db.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
      const { rows } = await db.query<{ s: number }>("SELECT similarity('roster', 'rooster') AS s");
      expect(rows[0]!.s).toBeGreaterThan(0.3);
    } finally {
      await db.close();
    }
  });
});
