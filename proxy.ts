import { NextResponse, type NextRequest } from "next/server";
import { FORWARDED_FOR_HEADER } from "@/lib/request/client-address";

// Pages anyone may open; everything else needs a session cookie. The proxy only routes: who the
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

function contentSecurityPolicy(nonce: string, dev: boolean): string {
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

/**
 * The longest path and query carried to /sign-in as its callback URL. Encoded again there, it
 * grows up to three times; much longer, and the browser's request for /sign-in would pass the
 * 16 KB Node.js accepts for a request's head (431) — better to sign in and land on the home page.
 */
const MAX_CALLBACK_URL = 2_000;

/** A path whose percent-escapes don't decode (`/invite/%`, `/invite/%ED%A0%80`: not UTF-8). */
function undecodable(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // Next.js decodes a dynamic segment before the page runs, and answered these with 500.
  if (undecodable(pathname)) {
    return new NextResponse("Bad request: the address is not valid.\n", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const isPublic = PUBLIC_PREFIXES.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (!isPublic && !hasSession) {
    const url = new URL("/sign-in", request.url);
    const callbackUrl = `${pathname}${search}`;
    if (pathname !== "/" && callbackUrl.length <= MAX_CALLBACK_URL) {
      url.searchParams.set("callbackUrl", callbackUrl);
    }
    return NextResponse.redirect(url);
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  // The client's address (lib/request/client-address.ts): Next.js writes the connecting address to
  // X-Forwarded-For only when the request has none, so the incoming list is moved aside (replacing
  // any FORWARDED_FOR_HEADER the client sent) and Next.js then puts the socket's address there.
  const forwardedFor = request.headers.get("x-forwarded-for");
  requestHeaders.delete("x-forwarded-for");
  if (forwardedFor) requestHeaders.set(FORWARDED_FOR_HEADER, forwardedFor);
  else requestHeaders.delete(FORWARDED_FOR_HEADER);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  const https =
    request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (https)
    response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  // The files in public/ are served to anyone, signed in or not (a browser fetches the icons
  // before anyone signs in). Everything else passes through here, as every page, action and route
  // handler that reads the client's address must (see FORWARDED_FOR_HEADER above).
  matcher: [
    { source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-touch-icon.png).*)" },
  ],
};
