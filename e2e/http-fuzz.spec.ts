import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { expect, test } from "@playwright/test";
import {
  HTTP_ROUTES,
  queryExamples,
  queryString,
  routePath,
  type FuzzIds,
  type HttpRoute,
  type SegmentKind,
} from "../lib/stress/http-routes";
import { DEMO_PASSWORD, demo } from "./support/people";
import { E2E_DIR, signInOverHttp } from "./support/server-process";

// Issue 13, "Proof under stress" (malformed input, over HTTP): every page and route handler under
// app/ (the table: lib/stress/http-routes.ts, which its unit test keeps complete) is requested
// with random and adversarial query strings and path segments — NUL, bidi and control characters,
// broken percent-escapes (%zz), repeated keys (a=1&a=2), very long queries, real ids of the
// caller's organization and of another one, garbage ids — signed in as Acme's owner, as a plain
// member, as the owner of another organization (Globex), and signed out. Each answer must be 200,
// 400 or 404, or a status the table allows for that route and says why (the proxy's redirect to
// /sign-in, a route handler's 401/403); a request larger than Node accepts (16 KB) may get 431.
// The body must be whole, carry no server error (a page that streams — those under
// app/(app)/(skeleton) have a loading.tsx — answers 200 and then renders its error boundary: the
// error's digest in the body gives it away; the others answer 500) and leak nothing of the server:
// no stack frames, file paths, Prisma or database messages.
//
// FUZZ_RUNS (default 10) sets the runs per route and persona, after the fixed examples (each query
// key holding NUL, %zz, twice…); FUZZ_SEED replays the seed a failure printed.

const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED =
  process.env.FUZZ_SEED === undefined
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.FUZZ_SEED);
/** Beyond this, Node may refuse the request's head (16 KB, with the cookie) with 431. */
const LONG_URL = 12_000;

const PERSONAS = ["owner", "member", "globexOwner", "signedOut"] as const;
type Persona = (typeof PERSONAS)[number];

