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
};
