import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { refuseInvalidCallbackUrl, safeCallbackUrl } from "./callback-url";

beforeEach(() => {
  vi.stubEnv("APP_URL", "https://roster.example");
});
afterEach(() => {
  vi.unstubAllEnvs();
});

// Each of these, put after a redirect to "/" on the app's own host or used as a Location header,
// would take a browser to another site (or run a script): all must fall back to "/".
const OFF_SITE = [
  "//evil.example",
  "//evil.example/users",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  " //evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "/.//evil.example",
  "/..//evil.example",
  "/./\\evil.example",
  "https://evil.example",
  "https://evil.example/users",
  "http://roster.example/users", // another scheme is another origin
  "http:evil.example",
  "https://roster.example@evil.example/",
  "https://roster.example.evil.example/",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "mailto:someone@example.com",
];

// Paths on the app itself: kept, as the URL parser writes them.
const SAME_SITE: [string, string][] = [
  ["/", "/"],
  ["/users", "/users"],
  ["/users?tab=invitations&page=2#row", "/users?tab=invitations&page=2#row"],
  ["/invite/abc_DEF-123", "/invite/abc_DEF-123"],
  ["/settings/organization", "/settings/organization"],
  // Encoded slashes, backslashes and tabs stay encoded: a browser reads them as one path segment.
  ["/%2F/evil.example", "/%2F/evil.example"],
  ["/%5Cevil.example", "/%5Cevil.example"],
  ["/%09/evil.example", "/%09/evil.example"],
  ["/users/../workspaces", "/workspaces"],
  ["users", "/users"],
  // Same scheme, no slashes: a relative path on the app (as a browser reads it too).
  ["https:evil.example", "/evil.example"],
  // The app's own absolute address (Auth.js writes callback URLs this way) becomes its path.
  ["https://roster.example/users?x=1", "/users?x=1"],
  ["//roster.example/workspaces", "/workspaces"],
];

describe("safeCallbackUrl", () => {
  it.each(OFF_SITE)("refuses %j", (probe) => {
    expect(safeCallbackUrl(probe)).toBe("/");
    expect(safeCallbackUrl(probe, "/users")).toBe("/users");
  });

  it.each(SAME_SITE)("keeps %j as %j", (probe, expected) => {
    expect(safeCallbackUrl(probe)).toBe(expected);
  });

  it("refuses what is not a string, and the empty string", () => {
    for (const value of [undefined, null, 42, ["/users"], { href: "/users" }, ""]) {
      expect(safeCallbackUrl(value)).toBe("/");
    }
  });

  it("never answers anything a browser would read as another host", () => {
    for (const probe of [...OFF_SITE, ...SAME_SITE.map(([p]) => p)]) {
      const result = safeCallbackUrl(probe);
      expect(result.startsWith("/")).toBe(true);
      expect(result).not.toMatch(/^\/[\\/]/);
      expect(result).not.toMatch(/\p{Cc}/u);
      expect(new URL(result, "https://roster.example").origin).toBe("https://roster.example");
    }
  });

  it("works without APP_URL, against the default address", () => {
    vi.stubEnv("APP_URL", "");
    expect(safeCallbackUrl("/users")).toBe("/users");
    expect(safeCallbackUrl("/\t/evil.example")).toBe("/");
    expect(safeCallbackUrl("http://localhost:3000/users")).toBe("/users");
  });
});

describe("Auth.js's routes, behind refuseInvalidCallbackUrl", () => {
  const reached: string[] = [];
  const cookiesSeen: (string | null)[] = [];
  const route = refuseInvalidCallbackUrl(async (request: NextRequest) => {
    reached.push(request.url);
    cookiesSeen.push(request.headers.get("cookie"));
    return new Response("from Auth.js");
  });
  const get = (query: string, cookie?: string) =>
    route(
      new NextRequest(`http://127.0.0.1:3000/api/auth/session${query}`, {
        headers: cookie === undefined ? {} : { cookie },
      }),
    );

  beforeEach(() => {
    reached.length = 0;
    cookiesSeen.length = 0;
  });

  it.each([
    "?callbackUrl=%00",
    "?callbackUrl=x",
    "?callbackUrl=javascript%3Aalert(1)",
    "?callbackUrl=http%3A%2F%2F",
    "?callbackUrl=%2Fusers&callbackUrl=x",
  ])("answers 400 to %s, without reaching Auth.js (which would answer 500)", async (query) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: "The callback URL is not valid." });
    expect(reached).toEqual([]);
  });

  it.each([
    "",
    "?callbackUrl=",
    "?callbackUrl=%2Fusers",
    "?callbackUrl=https%3A%2F%2Froster.example%2Fusers",
    // Another site's address is Auth.js's to refuse (its redirect callback keeps to the app).
    "?callbackUrl=https%3A%2F%2Fevil.example",
    "?other=%00",
  ])("passes %j on to Auth.js", async (query) => {
    const response = await get(query);
    expect(await response.text()).toBe("from Auth.js");
    expect(reached).toHaveLength(1);
  });

  it.each([
    ["authjs.callback-url=x%00", ""],
    ["a=1; authjs.callback-url=javascript%3Aalert(1); b=2", "a=1; b=2"],
    ["__Secure-authjs.callback-url=x; authjs.session-token=abc", "authjs.session-token=abc"],
    ['authjs.callback-url="%"', ""],
  ])(
    "drops the callback-URL cookie Auth.js would refuse (%s) and passes the rest on",
    async (cookie, rest) => {
      const response = await get("", cookie);
      expect(await response.text()).toBe("from Auth.js");
      expect(cookiesSeen).toEqual([rest]);
    },
  );

  it.each([
    "authjs.callback-url=http%3A%2F%2F127.0.0.1%3A3000%2Fusers; authjs.session-token=abc",
    "authjs.callback-url=%2Fusers",
    "other=%00",
  ])("passes a request whose cookies Auth.js takes (%s) on untouched", async (cookie) => {
    const response = await get("", cookie);
    expect(await response.text()).toBe("from Auth.js");
    expect(cookiesSeen).toEqual([cookie]);
  });
});
