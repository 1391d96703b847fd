import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_PASSWORD, demo } from "./support/people";
import { startPrivatePostgres, type PrivatePostgres } from "./support/postgres";
import {
  E2E_DIR,
  freePort,
  readLog,
  signInOverHttp,
  startServer,
  type RunningServer,
} from "./support/server-process";

// The database goes away (issue 13). On PostgreSQL: the server keeps running while its database
// is down — pages show the error page with a retry, actions answer "try again", the health checks
// 503 — and the same process serves again once the database is back, with no restart. On the
// embedded database: a folder the server can't use stops it at start with a message saying why,
// and the data in it is left as it was. Each test starts its own servers (and PostgreSQL).

const TRY_AGAIN = "Something went wrong on our side. Please try again.";

/** What must never reach a browser: the cause of the error, or where in the code it happened. */
const DETAILS =
  /Can't reach database|ECONNREFUSED|Prisma|postgres|\bat \S+ \(|node_modules|\.[jt]sx?:\d+/i;

async function signInAt(page: Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByRole("button", { name: "Continue" }).click();
  await form.getByLabel("Password").fill(DEMO_PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

async function makeAdmin(page: Page, row: Locator) {
  await row.click({ button: "right" });
  await page.getByRole("menu").getByRole("menuitem", { name: "Change role" }).hover();
  await page.getByRole("menuitemradio", { name: "Admin" }).click();
}

/** The error page (app/error.tsx, components/shell/page-error.tsx): a retry, and no details. */
async function expectErrorPage(page: Page) {
  await expect(page.getByRole("heading", { name: "This page couldn't be loaded" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
  expect(await page.locator("body").innerText()).not.toMatch(DETAILS);
}

async function json(url: string, cookie?: string) {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} });
  return { status: response.status, body: (await response.json()) as unknown };
}

test.describe("PostgreSQL goes away under a running server", () => {
  test.skip(
    !process.env.TEST_DATABASE_URL,
    "No PostgreSQL on this machine (TEST_DATABASE_URL is unset): the test starts a server of its " +
      "own with scripts/ci/start-postgres.sh only where the other PostgreSQL tests run (CI does).",
  );

  let pg: PrivatePostgres | undefined;
  let server: RunningServer | undefined;
  test.afterAll(async () => {
    server?.process.kill("SIGTERM");
    await server?.exited;
    pg?.stop();
  });

  test("pages show the error page, actions say try again, health is 503; all recover without a restart", async ({
    page,
    browser,
  }) => {
    test.setTimeout(300_000);
    // A PostgreSQL of its own: the one in TEST_DATABASE_URL serves the other projects' servers.
    pg = await startPrivatePostgres();
    server = await startServer("outage", ["--seed", "--postgres"], { TEST_DATABASE_URL: pg.url });
    const { base } = server;
    await signInAt(page, base, demo.owner.email);
    const { cookie } = await signInOverHttp(base, demo.owner.email, DEMO_PASSWORD);
    await page.goto(`${base}/users?q=ben.hughes1`);
    const row = page.getByRole("row", { name: /Ben Hughes/ });
    await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
    const logFrom = readLog(server.logFile).length;

    pg.pause();

    // The health checks say so at once.
    expect(await json(`${base}/api/health`)).toEqual({
      status: 503,
      body: { status: "unavailable" },
    });
    expect(await json(`${base}/api/ready`)).toEqual({
      status: 503,
      body: { status: "unavailable", database: "unreachable" },
    });

    // An action from the page loaded before: "try again", and nothing changed on the row.
    await makeAdmin(page, row);
    await expect(page.getByText(TRY_AGAIN)).toBeVisible();
    await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();

    // A page: the error page, from the server as from the browser, with no details in either.
    const response = await page.goto(`${base}/users?q=ben.hughes1`);
    expect(response?.status()).toBe(500);
    await expectErrorPage(page);
    const html = await fetch(`${base}/users`, { headers: { cookie } }).then((r) => r.text());
    expect(html).not.toMatch(DETAILS);
    // A visitor's sign-in page too (it asks the database whether there is an organization).
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/sign-in`);
    await expectErrorPage(visitor);

    // The cause went to the server's log, as the error page says.
    const whileDown = readLog(server.logFile).slice(logFrom);
    expect(
      whileDown.some(
        (l) => l.json?.level === "error" && JSON.stringify(l.json.err ?? "").includes("reach"),
      ),
      "an error line with the cause",
    ).toBe(true);

    pg.resume();

    // The same process answers again, within a bounded wait (its pool drops dead connections).
    await expect
      .poll(async () => (await json(`${base}/api/health`)).status, { timeout: 30_000 })
      .toBe(200);
    expect((await json(`${base}/api/ready`)).status).toBe(200);
    // "Try again" renders the page afresh from the server.
    await page.getByRole("button", { name: "Try again" }).click();
    await expect(row.getByRole("cell", { name: "Member", exact: true })).toBeVisible();
    await visitor.getByRole("button", { name: "Try again" }).click();
    await expect(visitor.getByRole("form", { name: "Sign in" })).toBeVisible();
    await visitor.close();
    // And an action goes through.
    await makeAdmin(page, row);
    await expect(page.getByText("Ben Hughes is now an admin")).toBeVisible();
    await expect(row.getByRole("cell", { name: "Admin", exact: true })).toBeVisible();
    const users = await fetch(`${base}/users`, { headers: { cookie } });
    expect(users.status).toBe(200);

    // Never restarted: still running, and every line of its log comes from the one process.
    expect(server.process.exitCode).toBeNull();
    const pids = new Set(readLog(server.logFile).map((l) => l.json?.pid));
    expect(pids.size, "processes that wrote the server's log").toBe(1);
  });
});

/**
 * `serve.mjs <name> <port> --keep` on the embedded database in .e2e/<name>, expected to refuse to
 * start: resolves with its exit code (fails if it answered /api/health instead).
 */
async function refusedStart(name: string): Promise<number | null> {
  const port = await freePort();
  const child = spawn(process.execPath, ["e2e/support/serve.mjs", name, String(port), "--keep"], {
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env },
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const answered = (async () => {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  const first = await Promise.race([exited, answered.then(() => "answered" as const)]);
  if (first === "answered") {
    child.kill("SIGTERM");
    await exited;
    throw new Error(`${name}: the server started on a folder it should have refused`);
  }
  return first;
}

/** The "cannot start" line a refused start logged last. */
function refusal(name: string): string {
  const fatal = readLog(path.join(E2E_DIR, `${name}.log`)).filter((l) => l.json?.level === "fatal");
  const message = fatal.at(-1)?.json?.msg;
  return typeof message === "string" ? message : "";
}

/** Every file under `dir`: its path, size and content hash, to show that nothing changed. */
function fingerprint(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      const hash = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
      return `${path.relative(dir, file)} ${hash}`;
    })
    .sort();
}

/** Makes `dir` read-only: chmod; as root, whom chmod doesn't stop, the immutable attribute. */
function makeReadOnly(dir: string): { undo(): void } | null {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o555);
    return { undo: () => fs.chmodSync(dir, 0o755) };
  }
  if (spawnSync("chattr", ["+i", dir]).status !== 0) return null;
  return { undo: () => void spawnSync("chattr", ["-i", dir]) };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test.describe("the embedded database's folder can't be used", () => {
  test("a read-only DATA_DIR: the server refuses to start, saying so, and the data is intact", async () => {
    test.setTimeout(240_000);
    const name = "outage-read-only";
    const dataDir = path.join(E2E_DIR, name);
    const first = await startServer(name, ["--seed"]);
    first.process.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    const before = fingerprint(dataDir);

    const readOnly = makeReadOnly(dataDir);
    test.skip(readOnly === null, "running as root, and `chattr +i` is not available here");
    let code: number | null;
    try {
      code = await refusedStart(name);
    } finally {
      readOnly?.undo();
    }
    expect(code, "the exit code of a refused start").toBe(1);
    expect(refusal(name)).toMatch(
      new RegExp(
        `^cannot start: The embedded database's folder ${escaped(dataDir)} \\(DATA_DIR\\) can't be used: ` +
          "this process \\(user .*\\) may not write there \\(permission denied\\)",
      ),
    );
    expect(fingerprint(dataDir), "the data folder after the refused start").toEqual(before);

    // Writable again: the same data opens, as it was.
    const again = await startServer(name, ["--keep"]);
    try {
      await signInOverHttp(again.base, demo.owner.email, DEMO_PASSWORD);
    } finally {
      again.process.kill("SIGTERM");
      expect(await again.exited).toBe(0);
    }
  });

  test("a DATA_DIR that is a file: the server refuses to start, saying so", async () => {
    const name = "outage-file";
    const file = path.join(E2E_DIR, name);
    fs.mkdirSync(E2E_DIR, { recursive: true });
    fs.rmSync(file, { recursive: true, force: true });
    fs.writeFileSync(file, "not a folder\n");
    expect(await refusedStart(name)).toBe(1);
    expect(refusal(name)).toBe(
      `cannot start: The embedded database's folder ${file} (DATA_DIR) can't be used: it is a ` +
        "file, not a folder. Point DATA_DIR at a folder. Nothing in it was changed.",
    );
    expect(fs.readFileSync(file, "utf8")).toBe("not a folder\n");
  });
});
