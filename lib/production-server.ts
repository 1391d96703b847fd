import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { format, stripVTControlCharacters } from "node:util";
import type { Logger } from "pino";
import { runShutdownHooks } from "@/lib/lifecycle";
import { closeLog, log, requestLog } from "@/lib/log";
import { requestContextStorage, type RequestContext } from "@/lib/request/context";
import { EDGE_HEADER, edgeFor, edgeSecret, SECURITY_HEADERS, unguarded } from "@/lib/request/edge";

/**
 * What the production server (server.mjs, not bundled) takes from the app once Next.js has loaded
 * it: each request's id, context and log line, the logger, and the shutdown hooks. server.mjs
 * leaves a slot on globalThis before it loads Next.js; the app hands these over through it when it
 * has started (instrumentation.ts), and server.mjs listens only then.
 */
export interface ServerHooks {
  log: Logger;
  serveRequest: typeof serveRequest;
  requestsSettled: typeof requestsSettled;
  captureConsole: typeof captureConsole;
  runShutdownHooks: typeof runShutdownHooks;
  /** Writes out the logger's last lines (lib/log.ts); server.mjs awaits it before it exits. */
  closeLog: () => Promise<void>;
}

const SLOT = Symbol.for("roster.server");

/** Hands the hooks to server.mjs; does nothing under `next dev`, which has no server.mjs. */
export function exposeToServer(): void {
  const slots = globalThis as typeof globalThis & {
    [SLOT]?: { expose?: (hooks: ServerHooks) => void };
  };
  slots[SLOT]?.expose?.({
    log,
    serveRequest,
    requestsSettled,
    captureConsole,
    runShutdownHooks,
    closeLog: () => closeLog(log),
  });
}

/**
 * The routes whose next path segment is a secret (app/(auth)/<route>/[token]): an invitation,
 * a password reset, an email confirmation. A test keeps this list in step with app/.
 */
export const TOKEN_ROUTES = ["invite", "reset-password", "confirm-email"] as const;
const tokenRoutes = new Set<string>(TOKEN_ROUTES);

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/**
 * The request's path as it may be logged: no query string (search terms, callback URLs, tokens
 * in Auth.js links), and the segment after a token route replaced by `[token]`.
 */
export function routeForLog(url: string | undefined): string {
  let target = url ?? "/";
  // A proxy-style absolute URL ("http://host/path").
  if (!target.startsWith("/")) {
    try {
      target = new URL(target).pathname;
    } catch {
      return "[unparsable]";
    }
  }
  const end = target.search(/[?#]/);
  const segments = (end === -1 ? target : target.slice(0, end)).slice(0, 2048).split("/");
  let previous = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === "") continue; // "//invite//token" reaches the same page
    if (tokenRoutes.has(decoded(previous))) segments[i] = "[token]";
    previous = segment;
  }
  return segments.join("/");
}

const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** A caller's (or proxy's) X-Request-Id when it is a plain token of 8–128 characters, else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && WELL_FORMED_ID.test(given) ? given : randomUUID();
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Requests whose handler is still running, and who waits for there to be none. */
let underWay = 0;
let settledWaiters: (() => void)[] = [];

/**
 * Resolves once no request's handler is running (at once when none is). A request outlives its
 * connection when the client leaves before the answer (a closed tab, a load balancer's timeout):
 * its server action or page goes on and still needs the database, so a graceful shutdown waits
 * for this as well as for the connections to close (server.mjs).
 */
export function requestsSettled(): Promise<void> {
  if (underWay === 0) return Promise.resolve();
  return new Promise((resolve) => settledWaiters.push(resolve));
}

/**
 * Serves one request through `handler` inside its context (lib/request/context.ts), echoes its id
 * in `X-Request-Id`, and writes its line when the response has been sent (or the client left):
 * method, route, status, duration, request id, and the caller's user and organization ids when
 * the app resolved them.
 */
