import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as logModule from "@/lib/log";
import { closeLog, log } from "@/lib/log";
import { checkStartup } from "./startup";

// A refusal writes out the log before it exits; here the process's logger must stay open.
vi.mock("@/lib/log", async (importOriginal) => ({
  ...(await importOriginal<typeof logModule>()),
  closeLog: vi.fn(() => Promise.resolve()),
}));

class Exit extends Error {}

let errors: string[];
beforeEach(() => {
  errors = [];
  vi.spyOn(log, "fatal").mockImplementation((message: unknown) => {
    errors.push(String(message));
  });
  vi.spyOn(process, "exit").mockImplementation((code) => {
    throw new Exit(`exit ${String(code)}`);
  });
  // A production server with everything else in order (DATABASE_URL: no embedded database to open).
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("AUTH_SECRET", "a-test-secret-that-is-long-enough-0123456789");
  vi.stubEnv("DATABASE_URL", "postgres://roster@127.0.0.1:1/roster");
  vi.stubEnv("RESEND_API_KEY", "re_123");
  vi.stubEnv("EMAIL_FROM", "Roster <roster@example.com>");
  vi.stubEnv("EMAIL_TRANSPORT", "");
  vi.stubEnv("TRUSTED_PROXIES", "");
  vi.stubEnv("LOG_LEVEL", "");
  vi.stubEnv("EMBEDDED_SHARED_BUFFERS", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("checkStartup", () => {
  it("starts a production server that has an email provider", async () => {
    await expect(checkStartup()).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });

  it("refuses to start in production without RESEND_API_KEY, saying what to set", async () => {
    vi.stubEnv("RESEND_API_KEY", "");
    await expect(checkStartup()).rejects.toThrow("exit 1");
    expect(closeLog).toHaveBeenCalled();
    expect(errors.join("\n")).toMatch(
      /cannot start: RESEND_API_KEY is not set\..*set RESEND_API_KEY and EMAIL_FROM.*EMAIL_TRANSPORT=log/s,
    );
  });

  it("starts in production without a key when EMAIL_TRANSPORT=log says so", async () => {
    vi.stubEnv("RESEND_API_KEY", "");
    vi.stubEnv("EMAIL_TRANSPORT", "log");
    await expect(checkStartup()).resolves.toBeUndefined();
  });

  it("starts in development without a key", async () => {
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("RESEND_API_KEY", "");
    await expect(checkStartup()).resolves.toBeUndefined();
  });

  it("refuses a TRUSTED_PROXIES that is not a number of proxies", async () => {
    vi.stubEnv("TRUSTED_PROXIES", "yes");
    await expect(checkStartup()).rejects.toThrow("exit 1");
    expect(errors.join("\n")).toMatch(/cannot start: TRUSTED_PROXIES must be the number/);
  });

  it("refuses an unknown LOG_LEVEL, naming the ones there are", async () => {
    vi.stubEnv("LOG_LEVEL", "verbose");
    await expect(checkStartup()).rejects.toThrow("exit 1");
    expect(errors.join("\n")).toMatch(/cannot start: LOG_LEVEL must be one of fatal, error, warn/);
  });

  it("accepts a known LOG_LEVEL in any case", async () => {
    vi.stubEnv("LOG_LEVEL", "Debug");
    await expect(checkStartup()).resolves.toBeUndefined();
  });

  it.each(["32", "0MB", "512kB", "5GB", "lots"])(
    "refuses EMBEDDED_SHARED_BUFFERS=%s (a size from 1MB to 4GB)",
    async (value) => {
      vi.stubEnv("EMBEDDED_SHARED_BUFFERS", value);
      await expect(checkStartup()).rejects.toThrow("exit 1");
      expect(errors.join("\n")).toMatch(/EMBEDDED_SHARED_BUFFERS must be a size from 1MB to 4GB/);
    },
  );

  it.each(["1MB", "16MB", "1024kB", "1GB"])("accepts EMBEDDED_SHARED_BUFFERS=%s", async (value) => {
    vi.stubEnv("EMBEDDED_SHARED_BUFFERS", value);
    await expect(checkStartup()).resolves.toBeUndefined();
  });
});
