import path from "node:path";

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Every setting Roster reads from the environment (README "Configuration" lists them all). */
export const config = {
  get databaseUrl(): string | undefined {
    return process.env.DATABASE_URL || undefined;
  },
  /** Where the embedded database lives when DATABASE_URL is unset. */
  get dataDir(): string {
    return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || "data");
  },
  get appUrl(): string {
    return (process.env.APP_URL || "http://localhost:3000").replace(/\/+$/, "");
  },
  get allowOrgCreation(): boolean {
    return process.env.ALLOW_ORG_CREATION === "true";
  },
  get isProduction(): boolean {
    return process.env.NODE_ENV === "production";
  },
  /** NODE_ENV as set: "development" (`npm run dev`), "production" (`npm start`), "test", or unset. */
  get nodeEnv(): string | undefined {
    return process.env.NODE_ENV || undefined;
  },
  /** Resend API key; with none, emails are printed to the server log (and kept in the outbox). */
  get resendApiKey(): string | undefined {
    return process.env.RESEND_API_KEY?.trim() || undefined;
  },
  /** Sender address, e.g. `Roster <roster@example.com>`; required when RESEND_API_KEY is set. */
  get emailFrom(): string | undefined {
    return process.env.EMAIL_FROM?.trim() || undefined;
  },
  /** Resend API base URL override (tests point it at a local fake); unset means Resend's own. */
  get resendBaseUrl(): string | undefined {
    return process.env.RESEND_BASE_URL?.trim().replace(/\/+$/, "") || undefined;
  },
  /**
   * EMAIL_TRANSPORT as written (lower-cased): `resend`, `log`, or unset. What it means, and which
   * combinations are refused, is decided in lib/email/transport-choice.ts.
   */
  get emailTransport(): string | undefined {
    return process.env.EMAIL_TRANSPORT?.trim().toLowerCase() || undefined;
  },
  /**
   * How many reverse proxies in front of Roster set or add to X-Forwarded-For (TRUSTED_PROXIES,
   * default 0: none, the client connects directly). Decides which address is the client's
   * (lib/request/client-address.ts). Throws for anything but a whole number from 0 to 20.
   */
  get trustedProxies(): number {
    const raw = process.env.TRUSTED_PROXIES?.trim();
    if (!raw) return 0;
    const hops = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    if (!(hops >= 0 && hops <= 20)) {
      throw new Error(
        `TRUSTED_PROXIES must be the number of reverse proxies in front of Roster, from 0 to 20 ` +
          `(it is "${raw}"). Behind one proxy such as nginx, set TRUSTED_PROXIES=1.`,
      );
    }
    return hops;
  },
  /**
   * Minutes without a request after which a session ends (SESSION_IDLE_TIMEOUT_MINUTES, default
   * 60: NIST SP 800-63B's inactivity limit at AAL2, which ASVS V7.3 refers to).
   */
  get sessionIdleMinutes(): number {
    return wholeNumber("SESSION_IDLE_TIMEOUT_MINUTES", 60, 5, 60 * 24 * 30);
  },
  /**
   * Hours after sign-in at which a session ends however active it was (SESSION_MAX_AGE_HOURS,
   * default 24: a working day, NIST SP 800-63B's re-authentication limit at AAL2).
   */
  get sessionMaxAgeHours(): number {
    return wholeNumber("SESSION_MAX_AGE_HOURS", 24, 1, 24 * 90);
  },
  /**
   * The embedded database's buffer cache (EMBEDDED_SHARED_BUFFERS, default 32MB; PostgreSQL's own
   * default is 128MB). It is memory of the server process, touched from the start: each 32 MB more
   * is about 32 MB more RSS. Pages it doesn't hold are read from the operating system's cache.
   */
  get embeddedSharedBuffers(): string {
    const raw = process.env.EMBEDDED_SHARED_BUFFERS?.trim();
    if (!raw) return "32MB";
    const match = /^(\d{1,6})(kB|MB|GB)$/.exec(raw);
    const kilobytes = match
      ? Number(match[1]) * { kB: 1, MB: 1024, GB: 1024 * 1024 }[match[2]!]!
      : 0;
    if (kilobytes < 1024 || kilobytes > 4 * 1024 * 1024) {
      throw new Error(
        `EMBEDDED_SHARED_BUFFERS must be a size from 1MB to 4GB, such as 32MB (it is "${raw}").`,
      );
    }
    return raw;
  },
  /** The least severe log lines the server writes (LOG_LEVEL, default `info`; lib/log.ts). */
  get logLevel(): LogLevel {
    const raw = process.env.LOG_LEVEL?.trim().toLowerCase();
    if (!raw) return "info";
    const level = LOG_LEVELS.find((l) => l === raw);
    if (!level) {
      throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (it is "${raw}").`);
    }
    return level;
  },
};

function wholeNumber(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (it is "${raw}").`);
  }
  return value;
}
