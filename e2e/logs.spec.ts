import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { listEmails } from "./support/mailbox";
import { DEMO_PASSWORD, demo } from "./support/people";
import { E2E_DIR, readLog, signInOverHttp, startServer } from "./support/server-process";

// Runs after every other project (playwright.config.ts): the servers' logs (.e2e/*.log, written
// by e2e/support/serve.mjs) are JSON lines, and hold none of the secrets the run used — the
// tokens of every link the fake Resend received, the demo invitation links, the passwords the
// specs typed, and a session cookie.

const TOKEN_ROUTES = ["invite", "reset-password", "confirm-email"];

/** The secret parts of a link: a token route's next segment, and every long query value. */
function secretsOf(link: string): string[] {
  const url = new URL(link);
  const segments = url.pathname.split("/").filter(Boolean);
  const found = segments.filter((_, i) => i > 0 && TOKEN_ROUTES.includes(segments[i - 1]!));
  for (const value of url.searchParams.values()) if (value.length >= 16) found.push(value);
  return found;
}

const links = (text: string) => text.match(/https?:\/\/[^\s<>"']+/g) ?? [];

/** Passwords the specs type or define (a field labelled …password…, or a …password constant). */
function specPasswords(): string[] {
  const found = new Set<string>([DEMO_PASSWORD]);
  for (const file of fs.readdirSync("e2e").filter((f) => f.endsWith(".spec.ts"))) {
    const source = fs.readFileSync(path.join("e2e", file), "utf8");
    for (const pattern of [
      /assword[^)\n]*\)\s*\.fill\("([^"]{8,})"\)/g,
      /(?:assword|passphrase)\w*\s*=\s*"([^"]{8,})"/gi,
    ]) {
      for (const match of source.matchAll(pattern)) found.add(match[1]!);
    }
  }
  return [...found];
}

test("the servers' logs are JSON lines with no token, password, session cookie or email text in them", async ({
  baseURL,
}) => {
  const base = baseURL!;
  // A signed-in request of our own, with an id to find its line by.
  const { cookie, sessionToken } = await signInOverHttp(base, demo.owner.email, DEMO_PASSWORD);
  const requestId = `logs-spec-${Date.now()}`;
  const users = await fetch(`${base}/users?q=owner`, {
    headers: { cookie, "x-request-id": requestId },
  });
  expect(users.status).toBe(200);
  expect(users.headers.get("x-request-id")).toBe(requestId);

  const secrets = new Map<string, string>();
  for (const message of await listEmails()) {
    for (const link of links(`${message.text ?? ""}\n${message.html ?? ""}`)) {
      for (const secret of secretsOf(link)) secrets.set(secret, `a link in "${message.subject}"`);
    }
  }
  const seeded = path.join(E2E_DIR, "app-invitations.json");
  if (fs.existsSync(seeded)) {
    for (const link of links(fs.readFileSync(seeded, "utf8"))) {
      for (const secret of secretsOf(link)) secrets.set(secret, "a demo invitation link");
    }
  }
  expect(
    [...secrets.values()].filter((what) => what.startsWith("a link")).length,
    "the run's emails had links with tokens",
  ).toBeGreaterThan(0);
  // The emails' text itself, line by line (a link-free sentence long enough to be the email's own).
  for (const message of await listEmails()) {
    for (const line of (message.text ?? "").split("\n")) {
      const sentence = line.trim();
      if (sentence.length >= 30 && links(sentence).length === 0) {
        secrets.set(sentence, `the text of "${message.subject}"`);
      }
    }
  }
  expect(
    [...secrets.values()].filter((what) => what.startsWith("the text")).length,
    "the run's emails had text",
  ).toBeGreaterThan(0);
  for (const password of specPasswords()) secrets.set(password, "a password");
  secrets.set(sessionToken, "a session cookie");

  const files = fs.readdirSync(E2E_DIR).filter((f) => f.endsWith(".log"));
  expect(files).toEqual(expect.arrayContaining(["app.log", "first-run.log"]));
  let ourLine: Record<string, unknown> | undefined;
  await expect
    .poll(() => {
      ourLine =
        readLog(path.join(E2E_DIR, "app.log")).find(
          (l) => l.json?.msg === "request" && l.json.requestId === requestId,
        )?.json ?? undefined;
      return ourLine;
    })
    .toBeTruthy();
  // The request's line: method, route without its query, status, duration, and the caller.
  expect(ourLine).toMatchObject({
    level: "info",
    time: expect.any(String),
    method: "GET",
    route: "/users",
    status: 200,
    durationMs: expect.any(Number),
    userId: expect.any(String),
    organizationId: expect.any(String),
  });

  for (const file of files) {
    const lines = readLog(path.join(E2E_DIR, file));
    const text = lines.map((l) => l.raw).join("\n");
    expect(
      lines.filter((l) => l.json === null).map((l) => l.raw),
      `${file}: lines that are not JSON`,
    ).toEqual([]);
    for (const { json } of lines) {
      expect(
        json,
        `${file}: every line has a level, a time, its process and a message`,
      ).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        pid: expect.any(Number),
        hostname: expect.any(String),
        msg: expect.any(String),
      });
      if (json?.msg === "request") {
        expect(json).toMatchObject({
          requestId: expect.any(String),
          method: expect.any(String),
          route: expect.stringMatching(/^\/[^?]*$/),
          status: expect.any(Number),
          durationMs: expect.any(Number),
        });
      }
    }
    const leaked = [...secrets].filter(([secret]) => text.includes(secret)).map(([, what]) => what);
    expect(leaked, `${file}: secrets in the log`).toEqual([]);
  }
});

