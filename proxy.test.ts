import { unstable_doesMiddlewareMatch } from "next/experimental/testing/server";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { clientAddress, FORWARDED_FOR_HEADER } from "@/lib/request/client-address";
import { EDGE_HEADER, unguarded } from "@/lib/request/edge";
import { config, proxy } from "./proxy";

/** A request to a public page (no session cookie needed), with the headers the client sent. */
function requestWith(headers: Record<string, string>, path = "/sign-in"): NextRequest {
  return new NextRequest(`http://localhost:3000${path}`, { headers });
}

/**
 * The headers the page or action behind the proxy receives, as Next.js builds them from the
 * proxy's response (next/dist/server/lib/router-utils/resolve-routes.js): exactly the headers the
 * proxy passed on (`x-middleware-override-headers`, each value in `x-middleware-request-<name>`),
 * then X-Forwarded-For set to the socket's address only when it is not there any more
 * (next/dist/server/base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`).
 */
function headersBehindProxy(request: NextRequest, socketAddress: string): Headers {
  const response = proxy(request);
  const overridden = response.headers.get("x-middleware-override-headers");
  if (overridden === null) throw new Error(`the proxy did not pass the request on`);
  const headers = new Headers();
  for (const name of overridden.split(",").map((key) => key.trim())) {
    const value = response.headers.get(`x-middleware-request-${name}`);
    if (value !== null) headers.set(name, value);
  }
  if (!headers.has("x-forwarded-for")) headers.set("x-forwarded-for", socketAddress);
  return headers;
}

const SOCKET = "198.51.100.7";

describe("proxy: the incoming X-Forwarded-For", () => {
  it("moves the client's X-Forwarded-For aside, so the socket's address takes its place", () => {
    const request = requestWith({ "x-forwarded-for": "6.6.6.6, 7.7.7.7" });
    const response = proxy(request);
    const passedOn = (response.headers.get("x-middleware-override-headers") ?? "").split(",");
    expect(passedOn).not.toContain("x-forwarded-for");
    expect(response.headers.get("x-middleware-request-x-forwarded-for")).toBeNull();
    expect(response.headers.get(`x-middleware-request-${FORWARDED_FOR_HEADER}`)).toBe(
      "6.6.6.6, 7.7.7.7",
    );

    const seen = headersBehindProxy(requestWith({ "x-forwarded-for": "6.6.6.6, 7.7.7.7" }), SOCKET);
    expect(seen.get("x-forwarded-for")).toBe(SOCKET);
    expect(seen.get(FORWARDED_FOR_HEADER)).toBe("6.6.6.6, 7.7.7.7");
  });

  it("a forged leftmost entry is never the client's address: with no trusted proxy, the socket's", () => {
    for (const forged of ["6.6.6.6", "6.6.6.6, 10.0.0.1", "not an address", "127.0.0.1"]) {
      const seen = headersBehindProxy(requestWith({ "x-forwarded-for": forged }), SOCKET);
      expect(clientAddress(seen, 0)).toBe(SOCKET);
    }
  });

  it("behind one trusted proxy that appends, the address that proxy saw, not the forged one", () => {
    // The client wrote 6.6.6.6; the proxy (10.0.0.2, the socket) appended the client's real address.
    const seen = headersBehindProxy(
      requestWith({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }),
      "10.0.0.2",
    );
    expect(clientAddress(seen, 1)).toBe("203.0.113.9");
    expect(clientAddress(seen, 0)).toBe("10.0.0.2");
  });

  it("replaces a FORWARDED_FOR_HEADER the client sent itself, or removes it when there is no X-Forwarded-For", () => {
    const both = headersBehindProxy(
      requestWith({ [FORWARDED_FOR_HEADER]: "1.1.1.1", "x-forwarded-for": "203.0.113.9" }),
      "10.0.0.2",
    );
    expect(both.get(FORWARDED_FOR_HEADER)).toBe("203.0.113.9");
    expect(clientAddress(both, 1)).toBe("203.0.113.9");

    const smuggled = headersBehindProxy(requestWith({ [FORWARDED_FOR_HEADER]: "1.1.1.1" }), SOCKET);
    expect(smuggled.has(FORWARDED_FOR_HEADER)).toBe(false);
    expect(clientAddress(smuggled, 0)).toBe(SOCKET);
    // Even trusting a proxy, nothing the client wrote is left to count from.
    expect(clientAddress(smuggled, 1)).toBe(SOCKET);
  });

  it("without any X-Forwarded-For, the page sees only the socket's address", () => {
    const seen = headersBehindProxy(requestWith({}), SOCKET);
    expect(seen.has(FORWARDED_FOR_HEADER)).toBe(false);
    expect(clientAddress(seen, 0)).toBe(SOCKET);
  });

  it("does the same on pages behind the session gate", () => {
    const seen = headersBehindProxy(
      new NextRequest("http://localhost:3000/users", {
        headers: { "x-forwarded-for": "6.6.6.6", cookie: "authjs.session-token=abc" },
      }),
      SOCKET,
    );
    expect(seen.get(FORWARDED_FOR_HEADER)).toBe("6.6.6.6");
    expect(clientAddress(seen, 0)).toBe(SOCKET);
  });
});

describe("proxy: addresses it refuses or shortens", () => {
  it.each([
    "/invite/%",
    "/invite/%zz",
    "/confirm-email/%ED%A0%80",
    "/reset-password/%C0%80",
    "/users/%E2%80",
  ])("answers 400 to a path whose escapes don't decode: %s", async (path) => {
    const response = proxy(requestWith({}, path));
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/^Bad request/);
  });

  it.each(["/invite/abc", "/invite/%25", "/users/%E2%80%AE", "/users?q=%zz"])(
    "passes %s on",
    (path) => {
      const response = proxy(requestWith({ cookie: "authjs.session-token=x" }, path));
      expect(response.headers.get("x-middleware-next")).toBe("1");
    },
  );

  it("sends a signed-out visitor to /sign-in with the address to come back to", () => {
    const response = proxy(requestWith({}, "/users?q=ava"));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(
      "http://localhost:3000/sign-in?callbackUrl=%2Fusers%3Fq%3Dava",
    );
  });

  it("leaves out an address too long to carry (the sign-in request would pass Node's 16 KB)", () => {
    const response = proxy(requestWith({}, `/users?q=${"x".repeat(5_000)}`));
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe("http://localhost:3000/sign-in");
  });
});

describe("proxy: which requests it sees", () => {
  const runs = (path: string, headers: Record<string, string> = {}) =>
    unstable_doesMiddlewareMatch({ config, url: path, headers });

  it("sees every page, action and route handler, and leaves out what the edge leaves alone", () => {
    for (const path of [
      "/",
      "/users",
      "/users/abc?tab=roles",
      "/api/health",
      "/sign-in",
      "/_next/data/x.json",
      "/_next/static/chunks/app.js",
      "/_next/image?url=x",
      "/favicon.ico",
      "/icon.svg",
      "/apple-touch-icon.png",
    ]) {
      expect(runs(path), path).toBe(!unguarded(new URL(path, "http://x").pathname));
    }
  });

  it("leaves out a request the server has passed through the edge (EDGE_HEADER)", () => {
    expect(runs("/users", { [EDGE_HEADER]: "a-secret" })).toBe(false);
    expect(runs("/users", { cookie: "authjs.session-token=x" })).toBe(true);
  });
});
