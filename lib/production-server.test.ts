import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log, requestLog } from "@/lib/log";
import { clientAddress } from "@/lib/request/client-address";
import { noteRequestCaller } from "@/lib/request/context";
import {
  contentSecurityPolicy,
  EDGE_HEADER,
  edgeSecret,
  FORWARDED_FOR_HEADER,
} from "@/lib/request/edge";
import {
  requestIdFrom,
  requestsSettled,
  routeForLog,
  serveRequest,
  TOKEN_ROUTES,
} from "./production-server";

afterEach(() => vi.restoreAllMocks());

/** A session cookie, as far as the edge looks: its name (the app checks the session itself). */
const SIGNED_IN = "authjs.session-token=a-session";

describe("routeForLog", () => {
  it("drops the query string", () => {
    expect(routeForLog("/users?q=ada%40example.com&page=2")).toBe("/users");
    expect(routeForLog("/sign-in?callbackUrl=%2Fusers#top")).toBe("/sign-in");
    expect(routeForLog(undefined)).toBe("/");
  });

  it("replaces the token of invitation, password-reset and email-confirmation links", () => {
    expect(routeForLog("/invite/abcDEF123_-x")).toBe("/invite/[token]");
    expect(routeForLog("/invite/abcDEF123?_rsc=1")).toBe("/invite/[token]");
    expect(routeForLog("/reset-password/tok.en/extra")).toBe("/reset-password/[token]/extra");
    expect(routeForLog("/confirm-email/tok")).toBe("/confirm-email/[token]");
    expect(routeForLog("//invite//tok")).toBe("//invite//[token]");
    expect(routeForLog("/%69nvite/tok")).toBe("/%69nvite/[token]");
    expect(routeForLog("/Invite/tok")).toBe("/Invite/[token]");
    expect(routeForLog("http://roster.example/invite/tok?x=1")).toBe("/invite/[token]");
    expect(routeForLog("/invite")).toBe("/invite");
    expect(routeForLog("/users/u_123")).toBe("/users/u_123");
  });

  it("knows every route whose path carries a token (app/**/[token])", () => {
    const found: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory()) continue;
        const child = path.join(dir, entry.name);
        if (/token|secret|code/i.test(entry.name) && entry.name.startsWith("[")) {
          found.push(path.basename(dir));
        }
        visit(child);
      }
    };
    visit(path.resolve(import.meta.dirname, "../app"));
    expect(found.sort()).toEqual([...TOKEN_ROUTES].sort());
  });
});

describe("requestIdFrom", () => {
  it("keeps a well-formed incoming id and replaces anything else", () => {
    expect(requestIdFrom("edge-7f3a9c21:1")).toBe("edge-7f3a9c21:1");
    expect(requestIdFrom(["first-id-123", "second"])).toBe("first-id-123");
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const bad of [undefined, "", "short", "has space 123", "x".repeat(129), 'q"uote-123']) {
      expect(requestIdFrom(bad)).toMatch(uuid);
    }
  });
});

