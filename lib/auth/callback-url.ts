import { NextRequest } from "next/server";
import { config } from "@/lib/config";

// Control characters (TAB, CR, LF, NUL, DEL, …): the URL parser drops some of them silently, so
// "/\t/evil.example" would reach a browser as "//evil.example". Refused rather than stripped.
const CONTROL_CHARACTERS = /\p{Cc}/u;

function appOrigin(): string {
  try {
    return new URL(config.appUrl).origin;
  } catch {
    return "http://localhost";
  }
}

/**
 * Where to send someone after signing in: only a path on this app. The value is parsed as a URL
 * against the app's origin (APP_URL), and anything that resolves to another origin (`//host`,
 * `/\host`, `https://host`, `javascript:`), or holds a control character, gives `fallback`. What is
 * returned is the normalized path, query and fragment, never a full address.
 */
export function safeCallbackUrl(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value === "" || CONTROL_CHARACTERS.test(value)) return fallback;
  const origin = appOrigin();
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as a host.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}

/** Auth.js's own test of a callback URL (@auth/core lib/utils/assert.js): an http(s) URL. */
function authJsTakes(value: string, origin: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? origin : undefined).protocol);
  } catch {
    return false;
  }
}

// The cookie in which Auth.js keeps the callback URL, by its two names (the second on https).
const CALLBACK_URL_COOKIES = new Set(["authjs.callback-url", "__Secure-authjs.callback-url"]);

/**
 * The request's Cookie header without a callback-URL cookie that Auth.js would refuse, or null when
 * there is none to drop. Values are read as Auth.js reads them (URI-decoded when they decode).
 */
function withoutInvalidCallbackCookie(cookieHeader: string | null, origin: string): string | null {
  if (!cookieHeader) return null;
  const pairs = cookieHeader.split(";");
  const kept = pairs.filter((pair) => {
    const separator = pair.indexOf("=");
    if (separator < 0) return true;
    const name = pair.slice(0, separator).trim();
    if (!CALLBACK_URL_COOKIES.has(name)) return true;
    let value = pair.slice(separator + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Kept as sent, as Auth.js's cookie parser does.
    }
    return value === "" || authJsTakes(value, origin);
  });
  return kept.length === pairs.length ? null : kept.join(";");
}

/**
 * Auth.js's routes (/api/auth/*) behind a check of their callback URL: Auth.js answers one that is
 * no http(s) URL (`?callbackUrl=%00`, `?callbackUrl=x`) with 500, "There was a problem with the
 * server configuration", even on the session check.
 * - In the query, the mistake is the request's: 400 instead. Only the last value counts when the key
 *   repeats, as Auth.js reads the query.
 * - In Auth.js's callback-URL cookie, it is the browser's state: refusing would refuse every
 *   request from that browser until it closed, so the cookie is dropped from the request and
 *   Auth.js carries on as if it had never been set.
 */
export function refuseInvalidCallbackUrl(
  handler: (request: NextRequest) => Promise<Response>,
): (request: NextRequest) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const value = url.searchParams.getAll("callbackUrl").at(-1);
    if (value && !authJsTakes(value, url.origin)) {
      return Response.json({ message: "The callback URL is not valid." }, { status: 400 });
    }
    const cookie = withoutInvalidCallbackCookie(request.headers.get("cookie"), url.origin);
    if (cookie === null) return handler(request);
    const headers = new Headers(request.headers);
    headers.set("cookie", cookie);
    return handler(new NextRequest(request, { headers }));
  };
}
