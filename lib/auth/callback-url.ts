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

/**
 * Auth.js's routes (/api/auth/*) behind a check of their `?callbackUrl=`: Auth.js answers one that
 * is no http(s) URL (`?callbackUrl=%00`, `?callbackUrl=x`) with 500, "There was a problem with the
 * server configuration", even on the session check. The mistake is the request's: 400 instead.
 * Only the last value counts when the key repeats, as Auth.js reads the query.
 */
export function refuseInvalidCallbackUrl<R extends Request>(
  handler: (request: R) => Promise<Response>,
): (request: R) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const value = url.searchParams.getAll("callbackUrl").at(-1);
    if (value && !authJsTakes(value, url.origin)) {
      return Response.json({ message: "The callback URL is not valid." }, { status: 400 });
    }
    return handler(request);
  };
}