/** What gives a server error or the server's insides away in a body. */
const LEAKS: [RegExp, string][] = [
  [/data-dgst="(?!NEXT_)/, "a server error's digest (the page failed while streaming)"],
  [/digest\\?"\s*:\s*\\?"(?!NEXT_)/, "a server error's digest in the page's data"],
  [/\bat [\w$.<>[\] ]*\(?(?:\/|file:|node:)[^\s)"]*:\d+:\d+/, "a stack frame"],
  [/\w*Error: [^<"\n]*\/[\w./-]+\.(?:[cm]?js|tsx?)\b/, "an error naming a file"],
  [/PrismaClient|\bprisma\b/i, "Prisma"],
  [/invalid input syntax|invalid byte sequence|field value out of range/i, "a database error"],
  [/violates [\w ]*constraint|syntax error at or near/i, "a database error"],
  [/node_modules|\.next\/server/, "a server path"],
];

interface World {
  cookies: Record<Persona, string>;
  ids: Record<Persona, FuzzIds>;
}

const unique = (html: string, pattern: RegExp) => [
  ...new Set([...html.matchAll(pattern)].map((m) => m[1]!)),
];

/** Signs in the personas, and finds real ids over HTTP, as the pages link to them. */
async function discover(base: string): Promise<World> {
  const signIn = async (email: string) => (await signInOverHttp(base, email, DEMO_PASSWORD)).cookie;
  const cookies: Record<Persona, string> = {
    owner: await signIn(demo.owner.email),
    member: await signIn(demo.member.email),
    globexOwner: await signIn(demo.globexOwner.email),
    signedOut: "",
  };
  const html = async (persona: Persona, page: string) => {
    const response = await fetch(`${base}${page}`, { headers: { cookie: cookies[persona] } });
    expect(response.status, page).toBe(200);
    return response.text();
  };
  const acmeUsersPage = await html("owner", "/users?size=100");
  const acme: Record<SegmentKind, string[]> = {
    user: unique(acmeUsersPage, /href="\/users\/(?!invitations)([\w-]+)"/g),
    invitation: unique(acmeUsersPage, /href="\/users\/invitations\/([\w-]+)"/g),
    workspace: unique(await html("owner", "/workspaces"), /href="\/workspaces\/([\w-]+)"/g),
    // The seed's invitation links (e2e/support/serve.mjs --seed writes them): opening one changes nothing.
    invitationToken: invitationTokens(),
    token: [],
    authAction: [],
  };
  const globexUsers = unique(
    await html("globexOwner", "/users"),
    /href="\/users\/(?!invitations)([\w-]+)"/g,
  ).filter((id) => !acme.user.includes(id));
  const globex: Record<SegmentKind, string[]> = {
    user: globexUsers,
    invitation: [],
    workspace: [],
    invitationToken: [],
    token: [],
    authAction: [],
  };
  expect(acme.user.length, "Acme's users, from /users").toBeGreaterThan(10);
  expect(acme.invitation.length, "Acme's invitations, from /users").toBeGreaterThan(0);
  expect(acme.workspace.length, "Acme's workspaces, from /workspaces").toBeGreaterThan(5);
  expect(globex.user.length, "Globex's own users, from its /users").toBeGreaterThan(0);
  const acmeSide = { own: acme, foreign: globex };
  return {
    cookies,
    ids: {
      owner: acmeSide,
      member: acmeSide,
      globexOwner: { own: globex, foreign: acme },
      signedOut: acmeSide,
    },
  };
}

function invitationTokens(): string[] {
  const file = path.join(E2E_DIR, "app-invitations.json");
  if (!fs.existsSync(file)) return [];
  const links = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  return Object.values(links).map((link) => link.split("/").pop()!);
}

let world: Promise<World> | undefined;

type Method = NonNullable<HttpRoute["methods"]>[number];

/** What is wrong with the answer to one request, or null when nothing is. */
async function problemWith(
  base: string,
  route: HttpRoute,
  method: Method,
  url: string,
  cookie: string,
): Promise<string | null> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  // A forged signature for the backup route's POST (lib/db/backup-auth.ts): never accepted.
  if (method !== "GET" && method !== "HEAD") {
    headers["authorization"] = `Roster-Backup ${"0".repeat(64)}`;
    headers["x-roster-backup-time"] = String(Date.now());
    headers["x-roster-backup-nonce"] = "0".repeat(32);
  }
  let response: Response;
  try {
    response = await fetch(`${base}${url}`, {
      method,
      headers,
      redirect: "manual",
      body: method === "GET" || method === "HEAD" ? undefined : "x\u0000",
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return `no answer (${String(error)})`;
  }
  let body: string;
  try {
    body = await response.text();
  } catch (error) {
    return `${response.status}, then the body broke off (${String(error)})`;
  }
  const status = response.status;
  const allowed = [200, 400, 404, ...Object.keys(route.allow ?? {}).map(Number)];
  if (!allowed.includes(status) && !(status === 431 && url.length > LONG_URL)) {
    return `answered ${status}: ${body.slice(0, 200)}`;
  }
  for (const [pattern, what] of LEAKS) {
    const found = pattern.exec(body);
    if (found) return `answered ${status} with ${what}: …${found[0].slice(0, 120)}…`;
  }
  return null;
}

const shown = (url: string) => (url.length > 300 ? `${url.slice(0, 300)}… (${url.length})` : url);

for (const persona of PERSONAS) {
  test(`every page and route handler answers any query string without a server error: ${persona}`, async ({
    baseURL,
  }) => {
    // 10 to 30 s each at the default runs (the owner longest), embedded or on PostgreSQL.
    test.setTimeout(60_000 + RUNS * 3_000);
    const base = baseURL!;
    const { cookies, ids: allIds } = await (world ??= discover(base));
    const ids = allIds[persona];
    const failures: string[] = [];
    for (const route of HTTP_ROUTES) {
      const methods = route.methods ?? ["GET"];
      const request = fc.tuple(
        routePath(route, ids),
        queryString(route, ids),
        fc.constantFrom(...methods),
      );
      const [firstPath] = fc.sample(routePath(route, ids), { numRuns: 1, seed: SEED });
      const examples = queryExamples(route).map((query): [[string, string, Method]] => [
        [firstPath!, query, "GET"],
      ]);
      const before = failures.length;
      const result = await fc.check(
        fc.asyncProperty(request, async ([urlPath, query, method]) => {
          const url = query === "" ? urlPath : `${urlPath}?${query}`;
          const problem = await problemWith(base, route, method, url, cookies[persona]);
          if (problem) failures.push(`${route.file}: ${method} ${shown(url)} → ${problem}`);
          return problem === null;
        }),
        // fast-check counts the examples among the runs.
        { numRuns: examples.length + RUNS, seed: SEED, examples, endOnFailure: true },
      );
      if (result.failed && failures.length === before) {
        failures.push(`${route.file}: the property threw ${String(result.errorInstance)}`);
      }
    }
    expect(
      failures,
      `Server errors as ${persona}. Replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}.`,
    ).toEqual([]);
  });
}

test("a callback-URL cookie Auth.js would refuse doesn't break its routes", async ({ baseURL }) => {
  // Auth.js answers 500 to every /api/auth request while its callback-URL cookie holds no http(s)
  // URL; lib/auth/callback-url.ts drops such a cookie before Auth.js reads it.
  const { cookies } = await (world ??= discover(baseURL!));
  for (const value of ["x%00", "javascript%3Aalert(1)", "x", "%"]) {
    for (const persona of ["owner", "signedOut"] as const) {
      const cookie = [cookies[persona], `authjs.callback-url=${value}`].filter(Boolean).join("; ");
      for (const route of ["/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) {
        const response = await fetch(`${baseURL}${route}`, { headers: { cookie } });
        expect(response.status, `${route} as ${persona} with the cookie ${value}`).toBe(200);
      }
    }
  }
});
