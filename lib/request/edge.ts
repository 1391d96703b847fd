// What happens to a request before Next.js routes it: the session-cookie gate, the Content
// Security Policy with a fresh nonce, HSTS, and the client's X-Forwarded-For moved aside
// (lib/request/client-address.ts). Decided here, applied in one of two places:
//
// - `npm start` (server.mjs → lib/production-server.ts) applies it to each request itself, then
//   marks the request with EDGE_HEADER so that Next.js skips proxy.ts: running Next.js's proxy
//   (middleware) cost the server ~0.9 ms of its JavaScript thread per page, a tenth of a Users
//   list page under load.
// - Anywhere else (`next dev`, `next start`) proxy.ts applies it.
//
// A client may send EDGE_HEADER too. Behind `npm start` it is replaced; elsewhere it skips
// proxy.ts, so the X-Forwarded-For headers are believed only when EDGE_HEADER is absent or
// carries this process's own secret (`edgeVouches`).
import { randomBytes } from "node:crypto";

/**
 * Headers every response carries (next.config.ts gives them to Next.js's; the server's edge to
 * the answers it gives itself).
 */
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** Set on a request the server has already passed through the edge; proxy.ts skips those. */
export const EDGE_HEADER = "x-roster-edge";

/** Where the edge keeps the X-Forwarded-For the request arrived with (it overwrites any sent). */
export const FORWARDED_FOR_HEADER = "x-roster-forwarded-for";

// Pages anyone may open; everything else needs a session cookie. The edge only routes: who the
// session belongs to and what they may do is checked against the database by every page and action.
const PUBLIC_PREFIXES = [
  "/sign-in",
  "/setup",
  "/forgot-password",
  "/reset-password",
  "/confirm-email",
  "/invite",
  "/api/auth",
  "/api/health",
  "/api/ready",
  // Single sign-on: starting it, and the identity provider sending the browser back.
  "/api/sso/start",
  "/api/sso/callback",
  // Authenticates itself: a request signed with AUTH_SECRET by `npm run db:backup` (lib/db/backup.ts).
  "/api/db-backup",
];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

/**
 * Paths the edge leaves alone: the built assets and the files in public/, served to anyone,
 * signed in or not (a browser fetches the icons before anyone signs in). proxy.ts's matcher says
 * the same; everything else passes through the edge, as every page, action and route handler
 * that reads the client's address must.
 */
const UNGUARDED_PREFIXES = [
  "/_next/static",
  "/_next/image",
  "/favicon.ico",
  "/icon.svg",
  "/apple-touch-icon.png",
];

/**
 * The longest path and query carried to /sign-in as its callback URL. Encoded again there, it
 * grows up to three times; much longer, and the browser's request for /sign-in would pass the
 * 16 KB Node.js accepts for a request's head (431) — better to sign in and land on the home page.
 */
const MAX_CALLBACK_URL = 2_000;

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/** A path whose percent-escapes don't decode (`/invite/%`, `/invite/%ED%A0%80`: not UTF-8). */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/** Whether the edge leaves this path alone (proxy.ts's matcher leaves out the same). */
export function unguarded(pathname: string): boolean {
  return UNGUARDED_PREFIXES.some((prefix) => pathname.startsWith(prefix));
}

export interface EdgeRequest {
  pathname: string;
  /** The query with its "?", or "". */
  search: string;
  hasCookie(name: string): boolean;
  /** The X-Forwarded-For the request arrived with. */
  forwardedFor: string | null;
  /** Reached over HTTPS (the connection, or X-Forwarded-Proto). */
  https: boolean;
}

export type EdgeOutcome =
  | { kind: "bad-request"; body: string }
  /** To /sign-in: `location` is a path with its query. */
  | { kind: "sign-in"; location: string }
  | {
      kind: "pass";
      /** Request headers to set (null: remove), in this order. */
      requestHeaders: [name: string, value: string | null][];
      /** Response headers to add. */
      responseHeaders: [name: string, value: string][];
    };

/** What the edge does with a request. */
export function edgeFor(request: EdgeRequest, dev: boolean): EdgeOutcome {
  const { pathname, search } = request;
  // Next.js decodes a dynamic segment before the page runs, and answered these with 500.
  if (undecodable(pathname)) {
    return { kind: "bad-request", body: "Bad request: the address is not valid.\n" };
  }
  const isPublic = PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSession = SESSION_COOKIES.some((name) => request.hasCookie(name));
  if (!isPublic && !hasSession) {
    const callbackUrl = `${pathname}${search}`;
    const carried = pathname !== "/" && callbackUrl.length <= MAX_CALLBACK_URL;
    return {
      kind: "sign-in",
      location: carried
        ? `/sign-in?${new URLSearchParams({ callbackUrl }).toString()}`
        : "/sign-in",
    };
  }

  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, dev);
  return {
    kind: "pass",
    requestHeaders: [
      ["x-nonce", nonce],
      // The client's address (lib/request/client-address.ts): Next.js writes the connecting
      // address to X-Forwarded-For only when the request has none, so the incoming list is moved
      // aside (replacing any FORWARDED_FOR_HEADER the client sent) and Next.js then puts the
      // socket's address there.
      ["x-forwarded-for", null],
      [FORWARDED_FOR_HEADER, request.forwardedFor],
      // Next.js reads the nonce for its own scripts from here.
      ["content-security-policy", csp],
    ],
    responseHeaders: [
      ["Content-Security-Policy", csp],
      ...(request.https
        ? [["Strict-Transport-Security", "max-age=63072000; includeSubDomains"] as [string, string]]
        : []),
    ],
  };
}

// One secret per process, whichever of Next.js's server bundles asks first.
const SLOT = Symbol.for("roster.edge-secret");
const slots = globalThis as typeof globalThis & { [SLOT]?: string };

/** The value EDGE_HEADER carries on a request this process's server passed through the edge. */
export function edgeSecret(): string {
  return (slots[SLOT] ??= randomBytes(24).toString("base64url"));
}

interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Whether the request's headers went through the edge: proxy.ts ran (no EDGE_HEADER), or this
 * process's server applied it (EDGE_HEADER is its secret). Otherwise a client sent EDGE_HEADER
 * itself to skip proxy.ts (`next dev`, `next start`), and its X-Forwarded-For headers are its own.
 */
export function edgeVouches(headers: HeaderReader): boolean {
  const mark = headers.get(EDGE_HEADER);
  return mark === null || mark === edgeSecret();
}