export async function serveRequest(
  req: IncomingMessage,
  res: ServerResponse,
  handler: Handler,
): Promise<void> {
  const started = performance.now();
  const context: RequestContext = { requestId: requestIdFrom(req.headers["x-request-id"]) };
  req.headers["x-request-id"] = context.requestId;
  res.setHeader("X-Request-Id", context.requestId);
  const method = req.method ?? "GET";
  const route = routeForLog(req.url);
  let written = false;
  const writeLine = () => {
    if (written) return;
    written = true;
    const line = {
      requestId: context.requestId,
      method,
      route,
      status: res.statusCode,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(context.userId ? { userId: context.userId } : {}),
      ...(context.organizationId ? { organizationId: context.organizationId } : {}),
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (res.statusCode >= 500) requestLog.error(line, "request");
    else requestLog.info(line, "request");
  };
  res.once("finish", writeLine);
  res.once("close", writeLine);
  underWay++;
  try {
    await requestContextStorage().run(context, async () => {
      try {
        if (answeredAtTheEdge(req, res)) return;
        await handler(req, res);
      } catch (err) {
        log.error({ err }, "request handler failed");
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      }
    });
  } finally {
    underWay--;
    if (underWay === 0) {
      const waiters = settledWaiters;
      settledWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}

/** Whether a Cookie header carries a cookie of the given name (only the names are read). */
function hasCookieIn(header: string | undefined): (name: string) => boolean {
  const names = new Set(
    (header ?? "").split(";").map((pair) => {
      const at = pair.indexOf("=");
      return (at === -1 ? pair : pair.slice(0, at)).trim();
    }),
  );
  return (name) => names.has(name);
}

/**
 * Passes the request through the edge (lib/request/edge.ts) as proxy.ts would, and marks it with
 * EDGE_HEADER (this process's secret) so that Next.js doesn't run proxy.ts as well. True when the
 * edge has answered it (400, or to /sign-in).
 */
function answeredAtTheEdge(req: IncomingMessage, res: ServerResponse): boolean {
  // Whatever the client sent: only this server marks a request.
  delete req.headers[EDGE_HEADER];
  const url = new URL(req.url ?? "/", "http://roster.invalid");
  if (unguarded(url.pathname)) return false;
  const forwardedFor = req.headers["x-forwarded-for"];
  const outcome = edgeFor(
    {
      pathname: url.pathname,
      search: url.search,
      hasCookie: hasCookieIn(req.headers.cookie),
      forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(", ") : (forwardedFor ?? null),
      https:
        ("encrypted" in req.socket && req.socket.encrypted === true) ||
        req.headers["x-forwarded-proto"] === "https",
    },
    process.env.NODE_ENV !== "production",
  );
  if (outcome.kind !== "pass") {
    for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
    if (outcome.kind === "bad-request") {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end(outcome.body);
    } else {
      res.writeHead(307, { Location: outcome.location }).end();
    }
    return true;
  }
  for (const [name, value] of outcome.requestHeaders) {
    if (value === null) delete req.headers[name];
    else req.headers[name] = value;
  }
  for (const [name, value] of outcome.responseHeaders) res.setHeader(name, value);
  req.headers[EDGE_HEADER] = edgeSecret();
  return false;
}

const CONSOLE_LEVELS = {
  error: "error",
  warn: "warn",
  info: "info",
  log: "info",
  debug: "debug",
  trace: "trace",
} as const;

/**
 * Turns what other code prints with console.* (Next.js's own messages, libraries) into log lines,
 * so the server's output is JSON lines only (colours removed). An Error among the arguments
 * becomes `err`.
 */
export function captureConsole(): void {
  for (const [method, level] of Object.entries(CONSOLE_LEVELS) as [
    keyof typeof CONSOLE_LEVELS,
    (typeof CONSOLE_LEVELS)[keyof typeof CONSOLE_LEVELS],
  ][]) {
    // eslint-disable-next-line no-console -- replaces console's methods; prints nothing itself
    console[method] = (...args: unknown[]) => {
      const err = args.find((arg) => arg instanceof Error);
      const rest = err === undefined ? args : args.filter((arg) => arg !== err);
      const message = stripVTControlCharacters(format(...rest));
      log[level]({ console: method, ...(err ? { err } : {}) }, message);
    };
  }
}