test("LOG_LEVEL=warn: no line below warn, from the server's first line on", async () => {
  test.setTimeout(120_000);
  const stop = async (server: Awaited<ReturnType<typeof startServer>>) => {
    const signIn = await fetch(`${server.base}/sign-in`);
    expect(signIn.status).toBe(200);
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  };
  // The default level first: the start, the requests and the stop are logged at info…
  const name = "log-level";
  await stop(await startServer(name, [], { LOG_LEVEL: undefined }));
  const atInfo = readLog(path.join(E2E_DIR, `${name}.log`));
  const messages = atInfo.map((line) => String(line.json?.msg));
  expect(messages).toEqual(expect.arrayContaining(["listening", "request", "stopped"]));
  expect(messages.some((msg) => msg.includes("next.config"))).toBe(true); // Next.js's own line
  // …and none of them at warn, the same server on the same data.
  await stop(await startServer(name, ["--keep"], { LOG_LEVEL: "warn" }));
  const atWarn = readLog(path.join(E2E_DIR, `${name}.log`)).slice(atInfo.length);
  expect(
    atWarn.filter((line) => !["warn", "error", "fatal"].includes(String(line.json?.level))),
    "lines below warn",
  ).toEqual([]);
});

test("a .env file is read from the server's first line, and Next.js's compiler is not loaded", async () => {
  test.setTimeout(120_000);
  // npm start hands Next.js the built configuration (server.mjs), so Next.js neither reads the
  // .env files nor compiles next.config.ts with its native compiler: server.mjs reads them.
  const dotenv = ".env.production.local";
  expect(fs.existsSync(dotenv), `${dotenv} would be overwritten`).toBe(false);
  fs.writeFileSync(dotenv, "LOG_LEVEL=warn\n");
  const name = "dotenv";
  try {
    const server = await startServer(name, [], { LOG_LEVEL: undefined });
    expect((await fetch(`${server.base}/sign-in`)).status).toBe(200);
    // The server's own process, which serve.mjs runs (Linux shows what a process has mapped).
    const children = `/proc/${server.process.pid}/task/${server.process.pid}/children`;
    if (fs.existsSync(children)) {
      const [pid] = fs.readFileSync(children, "utf8").trim().split(/\s+/);
      const maps = fs.readFileSync(`/proc/${pid}/maps`, "utf8");
      expect(maps).toMatch(/\/node\b/); // the server's process indeed
      expect(maps).not.toMatch(/next-swc/);
    }
    server.process.kill("SIGTERM");
    expect(await server.exited).toBe(0);
  } finally {
    fs.rmSync(dotenv, { force: true });
  }
  // At the default level the start alone is logged at info (the test above).
  const lines = readLog(path.join(E2E_DIR, `${name}.log`));
  expect(
    lines.filter((line) => !["warn", "error", "fatal"].includes(String(line.json?.level))),
    "lines below warn",
  ).toEqual([]);
});
