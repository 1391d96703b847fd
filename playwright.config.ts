import { defineConfig, devices } from "@playwright/test";
import { chromiumExecutable } from "./e2e/support/browser";

// Two servers on one production build (`npm run test:e2e` builds first):
// - "first-run": the embedded PGlite default on an empty folder, exactly as a new install starts;
// - "app": the demo data (npm run db:seed), on PostgreSQL when TEST_DATABASE_URL is set.
const FIRST_RUN_PORT = 3100;
const APP_PORT = 3101;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

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
      name: onPostgres ? "app-postgres" : "app-embedded",
      testIgnore: /first-run\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], baseURL: `http://127.0.0.1:${APP_PORT}`, launchOptions },
    },
  ],
  webServer: [
    {
      command: `node e2e/support/serve.mjs first-run ${FIRST_RUN_PORT}`,
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
  ],
});
