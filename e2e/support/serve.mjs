// Starts one app server for the end-to-end tests, on a database of its own:
//   node e2e/support/serve.mjs <name> <port> [--seed] [--postgres] [--allow-org-creation] [--keep]
//     [--setup <script.ts>]
// Embedded (default): a fresh PGlite data folder in .e2e/<name>, exactly the default set-up.
// --postgres: a fresh database on the server in TEST_DATABASE_URL, migrated with `npm run db:migrate`.
// --seed: loads the demo data (`npm run db:seed`) before the server starts.
// --allow-org-creation: ALLOW_ORG_CREATION=true (signed-in people may create organizations).
// --keep: starts on the database a previous run of <name> left (no fresh one, no seeding).
// The server is the production one, server.mjs as `npm start` runs it; what it prints also goes
// to .e2e/<name>.log (appended to with --keep), which e2e/logs.spec.ts reads.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { serverEnvironment, serverNodeOptions } from "../../scripts/server-node-options.mjs";

const [name, port, ...flags] = process.argv.slice(2);
if (!name || !port) {
  console.error("usage: node e2e/support/serve.mjs <name> <port> [--seed] [--postgres]");
  process.exit(2);
}
const env = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  AUTH_SECRET: process.env.AUTH_SECRET || "e2e-only-secret-not-for-production-0123456789",
  APP_URL: `http://127.0.0.1:${port}`,
  // Email goes to the fake Resend that playwright.config.ts starts (e2e/support/fake-resend.mjs).
  RESEND_API_KEY: "re_e2e_fake",
  RESEND_BASE_URL: process.env.FAKE_RESEND_URL || "http://127.0.0.1:3199",
  EMAIL_FROM: "Roster <roster@e2e.example>",
};
delete env.DATABASE_URL;
// EMAIL_TRANSPORT=log alongside RESEND_API_KEY would stop the server; the tests want the fake Resend.
delete env.EMAIL_TRANSPORT;
const keep = flags.includes("--keep");
if (flags.includes("--allow-org-creation")) env.ALLOW_ORG_CREATION = "true";
else delete env.ALLOW_ORG_CREATION;

if (flags.includes("--postgres")) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) throw new Error("--postgres needs TEST_DATABASE_URL");
  const database = `roster_e2e_${name.replace(/\W/g, "_")}`;
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  env.DATABASE_URL = url.toString();
  if (!keep) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    run("npm", ["run", "--silent", "db:migrate"]);
  }
} else {
  env.DATA_DIR = path.resolve(".e2e", name);
  if (!keep) fs.rmSync(env.DATA_DIR, { recursive: true, force: true });
}
if (flags.includes("--seed") && !keep) {
  fs.mkdirSync(".e2e", { recursive: true });
  env.SEED_INVITATION_LINKS = path.resolve(".e2e", `${name}-invitations.json`);
  run("npm", ["run", "--silent", "db:seed"]);
}
// --setup <script.ts>: run after seeding, on the server's database, before it starts (e.g.
// e2e/support/sso-setup.ts writes an SSO connection to a local identity provider).
if (flags.includes("--setup") && !keep) {
  run("npx", ["tsx", flags[flags.indexOf("--setup") + 1]]);
}

fs.mkdirSync(".e2e", { recursive: true });
// --log-as <stem>: another log file (a second instance on the same database logs apart).
const logAs = flags.includes("--log-as") ? flags[flags.indexOf("--log-as") + 1] : undefined;
const log = fs.createWriteStream(path.resolve(".e2e", `${logAs ?? name}.log`), {
  flags: keep ? "a" : "w",
});
// As `npm start` runs it.
const server = spawn(
  process.execPath,
  [...serverNodeOptions(env), "server.mjs", "--hostname", "127.0.0.1", "--port", port],
  { env: { ...env, ...serverEnvironment(env) }, stdio: ["ignore", "pipe", "pipe"] },
);
server.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
server.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));

function run(command, args) {
  const result = spawnSync(command, args, { env, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
