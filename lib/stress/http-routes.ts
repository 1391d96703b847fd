import fc from "fast-check";
import { NASTY_STRINGS, nastyString, tainted } from "./malformed-values";

// Every page and route handler under app/, as e2e/http-fuzz.spec.ts requests them over HTTP with
// random and adversarial query strings (and path segments). lib/stress/http-routes.test.ts checks
// that the table lists every page.tsx and route.ts, so a new route can't be left out. Nothing here
// touches a server: the ids the segments take come from the running app, at the spec's start.

/** What a dynamic segment holds. */
export type SegmentKind =
  "user" | "invitation" | "workspace" | "invitationToken" | "token" | "authAction";

/**
 * The ids the fuzz puts in segments and query values: those of the signed-in persona's
 * organization (`own`) and of another organization (`foreign`); each may be empty.
 */
export interface FuzzIds {
  own: Record<SegmentKind, readonly string[]>;
  foreign: Record<SegmentKind, readonly string[]>;
}

export interface HttpRoute {
  /** The file under app/ that serves it. */
  file: string;
  /** The URL path, with `[name]` for each dynamic segment. */
  path: string;
  segments?: Record<string, SegmentKind>;
  /** The methods requested: a page's GET, or what a route handler exports (default GET). */
  methods?: readonly ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS")[];
  /** The query keys the route reads, each with values it should accept. */
  keys?: Record<string, (ids: FuzzIds) => fc.Arbitrary<string>>;
  /** Queries tried every time, after each key's NUL and broken escape: what once failed. */
  examples?: string[];
  /**
   * Statuses allowed besides 200, 400 and 404, each with why. Pages under app/(app)/(skeleton)
   * stream (they have a loading.tsx): once signed in, their redirects come inside a 200 (the spec
   * reads the body for an error's digest).
   */
  allow?: Partial<Record<number, string>>;
}

const SIGNED_OUT_TO_SIGN_IN = "signed out: the proxy (proxy.ts) sends a visitor to /sign-in";

const pick = (...values: string[]) => fc.constantFrom(...values);
const idOf = (kind: SegmentKind) => (ids: FuzzIds) => {
  const known = [...ids.own[kind], ...ids.foreign[kind]];
  return known.length > 0 ? fc.oneof(fc.constantFrom(...known), garbageId) : garbageId;
};

/** Numbers as a URL may carry them: page numbers, sizes, and what JavaScript makes of text. */
const numberText = fc.oneof(
  pick("1", "2", "0", "-1", "25", "50", "100", "1.5", "1e3", "1e309", "-0", "0x10", "NaN"),
  pick("Infinity", "99999", "100000", "100001", "9007199254740993", "1".repeat(40), " 2 ", "2abc"),
  fc.integer().map(String),
  fc.double().map(String),
);

/** Days as the audit log's filters carry them, with the edges of what a Date can hold. */
const dayText = fc.oneof(
  pick("2024-01-01", "2024-02-29", "2023-02-29", "2024-02-31", "2024-13-01", "2024-00-10"),
  pick("0000-01-01", "0001-01-01", "9999-12-31", "1969-12-31", "1970-01-01", "4713-01-01"),
  pick("-271821-04-20", "+275760-09-13", "275760-09-14", "2024-1-1", "2024/01/01", "today"),
  fc
    .date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.nat(99), fc.nat(99))
    .map(
      ([y, m, d]) => `${y}`.padStart(4, "0") + `-${m}`.padStart(3, "0") + `-${d}`.padStart(3, "0"),
    ),
);

