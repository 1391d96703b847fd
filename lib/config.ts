import path from "node:path";

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
};
