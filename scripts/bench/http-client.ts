// The HTTP benchmark's client side (used by scripts/bench/http.ts): requests over one keep-alive
// connection, signing in as a browser does, the JavaScript a page loads first, and the load test.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";
import autocannon from "autocannon";
import { percentile } from "./measure";

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, decompressed. */
  body: Buffer;
  /** Request sent → last byte of the body received, in ms. */
  ms: number;
}

/** What a browser sends with a page request (gzip accepted, as every browser does). */
const PAGE_HEADERS = {
  accept: "text/html,application/xhtml+xml,*/*;q=0.8",
  "accept-encoding": "gzip",
  "user-agent": "roster-bench",
};

/** One connection, reused: the sequential requests measure the server, not connection set-up. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function request(
  base: URL,
  target: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      new URL(target, base),
      { method: options.method ?? "GET", headers: { ...PAGE_HEADERS, ...options.headers }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const ms = performance.now() - started;
          const raw = Buffer.concat(chunks);
          const body = res.headers["content-encoding"] === "gzip" ? zlib.gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms });
        });
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

/** The cookies a server set, sent back as a browser would (no paths or expiry: one site). */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(reply: Reply) {
    for (const line of reply.headers["set-cookie"] ?? []) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      if (at > 0) this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  has(prefix: string) {
    return [...this.cookies.keys()].some((name) => name.startsWith(prefix));
  }

  header() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/**
 * Signs in with email and password as the sign-in page does, through Auth.js: its CSRF token,
 * then the credentials callback. Returns the Cookie header that carries the session.
 */
export async function signIn(base: URL, email: string, password: string): Promise<string> {
  const jar = new CookieJar();
  const csrf = await request(base, "/api/auth/csrf", { headers: { accept: "application/json" } });
  jar.take(csrf);
  const parsed: unknown = JSON.parse(csrf.body.toString("utf8"));
  const csrfToken =
    parsed && typeof parsed === "object" && "csrfToken" in parsed ? parsed.csrfToken : undefined;
  if (typeof csrfToken !== "string") {
    throw new Error(`GET /api/auth/csrf answered ${csrf.status} without a token.`);
  }
  const signedIn = await request(base, "/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.header() },
    body: new URLSearchParams({
      csrfToken,
      email,
      password,
      callbackUrl: new URL("/users", base).toString(),
    }).toString(),
  });
  jar.take(signedIn);
  if (!jar.has("authjs.session-token")) {
    throw new Error(
      `Signing in as ${email} failed: ${signedIn.status} → ${signedIn.headers.location ?? "(no redirect)"}`,
    );
  }
  return jar.header();
}

export interface ScriptSizes {
  scripts: number;
  bytes: number;
  gzip: number;
  /** `<script nomodule>`: Next.js's polyfills, loaded only by browsers without JS modules. */
  legacy: { scripts: number; bytes: number; gzip: number };
}

/**
 * The JavaScript a page loads first: every `<script src>` in its HTML, and every chunk its inline
 * React Server Components payload names (the client components it renders, e.g. an error
 * boundary's: React loads them while it reads the payload, before the page is interactive;
 * whether Next.js also gives one a `<script>` tag depends on how fast the page's data came), read
 * from the build's .next/static (what the server would send), with its gzip size (zlib's default
 * level, as Next.js compresses). `nomodule` scripts are counted apart: a browser that runs the
 * app's modules never downloads them.
 */
export function firstLoadJs(html: string, nextDir: string): ScriptSizes {
  const scripts = new Map<string, boolean>();
  for (const [tag, source] of html.matchAll(/<script\b[^>]*?\ssrc="([^"]+)"[^>]*>/g)) {
    scripts.set(source!.replace(/&amp;/g, "&"), /\snomodule\b/i.test(tag));
  }
  for (const [source] of html.matchAll(/\/_next\/static\/chunks\/[\w.-]+\.js/g)) {
    if (!scripts.has(source)) scripts.set(source, false);
  }
  const sizes: ScriptSizes = {
    scripts: 0,
    bytes: 0,
    gzip: 0,
    legacy: { scripts: 0, bytes: 0, gzip: 0 },
  };
  for (const [source, legacy] of scripts) {
    const pathname = new URL(source, "http://x").pathname;
    if (!pathname.startsWith("/_next/static/")) continue;
    const file = path.join(nextDir, "static", decodeURIComponent(pathname.slice(14)));
    const content = fs.readFileSync(file);
    const counted = legacy ? sizes.legacy : sizes;
    counted.scripts++;
    counted.bytes += content.length;
    counted.gzip += zlib.gzipSync(content).length;
  }
  return sizes;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  responses: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** Responses by status code. */
  statuses: Map<number, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
}

/** `connections` clients requesting `target` back to back for `seconds` (autocannon). */
export async function loadTest(
  base: URL,
  target: string,
  cookie: string,
  options: { connections: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL(target, base).toString(),
        connections: options.connections,
        duration: options.seconds,
        timeout: 60,
        headers: { ...PAGE_HEADERS, cookie },
      },
      (error: unknown, done: autocannon.Result) => {
        if (error)
          reject(error instanceof Error ? error : new Error("autocannon failed", { cause: error }));
        else resolve(done);
      },
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  latencies.sort((a, b) => a - b);
  return {
    connections: options.connections,
    seconds: result.duration,
    responses: latencies.length,
    perSecond: latencies.length / result.duration,
    p50: latencies.length ? percentile(latencies, 50) : NaN,
    p95: latencies.length ? percentile(latencies, 95) : NaN,
    p99: latencies.length ? percentile(latencies, 99) : NaN,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
