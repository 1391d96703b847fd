import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  encodeQueryText,
  HTTP_ROUTES,
  queryString,
  routePath,
  type FuzzIds,
  type SegmentKind,
} from "./http-routes";

const root = path.resolve(import.meta.dirname, "../..");

/** Every page.tsx and route.ts under app/, as a path from the repository's root. */
function routeFiles(dir = path.join(root, "app")): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return /^(page\.(tsx|ts|jsx|js|mdx)|route\.(ts|js))$/.test(entry.name)
      ? [path.relative(root, full).split(path.sep).join("/")]
      : [];
  });
}

const kinds: SegmentKind[] = [
  "user",
  "invitation",
  "workspace",
  "invitationToken",
  "token",
  "authAction",
];
const none = Object.fromEntries(kinds.map((k) => [k, []])) as unknown as FuzzIds["own"];
const ids: FuzzIds = {
  own: { ...none, user: ["cmown"], workspace: ["cmws"] },
  foreign: { ...none, user: ["cmforeign"], workspace: ["cmforeign"] },
};

describe("the HTTP fuzz table (lib/stress/http-routes.ts)", () => {
  it("lists every page and route handler under app/, and nothing that is gone", () => {
    const files = routeFiles().sort();
    expect(files.length).toBeGreaterThanOrEqual(23);
    expect(HTTP_ROUTES.map((r) => r.file).sort()).toEqual(files);
  });

  it("gives each route's path the segments its folder has", () => {
    for (const route of HTTP_ROUTES) {
      const folders = route.file.split("/").slice(1, -1);
      const dynamic = folders.filter((f) => f.startsWith("["));
      expect(Object.keys(route.segments ?? {}), route.file).toEqual(
        dynamic.map((f) => f.replace(/^\[(\.\.\.)?|\]$/g, "")),
      );
      const urlPath = folders
        .filter((f) => !f.startsWith("("))
        .map((f) => (f.startsWith("[") ? `[${f.replace(/^\[(\.\.\.)?|\]$/g, "")}]` : f))
        .join("/");
      expect(route.path, route.file).toBe(`/${urlPath}`);
    }
  });

  it("fills every segment in", () => {
    for (const route of HTTP_ROUTES) {
      for (const p of fc.sample(routePath(route, ids), { numRuns: 20, seed: 1 })) {
        expect(p, route.file).not.toMatch(/\[\w+\]/);
      }
    }
  });

  it("makes queries with repeated keys, broken escapes, NUL and very long ones", () => {
    const users = HTTP_ROUTES.find((r) => r.path === "/users")!;
    const queries = fc.sample(queryString(users, ids), { numRuns: 2_000, seed: 13 });
    expect(queries.some((q) => /(^|&)(\w+)=[^&]*&(.*&)?\2=/.test(q))).toBe(true);
    expect(queries.some((q) => q.includes("%zz"))).toBe(true);
    expect(queries.some((q) => q.includes("%00"))).toBe(true);
    expect(queries.some((q) => q.length > 16_384)).toBe(true);
    expect(queries.some((q) => /(^|&)workspace=cmforeign/.test(q))).toBe(true);
  });
});

describe("encodeQueryText", () => {
  it("percent-encodes as a browser does", () => {
    expect(encodeQueryText("a b&c=d/é\u0000")).toBe("a%20b%26c%3Dd%2F%C3%A9%00");
    expect(encodeQueryText("😀")).toBe("%F0%9F%98%80");
  });

  it("sends a lone surrogate as the invalid UTF-8 bytes it would give, instead of throwing", () => {
    expect(encodeQueryText("a\uD800b")).toBe("a%ED%A0%80b");
    expect(encodeQueryText("\uDFFF")).toBe("%ED%BF%BF");
  });
});
