// For the specs that start, stop and restart a production server themselves (shutdown.spec.ts)
// and read the servers' logs (logs.spec.ts): e2e/support/serve.mjs as a child process, signing in
// over plain HTTP, a server action posted as the browser posts it, and the log files.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const E2E_DIR = path.resolve(".e2e");

/** A free TCP port on 127.0.0.1 (the shutdown specs must not take the shared servers' ports). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface RunningServer {
  base: string;
  process: ChildProcess;
  /** Resolves with the exit code (or null when killed by a signal). */
  exited: Promise<number | null>;
  logFile: string;
}

/**
 * `node e2e/support/serve.mjs <name> <port> …flags`, resolved once /api/health answers 200; `env`
 * adds to (or overrides) this process's environment, e.g. another TEST_DATABASE_URL.
 */
export async function startServer(
  name: string,
  flags: string[],
  env: Record<string, string | undefined> = {},
  /** A port chosen beforehand (e.g. one an identity provider's redirect URI names). */
  port?: number,
): Promise<RunningServer> {
  port ??= await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["e2e/support/serve.mjs", name, String(port), ...flags], {
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (gone) throw new Error(`${name}: the server exited before answering (see .e2e/${name}.log)`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name}: no answer from ${base}/api/health within 180 s`);
    }
    const ok = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { base, process: child, exited, logFile: path.join(E2E_DIR, `${name}.log`) };
}

/** The cookies a response sets, as name → value. */
function cookiesOf(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
  return jar;
}

/**
 * Signs in as the sign-in form does, through Auth.js (CSRF token, then the credentials callback).
 * Returns the Cookie header and the session cookie's value.
 */
export async function signInOverHttp(
  base: string,
  email: string,
  password: string,
): Promise<{ cookie: string; sessionToken: string }> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const jar = cookiesOf(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  const signedIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: `${base}/users` }),
  });
  for (const [k, v] of cookiesOf(signedIn)) jar.set(k, v);
  const sessionToken = jar.get("authjs.session-token");
  if (!sessionToken) throw new Error(`Signing in as ${email} failed (${signedIn.status})`);
  return { cookie: header(), sessionToken };
}

/** A server action's id, from the build's manifest (as scripts/bench/http-invite.ts finds it). */
export function actionId(exportedName: string, filename: string): string {
  const file = path.resolve(".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportedName && entry.filename?.endsWith(filename),
  );
  if (!found) throw new Error(`${file} has no server action ${exportedName} from ${filename}`);
  return found[0];
}

/** Posts a server action as React does (its arguments as JSON), from `page`; returns the body. */
export async function postAction(
  base: string,
  page: string,
  id: string,
  cookie: string,
  args: unknown[],
): Promise<{ status: number; body: string }> {
  const response = await fetch(`${base}${page}`, {
    method: "POST",
    headers: {
      cookie,
      accept: "text/x-component",
      "content-type": "text/plain;charset=UTF-8",
      "next-action": id,
      origin: base,
    },
    body: JSON.stringify(args),
  });
  return { status: response.status, body: await response.text() };
}

/** A server's log file, one entry per line: the parsed JSON, or the raw line if it isn't. */
export function readLog(file: string): { raw: string; json: Record<string, unknown> | null }[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((raw) => {
      try {
        const parsed: unknown = JSON.parse(raw);
        return {
          raw,
          json:
            parsed && typeof parsed === "object" && !Array.isArray(parsed)
              ? (parsed as Record<string, unknown>)
              : null,
        };
      } catch {
        return { raw, json: null };
      }
    });
}