/** The audit log's page cursors: base64url of "<ISO time>|<event id>", and what else decodes. */
const cursorText = fc
  .tuple(
    fc.oneof(
      pick("2024-05-01T12:00:00.000Z", "0000-01-01T00:00:00.000Z", "-271821-04-20T00:00:00.000Z"),
      pick("+275760-09-13T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "not a date", ""),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    ),
    fc.oneof(pick("cm0abc", "", "x".repeat(150)), nastyString),
    fc.option(pick("|", "||x"), { nil: "" }),
  )
  .map(([iso, id, more]) => Buffer.from(`${iso}|${id}${more}`).toString("base64url"))
  .chain((cursor) => fc.oneof(fc.constant(cursor), tainted(fc.constant(cursor)).map(String)));

const email = pick(
  "owner@acme.example",
  "OWNER@ACME.EXAMPLE",
  "member@acme.example",
  "owner@globex.example",
  "nobody@nowhere.example",
);
const auditActions = pick(
  "member.role_changed",
  "organization.updated",
  "invitation.sent",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
);
const callbackUrl = pick(
  "/users",
  "/workspaces?q=a",
  "//evil.example",
  "https://evil.example",
  "javascript:alert(1)",
  "/\\evil.example",
  "x",
  "",
  "http://",
  "/%00",
);

/** What failed the audit log and its export once (a database error, the CSV cut off mid-stream). */
const AUDIT_LOG_EXAMPLES = [
  "from=0000-01-01",
  "to=0000-12-31",
  "from=2024-02-31&to=9999-12-31",
  `after=${Buffer.from("2024-05-01T00:00:00.000Z|cm0\u0000").toString("base64url")}`,
  `before=${Buffer.from("-271821-04-20T00:00:00.000Z|cm0").toString("base64url")}`,
];

/** Not an id of anything: random, adversarial, or shaped like an id. */
export const garbageId: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^c[a-z0-9]{24}$/) },
  { weight: 1, arbitrary: pick("x", "0", "-1", "null", "undefined", "__proto__", "x".repeat(64)) },
  { weight: 1, arbitrary: pick("x".repeat(65), "x".repeat(5000), "a b", "a+b", "a;b", "a,b") },
  { weight: 3, arbitrary: nastyString },
);

