import { NextResponse, type NextRequest } from "next/server";
import { edgeFor } from "@/lib/request/edge";

/**
 * The edge (lib/request/edge.ts) where `npm start`'s server doesn't apply it itself: under
 * `next dev` and `next start`. Behind `npm start` requests arrive marked with EDGE_HEADER, and the
 * matcher leaves them out.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const outcome = edgeFor(
    {
      pathname,
      search,
      hasCookie: (name) => request.cookies.has(name),
      forwardedFor: request.headers.get("x-forwarded-for"),
      https:
        request.nextUrl.protocol === "https:" ||
        request.headers.get("x-forwarded-proto") === "https",
    },
    process.env.NODE_ENV !== "production",
  );
  if (outcome.kind === "bad-request") {
    return new NextResponse(outcome.body, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  if (outcome.kind === "sign-in") {
    return NextResponse.redirect(new URL(outcome.location, request.url));
  }
  const requestHeaders = new Headers(request.headers);
  for (const [name, value] of outcome.requestHeaders) {
    if (value === null) requestHeaders.delete(name);
    else requestHeaders.set(name, value);
  }
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of outcome.responseHeaders) response.headers.set(name, value);
  return response;
}

export const config = {
  // The paths lib/request/edge.ts's `unguarded` leaves alone are left out here too (Next.js needs
  // the matcher written out in this file), and so are requests the server has passed through the
  // edge already (EDGE_HEADER).
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-touch-icon.png).*)",
      missing: [{ type: "header", key: "x-roster-edge" }],
    },
  ],
};
