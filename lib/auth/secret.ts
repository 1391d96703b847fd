import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { config } from "@/lib/config";

/**
 * AUTH_SECRET signs session cookies. Production refuses to start without one; in development a
 * random secret is generated once and kept in the data folder so sessions survive restarts.
 */
export function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET;
  if (fromEnv) return fromEnv;
  if (config.isProduction) {
    throw new Error(
      "AUTH_SECRET is not set. Roster needs a long random secret to sign sessions in production: " +
        "generate one with `openssl rand -base64 32` and set AUTH_SECRET before starting.",
    );
  }
  const file = path.join(config.dataDir, "auth-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