describe("serveRequest", () => {
  async function serve(
    handler: (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>,
  ) {
    const server = http.createServer((req, res) => void serveRequest(req, res, handler));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: (p: string) => `http://127.0.0.1:${port}${p}`,
      close: () => {
        const closed = new Promise((resolve) => server.close(resolve));
        server.closeAllConnections();
        return closed;
      },
    };
  }

  it("gives each request an id, echoes it, and logs one line when the response is sent", async () => {
    const info = vi.spyOn(requestLog, "info").mockImplementation(() => undefined);
    const seen: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      seen.push(req.headers["x-request-id"] as string);
      // What lib/auth/caller.ts does once it has resolved the session and membership.
      if (req.url?.startsWith("/users")) noteRequestCaller("u_1", "org_1");
      res.statusCode = 201;
      res.end("ok");
    });
    try {
      const given = await fetch(server.url("/users?q=secret"), {
        headers: { "X-Request-Id": "lb-request-0001", cookie: SIGNED_IN },
      });
      const made = await fetch(server.url("/invite/raw-token-value?x=1"), { method: "POST" });
      expect(given.headers.get("x-request-id")).toBe("lb-request-0001");
      expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
      expect(seen).toEqual(["lb-request-0001", made.headers.get("x-request-id")]);
      await vi.waitFor(() => expect(info).toHaveBeenCalledTimes(2));
      expect(info.mock.calls).toEqual([
        [
          {
            requestId: "lb-request-0001",
            method: "GET",
            route: "/users",
            status: 201,
            durationMs: expect.any(Number),
            userId: "u_1",
            organizationId: "org_1",
          },
          "request",
        ],
        [
          {
            requestId: made.headers.get("x-request-id"),
            method: "POST",
            route: "/invite/[token]",
            status: 201,
            durationMs: expect.any(Number),
          },
          "request",
        ],
      ]);
    } finally {
      await server.close();
    }
  });

  it("counts a request as under way until its handler ends, even after its client has left", async () => {
    vi.spyOn(requestLog, "info").mockImplementation(() => undefined);
    let finish = () => {};
    let started = () => {};
    const handlerStarted = new Promise<void>((resolve) => (started = resolve));
    const server = await serve(async (_req, res) => {
      started();
      // A server action still at work after the browser went away.
      await new Promise<void>((resolve) => (finish = resolve));
      res.end("done");
    });
    try {
      await expect(requestsSettled()).resolves.toBeUndefined();
      const aborted = new AbortController();
      const request = fetch(server.url("/users"), { signal: aborted.signal }).catch(() => null);
      await handlerStarted;
      aborted.abort();
      await request;
      let settled = false;
      const waiting = requestsSettled().then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false);
      finish();
      await waiting;
      expect(settled).toBe(true);
    } finally {
      await server.close();
    }
  });

  it("logs a server error at level error, and answers 500 when the handler throws", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const requestError = vi.spyOn(requestLog, "error").mockImplementation(() => undefined);
    const server = await serve(() => {
      throw new Error("handler exploded");
    });
    try {
      const response = await fetch(server.url("/boom"), { headers: { cookie: SIGNED_IN } });
      expect(response.status).toBe(500);
      await vi.waitFor(() =>
        expect(requestError).toHaveBeenCalledWith(
          expect.objectContaining({ route: "/boom", status: 500 }),
          "request",
        ),
      );
      expect(error).toHaveBeenCalledWith({ err: expect.any(Error) }, "request handler failed");
    } finally {
      await server.close();
    }
  });

  describe("the edge (lib/request/edge.ts), as proxy.ts would", () => {
    /** What the handler received, and the response the client got. */
    async function through(target: string, headers: Record<string, string> = {}) {
      let received: http.IncomingHttpHeaders | null = null;
      vi.spyOn(requestLog, "info").mockImplementation(() => undefined);
      const server = await serve((req, res) => {
        received = { ...req.headers };
        res.end("page");
      });
      try {
        const response = await fetch(server.url(target), { headers, redirect: "manual" });
        return {
          response,
          body: await response.text(),
          received: received as http.IncomingHttpHeaders | null,
        };
      } finally {
        await server.close();
      }
    }

    it("sends a signed-out visitor to /sign-in, with the address to come back to", async () => {
      const { response, received } = await through("/users?q=ava");
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toBe("/sign-in?callbackUrl=%2Fusers%3Fq%3Dava");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(received).toBeNull();
      expect((await through("/")).response.headers.get("location")).toBe("/sign-in");
    });

    it("answers 400 to a path whose escapes don't decode", async () => {
      const { response, body, received } = await through("/invite/%ED%A0%80");
      expect(response.status).toBe(400);
      expect(body).toMatch(/^Bad request/);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(received).toBeNull();
    });

    it("passes a page on with a nonce in its CSP, the client's X-Forwarded-For moved aside, and its mark", async () => {
      const { response, received } = await through("/users", {
        cookie: `theme=dark; ${SIGNED_IN}`,
        "x-forwarded-for": "6.6.6.6, 7.7.7.7",
        [FORWARDED_FOR_HEADER]: "9.9.9.9",
        [EDGE_HEADER]: "forged",
      });
      expect(response.status).toBe(200);
      const nonce = received!["x-nonce"] as string;
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      const csp = response.headers.get("content-security-policy");
      expect(csp).toBe(contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production"));
      expect(received!["content-security-policy"]).toBe(csp);
      expect(received!["x-forwarded-for"]).toBeUndefined();
      expect(received![FORWARDED_FOR_HEADER]).toBe("6.6.6.6, 7.7.7.7");
      expect(received![EDGE_HEADER]).toBe(edgeSecret());
      expect(response.headers.get("strict-transport-security")).toBeNull();
      // Next.js then writes the socket's address to X-Forwarded-For; the client's own is not believed.
      const seen = new Headers({
        ...(received as Record<string, string>),
        "x-forwarded-for": "198.51.100.7",
      });
      expect(clientAddress(seen, 0)).toBe("198.51.100.7");
      expect(clientAddress(seen, 1)).toBe("7.7.7.7");
    });

    it("adds HSTS behind a proxy that reached it over HTTPS", async () => {
      const { response } = await through("/sign-in", { "x-forwarded-proto": "https" });
      expect(response.headers.get("strict-transport-security")).toBe(
        "max-age=63072000; includeSubDomains",
      );
    });

    it("leaves the built assets and public files alone, and never passes a client's mark on", async () => {
      for (const target of ["/_next/static/chunks/app.js", "/icon.svg"]) {
        const { response, received } = await through(target, { [EDGE_HEADER]: "forged" });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-security-policy")).toBeNull();
        expect(received![EDGE_HEADER]).toBeUndefined();
        expect(received!["x-nonce"]).toBeUndefined();
      }
    });
  });
});