export const HTTP_ROUTES: readonly HttpRoute[] = [
  {
    file: "app/(app)/page.tsx",
    path: "/",
    allow: { 307: "home redirects everyone: to /sign-in signed out, else to their first page" },
  },
  {
    file: "app/(app)/no-access/page.tsx",
    path: "/no-access",
    allow: { 307: `${SIGNED_OUT_TO_SIGN_IN}; an active member is sent home` },
  },
  {
    file: "app/(app)/organizations/new/page.tsx",
    path: "/organizations/new",
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/settings/account/page.tsx",
    path: "/settings/account",
    keys: { setup: () => pick("two-factor", "Two-Factor", "two-factor ", "") },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/settings/organization/page.tsx",
    path: "/settings/organization",
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/settings/organization/audit-log/page.tsx",
    path: "/settings/organization/audit-log",
    keys: auditLogKeys(),
    examples: AUDIT_LOG_EXAMPLES,
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/settings/organization/audit-log/export/route.ts",
    path: "/settings/organization/audit-log/export",
    keys: auditLogKeys(),
    examples: AUDIT_LOG_EXAMPLES,
    allow: {
      307: SIGNED_OUT_TO_SIGN_IN,
      401: "a session cookie that is no session any more (the handler reads the caller itself)",
      403: "an inactive member, or an owner or admin who must set up two-factor first",
    },
  },
  {
    file: "app/(app)/(skeleton)/settings/organization/roles/page.tsx",
    path: "/settings/organization/roles",
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/settings/organization/sso-test/page.tsx",
    path: "/settings/organization/sso-test",
    keys: { id: idOf("user"), problem: () => pick("none", "unavailable", "other") },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/users/page.tsx",
    path: "/users",
    keys: {
      q: () => pick("ava", "Acme.Example", "o'brien", "%", "_", "Ava Anders"),
      role: () => pick("owner", "admin", "member", "manager", "Owner"),
      status: () => pick("active", "pending", "expired", "disabled", "suspended", "revoked"),
      workspace: idOf("workspace"),
      workspaceRole: () =>
        fc.oneof(
          pick("manager", "member", "viewer", "guest", "Manager", "custom:", "custom:x"),
          garbageId.map((id) => `custom:${id}`),
        ),
      sort: () => pick("name", "email", "role", "status", "workspaces", "joined", "__proto__"),
      dir: () => pick("asc", "desc", "ASC", "sideways"),
      page: () => numberText,
      size: () => fc.oneof(pick("25", "50", "100", "10", "1000"), numberText),
    },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/users/access-review/route.ts",
    path: "/users/access-review",
    allow: {
      307: SIGNED_OUT_TO_SIGN_IN,
      401: "a session cookie that is no session any more (the handler reads the caller itself)",
      403: "an inactive member, or an owner or admin who must set up two-factor first",
    },
  },
  {
    file: "app/(app)/users/[id]/page.tsx",
    path: "/users/[id]",
    segments: { id: "user" },
    // "Why can they?": a workspace and an action (lib/people/why-can-they.ts).
    keys: {
      why_ws: idOf("workspace"),
      why_action: () =>
        pick(
          "users.remove",
          "workspaces.createSub",
          "joinRequests.decide",
          "toString",
          "Users.view",
        ),
    },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/users/invitations/[id]/page.tsx",
    path: "/users/invitations/[id]",
    segments: { id: "invitation" },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/(skeleton)/workspaces/page.tsx",
    path: "/workspaces",
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/workspaces/[id]/page.tsx",
    path: "/workspaces/[id]",
    segments: { id: "workspace" },
    keys: {
      q: () => pick("ava", "Manager", "%", "_"),
      page: () => numberText,
      find: () => pick("ben", "acme.example", "%_", "zzz"),
    },
    allow: { 307: SIGNED_OUT_TO_SIGN_IN },
  },
  {
    file: "app/(app)/workspaces/[id]/access-review/route.ts",
    path: "/workspaces/[id]/access-review",
    segments: { id: "workspace" },
    allow: {
      307: SIGNED_OUT_TO_SIGN_IN,
      401: "a session cookie that is no session any more (the handler reads the caller itself)",
      403: "an inactive member, or an owner or admin who must set up two-factor first",
    },
  },
  {
    file: "app/(auth)/confirm-email/[token]/page.tsx",
    path: "/confirm-email/[token]",
    segments: { token: "token" },
  },
  { file: "app/(auth)/forgot-password/page.tsx", path: "/forgot-password" },
  {
    file: "app/(auth)/invite/[token]/page.tsx",
    path: "/invite/[token]",
    segments: { token: "invitationToken" },
  },
  {
    file: "app/(auth)/reset-password/[token]/page.tsx",
    path: "/reset-password/[token]",
    segments: { token: "token" },
  },
  { file: "app/(auth)/setup/page.tsx", path: "/setup" },
  {
    file: "app/(auth)/sign-in/page.tsx",
    path: "/sign-in",
    keys: {
      callbackUrl: () => callbackUrl,
      reset: () => pick("done", "DONE", ""),
      email: () => email,
      expired: () => pick("two-factor", "yes"),
      sso: () => pick("failed", "expired", "removed", "required", "toString", "__proto__"),
    },
    allow: { 307: "signed in: on to the callback URL, or home" },
  },
  {
    file: "app/(auth)/sign-in/two-factor/page.tsx",
    path: "/sign-in/two-factor",
    keys: { callbackUrl: () => callbackUrl },
    allow: {
      307: "signed in: on to the callback URL; without the password step's cookie: to /sign-in",
    },
  },
  {
    // Auth.js's own routes, probed lightly: what the sign-in form and the session check read.
    file: "app/api/auth/[...nextauth]/route.ts",
    path: "/api/auth/[nextauth]",
    segments: { nextauth: "authAction" },
    keys: { callbackUrl: () => callbackUrl, error: () => pick("Configuration", "x") },
  },
  {
    // 404 to everything but a POST signed with AUTH_SECRET (`npm run db:backup`).
    file: "app/api/db-backup/route.ts",
    path: "/api/db-backup",
    methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  },
  { file: "app/api/health/route.ts", path: "/api/health" },
  {
    file: "app/api/sso/start/route.ts",
    path: "/api/sso/start",
    keys: { email: () => email, callbackUrl: () => callbackUrl },
    allow: { 303: "to the identity provider, or back to /sign-in (no SSO for that email)" },
  },
  {
    file: "app/api/sso/callback/route.ts",
    path: "/api/sso/callback",
    keys: {
      state: () => pick("x", "a".repeat(43)),
      code: () => pick("x", ""),
      error: () => pick("access_denied"),
    },
    allow: { 303: "back to /sign-in with the reason the sign-in was refused" },
  },
  {
    file: "app/api/sso/test/route.ts",
    path: "/api/sso/test",
    allow: {
      303: "to the provider, to the test's result page, or signed out: to /sign-in",
      307: SIGNED_OUT_TO_SIGN_IN,
      403: "only the owner tests single sign-on",
    },
  },
  { file: "app/api/ready/route.ts", path: "/api/ready" },
  {
    file: "app/api/users/invite-choices/route.ts",
    path: "/api/users/invite-choices",
    allow: {
      307: SIGNED_OUT_TO_SIGN_IN,
      403: "someone who may not invite (owners, admins and those who may invite into a workspace may)",
    },
  },
  {
    file: "app/api/users/workspace-choices/route.ts",
    path: "/api/users/workspace-choices",
    allow: {
      307: SIGNED_OUT_TO_SIGN_IN,
      403: "a member who may not see the Users page (owners, admins and workspace managers may)",
    },
  },
];

