import { afterEach, describe, expect, it, vi } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  consumeRateLimit,
  purgeExpiredRateLimits,
  refundRateLimit,
  resetRateLimit,
  type RateLimitRule,
} from "./index";

const t = setUpTestDatabase();

afterEach(() => {
  vi.useRealTimers();
});

const rule: RateLimitRule = { name: "test", limit: 3, windowSeconds: 60 };
const keys = async () =>
  (await t.db.rateLimitBucket.findMany({ orderBy: { key: "asc" } })).map((b) => b.key);

/** A bucket whose window ended `secondsAgo` seconds ago, by the database's clock. */
async function expiredBucket(key: string, secondsAgo = 1) {
  await t.db.$executeRaw`
    INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "expiresAt")
    VALUES (${key}, 7, now() - interval '1 day', now() - make_interval(secs => ${secondsAgo}))`;
}

describe("consumeRateLimit", () => {
  it("allows `limit` calls per window and subject, then refuses", async () => {
    for (let i = 0; i < 3; i++) {
      expect(await consumeRateLimit(t.db, rule, "A")).toEqual({ allowed: true, count: i + 1 });
    }
    const refused = await consumeRateLimit(t.db, rule, "a");
    expect(refused).toMatchObject({ allowed: false, count: 4 });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await consumeRateLimit(t.db, rule, "b")).toEqual({ allowed: true, count: 1 });
  });

  it("refund takes back one call of the window; reset forgets them all", async () => {
    for (let i = 0; i < 3; i++) await consumeRateLimit(t.db, rule, "a");
    await refundRateLimit(t.db, rule, "a");
    expect(await consumeRateLimit(t.db, rule, "a")).toEqual({ allowed: true, count: 3 });
    expect(await consumeRateLimit(t.db, rule, "a")).toMatchObject({ allowed: false });
    await resetRateLimit(t.db, rule, "a");
    expect(await keys()).toEqual([]);
    // Refunding what was never counted changes nothing, and never goes below zero.
    await refundRateLimit(t.db, rule, "nobody");
    await consumeRateLimit(t.db, rule, "b");
    await refundRateLimit(t.db, rule, "b");
    await refundRateLimit(t.db, rule, "b");
    expect(await t.db.rateLimitBucket.findUnique({ where: { key: "test:b" } })).toMatchObject({
      count: 0,
    });
  });

  it("deletes expired buckets as it writes, at most once a minute per process", async () => {
    // (PGlite's clock is JavaScript's, so the faked time below moves it too: a long window keeps
    // the live buckets live on PGlite and PostgreSQL alike.)
    const rule = { name: "test", limit: 3, windowSeconds: 3600 };
    await expiredBucket("sign-in:ip:192.0.2.1");
    await expiredBucket("forgot-password:email:mia@example.com", 3600);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 60_000); // past any purge this process made before

    await consumeRateLimit(t.db, rule, "a");
    expect(await keys()).toEqual(["test:a"]);

    // Within the minute, expired buckets wait for the next purge.
    await expiredBucket("sign-in:ip:192.0.2.2");
    await consumeRateLimit(t.db, rule, "a");
    expect(await keys()).toEqual(["sign-in:ip:192.0.2.2", "test:a"]);
    vi.setSystemTime(Date.now() + 61_000);
    await consumeRateLimit(t.db, rule, "b");
    expect(await keys()).toEqual(["test:a", "test:b"]);
  });
});

describe("purgeExpiredRateLimits", () => {
  it("deletes only buckets whose window has ended, a batch at a time", async () => {
    await consumeRateLimit(t.db, rule, "live");
    for (let i = 0; i < 5; i++) await expiredBucket(`old:${i}`, 10 + i);
    expect(await purgeExpiredRateLimits(t.db, 3)).toBe(3);
    expect(await keys()).toEqual(["old:0", "old:1", "test:live"]);
    expect(await purgeExpiredRateLimits(t.db)).toBe(2);
    expect(await purgeExpiredRateLimits(t.db)).toBe(0);
    expect(await keys()).toEqual(["test:live"]);
  });

  it("works inside the caller's transaction", async () => {
    await expiredBucket("old:a");
    await t.db.$transaction(async (tx) => {
      await consumeRateLimit(tx, rule, "a");
      expect(await purgeExpiredRateLimits(tx)).toBe(1);
    });
    expect(await keys()).toEqual(["test:a"]);
  });

  it.runIf(process.env.ROSTER_TEST_DB === "postgres")(
    "skips a bucket another transaction holds instead of waiting for it",
    async () => {
      await expiredBucket("old:held");
      await expiredBucket("old:free");
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = t.db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "RateLimitBucket" WHERE "key" = 'old:held' FOR UPDATE`;
        locked();
        await released;
      });
      await isLocked;
      expect(await purgeExpiredRateLimits(t.db)).toBe(1);
      release();
      await holder;
      expect(await keys()).toEqual(["old:held"]);
    },
  );
});
