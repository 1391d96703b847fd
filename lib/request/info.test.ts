import { afterEach, describe, expect, it, vi } from "vitest";
import { getRequestInfo } from "./info";

const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock("next/headers", () => ({ headers: async () => request.headers }));

afterEach(() => {
  vi.unstubAllEnvs();
});

function arriving(headers: Record<string, string>) {
  request.headers = new Headers(headers);
}

describe("getRequestInfo", () => {
  it("by default (no trusted proxy) takes the connecting address, not what the client wrote", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "");
    // A client connecting directly from 198.51.100.7 that sent its own X-Forwarded-For.
    arriving({ "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-real-ip": "7.7.7.7" });
    expect((await getRequestInfo()).ip).toBe("198.51.100.7");
    // As proxy.ts leaves it: the incoming header moved aside, the socket's address in its place.
    arriving({ "x-roster-forwarded-for": "6.6.6.6", "x-forwarded-for": "198.51.100.7" });
    expect((await getRequestInfo()).ip).toBe("198.51.100.7");
  });

  it("behind TRUSTED_PROXIES proxies, takes the address the outermost one saw", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "1");
    arriving({ "x-roster-forwarded-for": "6.6.6.6, 203.0.113.9", "x-forwarded-for": "10.0.0.2" });
    expect(await getRequestInfo()).toEqual({ ip: "203.0.113.9", userAgent: null });
    vi.stubEnv("TRUSTED_PROXIES", "2");
    expect((await getRequestInfo()).ip).toBe("6.6.6.6");
  });

  it("keeps the user agent, cut to 500 characters", async () => {
    arriving({ "x-forwarded-for": "198.51.100.7", "user-agent": "x".repeat(600) });
    expect((await getRequestInfo()).userAgent).toHaveLength(500);
  });

  it("refuses a TRUSTED_PROXIES that is not a number of proxies", async () => {
    arriving({ "x-forwarded-for": "198.51.100.7" });
    for (const value of ["-1", "one", "1.5", "true", "21"]) {
      vi.stubEnv("TRUSTED_PROXIES", value);
      await expect(getRequestInfo()).rejects.toThrow(/TRUSTED_PROXIES must be the number/);
    }
    vi.stubEnv("TRUSTED_PROXIES", " 0 ");
    expect((await getRequestInfo()).ip).toBe("198.51.100.7");
  });
});