function auditLogKeys(): HttpRoute["keys"] {
  return {
    actor: () => email,
    action: () => auditActions,
    target: () => fc.oneof(email, pick("Acme", "ava", "%")),
    from: () => dayText,
    to: () => dayText,
    after: () => cursorText,
    before: () => cursorText,
  };
}

// ---- Query strings --------------------------------------------------------------------------

/** Percent-escapes that are broken, or that mean more than they seem, put on the wire as they are. */
export const RAW_ESCAPES = [
  "%zz",
  "%",
  "%%",
  "%0",
  "%u202E",
  "%00",
  "%0A",
  "%0D%0A",
  "%C0%80",
  "%ED%A0%80",
  "%E2%80",
  "%E2%80%AE",
  "%FF%FE",
  "%F4%90%80%80",
  "%25",
  "%26",
  "%3D",
  "%2B",
  "+",
  "%2F..%2F",
] as const;

/**
 * `text` percent-encoded as a browser would, except that a lone surrogate (which
 * encodeURIComponent refuses) goes out as the three bytes UTF-8 would give it: invalid UTF-8.
 */
export function encodeQueryText(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

/** A URL's text is limited (Node's 16 KB for a request's head): nothing longer than this per value. */
const MAX_VALUE = 4_000;
const short = (text: string) => (text.length > MAX_VALUE ? text.slice(0, MAX_VALUE) : text);

const rawEscape = fc.constantFrom(...RAW_ESCAPES);

/** A value on the wire: plausible, adversarial, or with a broken escape spliced in. */
function wireValue(plausible: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const encoded = (a: fc.Arbitrary<string>) => a.map((text) => encodeQueryText(short(text)));
  return fc.oneof(
    { weight: 4, arbitrary: encoded(plausible) },
    { weight: 3, arbitrary: encoded(nastyString) },
    { weight: 2, arbitrary: encoded(tainted(plausible).map(String)) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(encoded(plausible), rawEscape, fc.nat())
        .map(
          ([value, bad, at]) =>
            value.slice(0, at % (value.length + 1)) + bad + value.slice(at % (value.length + 1)),
        ),
    },
    { weight: 1, arbitrary: rawEscape },
  );
}

/** Keys no route reads, and keys that mean something to a parser. */
const STRAY_KEYS = [
  "callbackUrl",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "",
  "q[]",
  "q[0]",
  "page[]",
  "a[b][c]",
  "%zz",
  "%00",
  "x%3Dy",
  "_rsc",
  "__nextDataReq",
  "nxtPid",
] as const;

/** The pairs' separators: mostly "&", now and then what some parsers also split on, or nothing. */
const separator = fc.oneof(
  { weight: 12, arbitrary: fc.constant("&") },
  { weight: 1, arbitrary: fc.constantFrom("&&", ";", "&=&", "&&&", "&amp;") },
);

/**
 * A query string (without "?") for a route: pairs of its own keys (so repeated keys come often,
 * `a=1&a=2`) and stray ones, each value plausible or adversarial or broken; now and then a key
 * alone, an `=` alone, or a query tens of thousands of characters long.
 */
export function queryString(route: HttpRoute, ids: FuzzIds): fc.Arbitrary<string> {
  const known = Object.entries(route.keys ?? {}).map(
    ([key, values]) => [key, values(ids)] as const,
  );
  const strayKey = fc.oneof(
    fc.constantFrom(...STRAY_KEYS),
    nastyString.map((k) => encodeQueryText(short(k))),
  );
  const anyValue = fc.oneof(fc.string(), pick(...NASTY_STRINGS.filter((s) => s.length < 200)));
  const pair = fc.oneof(
    ...known.map(([key, values]) => ({
      weight: 4,
      arbitrary: fc
        .tuple(fc.option(wireValue(values), { nil: null, freq: 12 }), fc.nat(9))
        .map(([value, one]) => {
          // Now and then as PHP and qs spell a list: `key[]=…`.
          const name = one === 0 ? `${key}[]` : key;
          return value === null ? name : `${name}=${value}`;
        }),
    })),
    {
      weight: 2,
      arbitrary: fc
        .tuple(strayKey, fc.option(wireValue(anyValue), { nil: null, freq: 8 }))
        .map(([key, value]) => (value === null ? key : `${key}=${value}`)),
    },
    { weight: 1, arbitrary: fc.constantFrom("=", "==", "&", "?", "#", "=x", "%3F=%3F") },
  );
  const ordinary = fc
    .array(fc.tuple(pair, separator), { maxLength: 10 })
    .map((pairs) => pairs.map(([p, sep], i) => (i === 0 ? p : sep + p)).join(""));
  const key = known[0]?.[0] ?? "q";
  const long = fc.oneof(
    fc.integer({ min: 2_000, max: 14_000 }).map((n) => `${key}=${"x".repeat(n)}`),
    fc.integer({ min: 300, max: 3_000 }).map((n) => Array(n).fill(`${key}=1`).join("&")),
    fc.integer({ min: 1_000, max: 4_000 }).map((n) => `${key}=${"%00".repeat(n)}`),
    fc.integer({ min: 20_000, max: 60_000 }).map((n) => `${key}=${"%E2%80%AE".repeat(n / 9)}`),
  );
  return fc.oneof({ weight: 30, arbitrary: ordinary }, { weight: 1, arbitrary: long });
}

/**
 * The first queries tried for a route, every time: each of its keys holding NUL, a broken escape,
 * and twice over (`k=1&k=2`); then the route's own examples.
 */
export function queryExamples(route: HttpRoute): string[] {
  return [
    ...Object.keys(route.keys ?? {}).flatMap((key) => [
      `${key}=%00`,
      `${key}=x%00y`,
      `${key}=%zz`,
      `${key}=1&${key}=2`,
      `${key}[]=1`,
    ]),
    ...(route.examples ?? []),
  ];
}

/** A value for a dynamic segment: a real id (own organization's or another's), or garbage. */
export function segmentValue(kind: SegmentKind, ids: FuzzIds): fc.Arbitrary<string> {
  if (kind === "authAction") return pick("session", "csrf", "providers");
  const real = [...ids.own[kind], ...ids.foreign[kind]];
  const garbage = fc.oneof(
    // Never empty: `/users/` is another address (Next.js redirects it to `/users`).
    { weight: 4, arbitrary: garbageId.map((id) => encodeQueryText(short(id)) || "%20") },
    { weight: 1, arbitrary: rawEscape.filter((e) => !e.includes("..")) },
  );
  return real.length > 0
    ? fc.oneof(
        { weight: 1, arbitrary: fc.constantFrom(...real) },
        { weight: 1, arbitrary: garbage },
      )
    : garbage;
}

/** The route's path with each segment filled in. */
export function routePath(route: HttpRoute, ids: FuzzIds): fc.Arbitrary<string> {
  const segments = Object.entries(route.segments ?? {});
  if (segments.length === 0) return fc.constant(route.path);
  return fc
    .tuple(...segments.map(([, kind]) => segmentValue(kind, ids)))
    .map((values) =>
      segments.reduce((path, [name], i) => path.replace(`[${name}]`, values[i] ?? ""), route.path),
    );
}
