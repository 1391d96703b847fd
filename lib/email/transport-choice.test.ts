import { afterEach, describe, expect, it, vi } from "vitest";
import { chooseTransport, configuredTransport, EmailConfigError } from "./transport-choice";

afterEach(() => {
  vi.unstubAllEnvs();
});

const KEY = "re_123";
const resend = { kind: "resend", apiKey: KEY };
const logWithLinks = { kind: "log", redactLinks: false };
const logRedacted = { kind: "log", redactLinks: true };

// [EMAIL_TRANSPORT, RESEND_API_KEY, production, the transport or the error]
const CASES: [string | undefined, string | undefined, boolean, object | RegExp][] = [
  // Development: the log with links unless a key is set.
  [undefined, undefined, false, logWithLinks],
  [undefined, KEY, false, resend],
  ["log", undefined, false, logWithLinks],
  ["resend", KEY, false, resend],
  ["resend", undefined, false, /EMAIL_TRANSPORT=resend needs RESEND_API_KEY/],
  // Production: Resend, or the log without links only when asked for explicitly.
  [undefined, KEY, true, resend],
  ["resend", KEY, true, resend],
  [undefined, undefined, true, /RESEND_API_KEY is not set.*EMAIL_TRANSPORT=log/],
  ["log", undefined, true, logRedacted],
  ["resend", undefined, true, /EMAIL_TRANSPORT=resend needs RESEND_API_KEY/],
  // Contradictions and typos are refused everywhere.
  ["log", KEY, true, /both set/],
  ["log", KEY, false, /both set/],
  ["smtp", KEY, true, /EMAIL_TRANSPORT must be "resend" or "log" \(it is "smtp"\)/],
  ["logs", undefined, false, /EMAIL_TRANSPORT must be/],
];

describe("chooseTransport", () => {
  it.each(CASES)(
    "EMAIL_TRANSPORT=%s, RESEND_API_KEY=%s, production=%s → %o",
    (transport, resendApiKey, production, expected) => {
      const choose = () => chooseTransport({ transport, resendApiKey, production });
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
  });
});
