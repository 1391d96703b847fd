import { describe, expect, it } from "vitest";
import { effectiveMembershipStatus, subscriptionState } from "./roles";

const NOW = new Date("2026-12-01T12:00:00Z");
const days = (n: number) => new Date(NOW.getTime() + n * 24 * 60 * 60 * 1000);

describe("subscription state", () => {
  it("no end date: unlimited", () => {
    expect(subscriptionState(null, NOW)).toEqual({ state: "unlimited" });
  });

  it("warns from seven days before the end, not earlier", () => {
    expect(subscriptionState(days(8), NOW)).toMatchObject({ state: "active", endingSoon: false });
    expect(subscriptionState(days(7), NOW)).toMatchObject({ state: "active", endingSoon: true });
    expect(subscriptionState(days(0.01), NOW)).toMatchObject({ state: "active", endingSoon: true });
  });

  it("lapsed once the date has passed: non-owners read as suspended until it is renewed", () => {
    expect(subscriptionState(days(-1), NOW)).toEqual({ state: "lapsed", since: days(-1) });
    expect(effectiveMembershipStatus("active", "member", days(-1), NOW)).toBe("suspended");
    expect(effectiveMembershipStatus("active", "owner", days(-1), NOW)).toBe("active");
    expect(effectiveMembershipStatus("active", "admin", days(30), NOW)).toBe("active");
    expect(effectiveMembershipStatus("disabled", "member", null, NOW)).toBe("disabled");
  });
});
