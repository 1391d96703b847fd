import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const root = import.meta.dirname;
const alias = {
  "@": root,
  // `server-only` throws outside React Server Components; tests run server code directly.
  "server-only": path.join(root, "lib/testing/server-only-stub.ts"),
};
const exclude = ["node_modules/**", "e2e/**", ".next/**"];
// The server's log (lib/log.ts) stays quiet in tests; a test that checks a log line spies on it.
const quiet = { LOG_LEVEL: "silent" };

/** Integration tests run on PGlite, and again on PostgreSQL when TEST_DATABASE_URL is set. */
function integration(name: string, env: Record<string, string>): TestProjectInlineConfiguration {
  return {
    resolve: { alias },
    test: {
      name,
      include: ["**/*.integration.test.ts"],
      exclude,
      environment: "node",
      // A fixed AUTH_SECRET, so no test writes a generated one into ./data (the outbox encrypts
      // email payloads with a key derived from it).
      env: { AUTH_SECRET: "integration-tests-only-secret-0123456789abcdef", ...quiet, ...env },
      pool: "forks",
      maxWorkers: 2,
      testTimeout: 30_000,
      hookTimeout: 60_000,
      globalSetup: ["lib/testing/global-setup.ts"],
      setupFiles: ["lib/testing/setup-integration.ts"],
      // Processed by Vite rather than loaded by Node: its extensionless imports of next/headers,
      // next/server and next/navigation resolve, and reach the stand-ins of setup-integration.ts
      // (lib/account/sign-in.integration.test.ts runs the real Auth.js).
      server: { deps: { inline: ["next-auth"] } },
    },
  };
}

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["**/*.test.ts"],
          exclude: [...exclude, "**/*.integration.test.ts"],
          environment: "node",
          env: quiet,
        },
      },
      integration("integration", { ROSTER_TEST_DB: "pglite" }),
      ...(process.env.TEST_DATABASE_URL
        ? [integration("integration-postgres", { ROSTER_TEST_DB: "postgres" })]
        : []),
    ],
  },
});
