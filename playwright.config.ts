import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./e2e/support/browser";

// Two servers on one production build (`npm run test:e2e` builds first), both sending email to
// a fake Resend (e2e/support/fake-resend.mjs):
// - "first-run": the embedded PGlite default on an empty folder, exactly as a new install starts
//   (with ALLOW_ORG_CREATION=true, so its story can create a second organization);
// - "app": the demo data (npm run db:seed), on PostgreSQL when TEST_DATABASE_URL is set;
// - with TEST_DATABASE_URL, "instances": two more servers on one PostgreSQL database of their own
//   (the demo data), as several instances behind a load balancer (e2e/instances.spec.ts).
// All are the production server (server.mjs, as `npm start` runs it), each logging to .e2e/<name>.log.
// E2E_PORT_BASE (default 3100) moves them all, so two checkouts can run their suites side by side.
const PORT_BASE = Number(process.env.E2E_PORT_BASE || 3100);
const FIRST_RUN_PORT = PORT_BASE;
const APP_PORT = PORT_BASE + 1;
const INSTANCE_A_PORT = PORT_BASE + 2;
const INSTANCE_B_PORT = PORT_BASE + 3;
const FAKE_RESEND_PORT = PORT_BASE + 99;
// Read by the servers (e2e/support/serve.mjs) and the tests (mailbox.ts, instances.spec.ts); this
// file is evaluated in the runner and in every worker, so both see the same values.
process.env.FAKE_RESEND_URL = `http://127.0.0.1:${FAKE_RESEND_PORT}`;
process.env.ROSTER_INSTANCE_A_PORT = String(INSTANCE_A_PORT);
process.env.ROSTER_INSTANCE_B_PORT = String(INSTANCE_B_PORT);
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const APP_PROJECT = onPostgres ? "app-postgres" : "app-embedded";

const launchOptions = {
  executablePath: chromiumExecutable(),
  args: [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
  ],
};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    {
      name: "first-run",
      testMatch: /first-run\.spec\.ts/,
      use: {
        ...devices["Desktop Chrome"],
        baseURL: `http://127.0.0.1:${FIRST_RUN_PORT}`,
        launchOptions,
      },
    },
    {
      name: APP_PROJECT,
      testIgnore: /(first-run|shutdown|outage|logs|instances)\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${APP_PORT}`, launchOptions },
    },
    ...(onPostgres
      ? [
          {
            name: "instances",
            testMatch: /instances\.spec\.ts/,
            use: { ...devices["Desktop Chrome"], launchOptions },
          },
        ]
      : []),
    // Servers of its own (free ports), stopped with SIGTERM mid-burst and restarted.
    { name: "shutdown", testMatch: /shutdown\.spec\.ts/ },
    // A PostgreSQL server of its own, stopped and started again under a running app server.
    {
      name: "outage",
      testMatch: /outage\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], launchOptions },
    },
    // Last: every server's log (.e2e/*.log) against the secrets the run used.
    {
      name: "logs",
      testMatch: /logs\.spec\.ts/,
      dependencies: [
        "first-run",
        APP_PROJECT,
        "shutdown",
        "outage",
        ...(onPostgres ? ["instances"] : []),
      ],
      use: { baseURL: `http://127.0.0.1:${APP_PORT}` },
    },
  ],
  webServer: [
    {
      // A fake Resend API that records the emails both app servers send (e2e/support/mailbox.ts).
      command: `node e2e/support/fake-resend.mjs ${FAKE_RESEND_PORT}`,
      url: `http://127.0.0.1:${FAKE_RESEND_PORT}/health`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: `node e2e/support/serve.mjs first-run ${FIRST_RUN_PORT} --allow-org-creation`,
      url: `http://127.0.0.1:${FIRST_RUN_PORT}/api/health`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    {
      command: `node e2e/support/serve.mjs app ${APP_PORT} --seed${onPostgres ? " --postgres" : ""}`,
      url: `http://127.0.0.1:${APP_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
    },
    ...(onPostgres
      ? [
          {
            // Instance A creates, migrates and seeds the database; B (started after A is up)
            // serves the same one with the same AUTH_SECRET.
            command: `node e2e/support/serve.mjs instances ${INSTANCE_A_PORT} --seed --postgres`,
            url: `http://127.0.0.1:${INSTANCE_A_PORT}/api/health`,
            timeout: 180_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
          },
          {
            command: `node e2e/support/serve.mjs instances ${INSTANCE_B_PORT} --postgres --keep --log-as instances-b`,
            url: `http://127.0.0.1:${INSTANCE_B_PORT}/api/health`,
            timeout: 120_000,
            reuseExistingServer: false,
            stdout: "pipe" as const,
          },
        ]
      : []),
  ],
});
