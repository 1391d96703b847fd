// `npm run db:backup -- DIR [--url URL]`: a consistent copy of the embedded database (DATA_DIR) as
// DIR/roster-backup-<time>.tar.gz, whether or not a server is running on it (docs/operations.md,
// "Backups and restore"). With a server running, the server takes the snapshot: this asks it,
// signing the request with AUTH_SECRET (the server's; in development, DATA_DIR/auth-secret).
import fs from "node:fs";
import path from "node:path";
import { config } from "../../lib/config";
import { backupEmbeddedDatabase } from "../../lib/db/embedded-tools";
import { runScript } from "./run";

function serverSecret(): string | undefined {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  try {
    return fs.readFileSync(path.join(config.dataDir, "auth-secret"), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const urlAt = args.indexOf("--url");
  const url = urlAt === -1 ? undefined : args.splice(urlAt, 2)[1];
  const dir = args[0];
  if (!dir || args.length > 1 || (urlAt !== -1 && !url)) {
    console.error("Usage: npm run db:backup -- DIR [--url http://127.0.0.1:3000]");
    return 2;
  }
  if (config.databaseUrl) {
    console.error(
      "DATABASE_URL is set: db:backup copies the embedded database (DATA_DIR). Back up a " +
        'PostgreSQL server with pg_dump (docs/operations.md, "Backups and restore").',
    );
    return 1;
  }
  const started = performance.now();
  const result = await backupEmbeddedDatabase(config.dataDir, {
    dir: path.resolve(dir),
    secret: serverSecret(),
    url,
  });
  console.log(
    `Backed up ${config.dataDir} to ${result.file} (${result.bytes} bytes, taken by ` +
      `${result.takenBy === "server" ? "the running server" : "this command: no server was running"}, ` +
      `${Math.round(performance.now() - started)} ms). Restore it, with the server stopped, ` +
      `into a data folder without a database: \`DATA_DIR=${config.dataDir} npm run db:restore -- ` +
      `${result.file}\`. It holds password hashes: keep it private.`,
  );
  return 0;
}

runScript(main);
