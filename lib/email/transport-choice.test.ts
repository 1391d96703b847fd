import { afterEach, describe, expect, it, vi } from "vitest";
import { chooseTransport, configuredTransport, EmailConfigError } from "./transport-choice";

afterEach(() => {
  vi.unstubAllEnvs();
});

const KEY = "re_123";
const resend = { kind: "resend", apiKey: KEY };
const logWithLinks = { kind: "log", redactLinks: false };
const logRedacted = { kind: "log", redactLinks: true };

// [EMAIL_TRANSPORT, RESEND_API_KEY, NODE_ENV, the transport or the error]
const CASES: [string | undefined, string | undefined, string | undefined, object | RegExp][] = [
  // Development: the log with links unless a key is set.
  [undefined, undefined, "development", logWithLinks],
  [undefined, KEY, "development", resend],
  ["log", undefined, "development", logWithLinks],
  ["resend", KEY, "development", resend],
  ["resend", undefined, "development", /EMAIL_TRANSPORT=resend needs RESEND_API_KEY/],
  // Production: Resend, or the log without links only when asked for explicitly.
  [undefined, KEY, "production", resend],
  ["resend", KEY, "production", resend],
  [undefined, undefined, "production", /RESEND_API_KEY is not set.*EMAIL_TRANSPORT=log/],
  ["log", undefined, "production", logRedacted],
  ["resend", undefined, "production", /EMAIL_TRANSPORT=resend needs RESEND_API_KEY/],
  // Anywhere else (tests, NODE_ENV unset): the log, but never with a link in it.
  [undefined, undefined, "test", logRedacted],
  ["log", undefined, "test", logRedacted],
  [undefined, undefined, undefined, logRedacted],
  ["log", undefined, undefined, logRedacted],
  [undefined, undefined, "staging", logRedacted],
  [undefined, KEY, "test", resend],
  [undefined, KEY, undefined, resend],
  // Contradictions and typos are refused everywhere.
  ["log", KEY, "production", /both set/],
  ["log", KEY, "development", /both set/],
  ["log", KEY, "test", /both set/],
  ["smtp", KEY, "production", /EMAIL_TRANSPORT must be "resend" or "log" \(it is "smtp"\)/],
  ["logs", undefined, "development", /EMAIL_TRANSPORT must be/],
];

describe("chooseTransport", () => {
  it.each(CASES)(
    "EMAIL_TRANSPORT=%s, RESEND_API_KEY=%s, NODE_ENV=%s → %o",
    (transport, resendApiKey, nodeEnv, expected) => {
      const choose = () => chooseTransport({ transport, resendApiKey, nodeEnv });
      if (expected instanceof RegExp) {
        expect(choose).toThrow(EmailConfigError);
        expect(choose).toThrow(expected);
      } else {
        expect(choose()).toEqual(expected);
      }
    },
  );
});

describe("configuredTransport", () => {
  it("reads RESEND_API_KEY, EMAIL_TRANSPORT (any case, trimmed) and NODE_ENV", () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("RESEND_API_KEY", " ");
    vi.stubEnv("EMAIL_TRANSPORT", "");
    expect(configuredTransport).toThrow(/RESEND_API_KEY is not set/);
    vi.stubEnv("EMAIL_TRANSPORT", " Log ");
    expect(configuredTransport()).toEqual(logRedacted);
    vi.stubEnv("EMAIL_TRANSPORT", "");
    vi.stubEnv("RESEND_API_KEY", KEY);
    expect(configuredTransport()).toEqual(resend);
    vi.stubEnv("NODE_ENV", "development");
    vi.stubEnv("RESEND_API_KEY", "");
    expect(configuredTransport()).toEqual(logWithLinks);
    vi.stubEnv("NODE_ENV", "test");
    expect(configuredTransport()).toEqual(logRedacted);
    vi.stubEnv("NODE_ENV", "");
    expect(configuredTransport()).toEqual(logRedacted);
  });
});
