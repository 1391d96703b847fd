import { describe, expect, it } from "vitest";
import { formatDateTime, formatDay } from "./format";

describe("dates as the app writes them", () => {
  const date = new Date("2026-12-01T14:05:09Z");

  it("writes a moment in UTC, whatever the server's time zone", () => {
    expect(formatDateTime(date)).toBe("1 Dec 2026, 14:05 UTC");
    expect(formatDateTime(new Date("2026-12-31T23:59:59Z"))).toBe("31 Dec 2026, 23:59 UTC");
  });

  it("writes a day in full, in UTC", () => {
    expect(formatDay(date)).toBe("1 December 2026");
    expect(formatDay(new Date("2027-01-01T00:30:00Z"))).toBe("1 January 2027");
  });
});
