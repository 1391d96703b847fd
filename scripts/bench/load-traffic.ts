// The load run's traffic (used by scripts/bench/load.ts): what each of autocannon's connections
// asks next, in the mix below, and what came back — per kind of request its latencies and errors,
// and for the writes every outcome, so that the database can be checked against them afterwards.
//
// The run ends without abandoning a request: once its time is up, a connection that gets its
// answer asks only for a static file (not counted), and when every request of the mix has been
// answered, `drained` resolves and the run stops. Abandoned requests would leave writes of
// unknown outcome, and their server-side work still going when the server stops.
import type autocannon from "autocannon";
import { USER_SORTS } from "@/lib/people/schemas";
import { percentile } from "./measure";

/** The kinds of request, as the report names them, with their share of the traffic (percent). */
export const MIX = [
  ["GET /users (pages, sorts, filters)", 40],
  ["GET /users?q= (searches)", 20],
  ["GET /users/[id] (Edit user)", 25],
  ["POST change role (row menu)", 10],
  ["POST invite (invite dialog)", 5],
] as const satisfies readonly (readonly [string, number])[];
export type Kind = (typeof MIX)[number][0];
const [LIST, SEARCH, EDIT_USER, CHANGE_ROLE, INVITE] = MIX.map(([kind]) => kind) as [
  Kind,
  Kind,
  Kind,
  Kind,
  Kind,
];
export const WRITES: readonly Kind[] = [CHANGE_ROLE, INVITE];

/** What a connection asks for once the time is up: a static file, no database, no rendering. */
const DRAIN_PATH = "/favicon.ico";
/** Of the requests, the share sent as the admin; the rest as the owner. */
const ADMIN_SHARE = 0.25;
/** People whose role the run changes, back and forth. */
const ROLE_TARGETS = 200;
/** Rows of the list per page (the list's default). */
const PAGE_SIZE = 25;

export type OrgRole = "admin" | "member";

/** Someone whose role the run changes: the last role the server confirmed, and the changes. */
export interface RoleTarget {
  userId: string;
  role: OrgRole;
  applied: number;
  /** A change sent and not answered (the run ended or the request failed): it may have applied. */
  unanswered: OrgRole | null;
}

export interface KindStats {
  requests: number;
  latencies: number[];
  statuses: Map<number, number>;
  errors: number;
  /** Expected refusals: an action's answer that the app gives by design (a limit reached). */
  refused: number;
}

export interface Session {
  label: "owner" | "admin";
  cookie: string;
}

export interface TrafficPlan {
  base: URL;
  owner: Session;
  admin: Session;
  members: number;
  /** Rows the list holds (members and open invitations): its last page. */
  listRows: number;
  /** Terms searched for, and a member's exact email among them. */
  searches: string[];
  /** Workspaces an invitation may add people to. */
  workspaceIds: string[];
  actions: { changeRole: string; invite: string };
  /** Makes the run's invitation emails unique to it. */
  stamp: string;
}

/** What one request carries from its sending to its answer (autocannon's per-request context). */
interface Sent {
  /** Unset for the static file asked for once the time is up. */
  kind?: Kind;
  session?: Session["label"];
  startedAt?: number;
  roleChange?: { target: RoleTarget; role: OrgRole };
  invite?: { emails: string[] };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const chance = (p: number) => Math.random() < p;

/** The answer of a server action, from its RSC (flight) response: row 0 names the row holding it. */
export function actionResult(body: string): unknown {
  const head = /^0:\{"a":"\$@([0-9a-f]+)"/m.exec(body);
  if (!head) return undefined;
  const row = new RegExp(`^${head[1]}:(.*)$`, "m").exec(body);
  if (!row) return undefined;
  try {
    return JSON.parse(row[1]!);
  } catch {
    return undefined;
  }
}

interface Failure {
  ok: false;
  error: string;
  fieldErrors?: Record<string, string[]>;
}
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isFailure = (value: unknown): value is Failure =>
  isObject(value) && value.ok === false && typeof value.error === "string";

/** The invite action's refusal once the organization's hourly budget is spent (lib/rate-limit). */
const INVITE_LIMIT = /too many invitations/i;

export class Traffic {
  readonly stats = new Map<Kind, KindStats>(
    MIX.map(([kind]) => [
      kind,
      { requests: 0, latencies: [], statuses: new Map(), errors: 0, refused: 0 },
    ]),
  );
  readonly roleTargets: RoleTarget[] = [];
  /** Role targets with no change under way: one change at a time per person. */
  private readonly idle: RoleTarget[] = [];
  /** The invitations the server answered "invited": id → email. */
  readonly invited = new Map<string, string>();
  /** Emails of invite requests the server refused or failed: none may exist afterwards. */
  readonly notInvited = new Set<string>();
  /** Emails of invite requests sent and not answered: each may or may not exist. */
  readonly inviteUnanswered = new Set<string>();
  inviteRequestsInvited = 0;
  /** The first few errors, described. */
  readonly errorSamples: string[] = [];
  /** Answers other than 200 to the static file asked for at the end. */
  drainErrors = 0;
  private inviteCount = 0;
  private startedAt = Infinity;
  private endsAt = Infinity;
  private lastAnswerAt: number | undefined;
  /** Requests of the mix sent and not yet answered. */
  private outstanding = 0;
  private resolveDrained = () => {};
  /** Resolves once the time is up and every request of the mix has its answer. */
  readonly drained = new Promise<void>((resolve) => (this.resolveDrained = resolve));
  private readonly totalWeight = MIX.reduce((sum, [, weight]) => sum + weight, 0);

  constructor(private readonly plan: TrafficPlan) {
    // Members 21, 22, … as in users-list-data.ts: every 20th an admin, one in 50 (g % 50 = 7)
    // disabled and left out; never the owner (1) or the signed-in admin (20).
    for (let g = 21; this.roleTargets.length < Math.min(ROLE_TARGETS, plan.members - 25); g++) {
      if (g % 50 === 7) continue;
      const target: RoleTarget = {
        userId: `bench_u${g}`,
        role: g % 20 === 0 ? "admin" : "member",
        applied: 0,
        unanswered: null,
      };
      this.roleTargets.push(target);
    }
    this.idle.push(...[...this.roleTargets].sort(() => Math.random() - 0.5));
  }

  private checkDrained() {
    if (this.outstanding === 0 && performance.now() >= this.endsAt) this.resolveDrained();
  }

  private error(kind: Kind, description: string) {
    this.stats.get(kind)!.errors++;
    if (this.errorSamples.length < 10) this.errorSamples.push(`${kind}: ${description}`);
  }

  private pickKind(): Kind {
    let roll = Math.random() * this.totalWeight;
    for (const [kind, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return kind === CHANGE_ROLE && this.idle.length === 0 ? LIST : kind;
    }
    return LIST;
  }

  private listPath(): string {
    const params = new URLSearchParams();
    const filter = Math.random();
    if (filter < 0.1) params.set("status", pick(["disabled", "pending", "active"]));
    else if (filter < 0.2) params.set("role", pick(["admin", "member"]));
    if (chance(0.5)) params.set("sort", pick(USER_SORTS));
    if (chance(0.3)) params.set("dir", "desc");
    // Mostly the first pages, as people browse; now and then anywhere up to the last.
    const pages = Math.max(1, Math.ceil(this.plan.listRows / PAGE_SIZE));
    const page = chance(0.7)
      ? 1 + Math.floor(Math.random() * Math.min(5, pages))
      : 1 + Math.floor(Math.random() * pages);
    if (page > 1 && !params.has("status") && !params.has("role")) params.set("page", String(page));
    const search = params.toString();
    return search ? `/users?${search}` : "/users";
  }

  /** autocannon's request entry: each request is drawn from the mix when its connection is free. */
  request(): autocannon.Request {
    return {
      setupRequest: (request, context) => this.setup(request, context),
      onResponse: (status, body, context, headers) =>
        this.answered(status, body, context, headers ?? {}),
    };
  }

  /** Starts the clock: from `seconds` on, only the static file is asked for. */
  start(seconds: number) {
    this.startedAt = performance.now();
    this.endsAt = this.startedAt + seconds * 1000;
  }

  /** Seconds from the start to the last answer of the mix (or to now, while it runs). */
  elapsedSeconds(): number {
    return ((this.lastAnswerAt ?? performance.now()) - this.startedAt) / 1000;
  }

  private setup(request: autocannon.Request, sent: Sent): autocannon.Request {
    const { plan } = this;
    sent.kind = undefined;
    sent.roleChange = undefined;
    sent.invite = undefined;
    sent.startedAt = undefined;
    if (performance.now() >= this.endsAt) {
      this.checkDrained();
      return { ...request, method: "GET", path: DRAIN_PATH, headers: { accept: "*/*" } };
    }
    const kind = this.pickKind();
    const session = chance(ADMIN_SHARE) ? plan.admin : plan.owner;
    sent.kind = kind;
    sent.session = session.label;
    this.outstanding++;
    const page = { accept: "text/html,application/xhtml+xml,*/*;q=0.8", "accept-encoding": "gzip" };
    let out: autocannon.Request;
    if (kind === LIST) {
      out = { method: "GET", path: this.listPath(), headers: { ...page, cookie: session.cookie } };
    } else if (kind === SEARCH) {
      const q = pick(plan.searches);
      out = {
        method: "GET",
        path: `/users?${new URLSearchParams({ q }).toString()}`,
        headers: { ...page, cookie: session.cookie },
      };
    } else if (kind === EDIT_USER) {
      const g = 1 + Math.floor(Math.random() * plan.members);
      out = {
        method: "GET",
        path: `/users/bench_u${g}`,
        headers: { ...page, cookie: session.cookie },
      };
    } else if (kind === CHANGE_ROLE) {
      const target = this.idle.shift()!;
      const role: OrgRole = target.role === "admin" ? "member" : "admin";
      target.unanswered = role;
      sent.roleChange = { target, role };
      out = this.action(plan.actions.changeRole, session, [{ userId: target.userId, role }]);
    } else {
      const people = chance(0.7) ? 1 : 2 + Math.floor(Math.random() * 2);
      const rows = Array.from({ length: people }, () => {
        const n = ++this.inviteCount;
        return {
          firstName: "Load",
          lastName: `Invitee ${n}`,
          email: `load-${plan.stamp}-${n}@load.test`,
        };
      });
      const workspaces = chance(0.5)
        ? [{ workspaceId: pick(plan.workspaceIds), role: "member" }]
        : [];
      sent.invite = { emails: rows.map((row) => row.email) };
      for (const email of sent.invite.emails) this.inviteUnanswered.add(email);
      out = this.action(plan.actions.invite, session, [{ rows, role: "member", workspaces }]);
    }
    sent.startedAt = performance.now();
    return { ...request, ...out };
  }

  /** A server action posted as the browser posts it from the Users list (React's encodeReply). */
  private action(id: string, session: Session, args: unknown[]): autocannon.Request {
    return {
      method: "POST",
      path: "/users",
      headers: {
        cookie: session.cookie,
        accept: "text/x-component",
        // Uncompressed: autocannon hands the body over as text, which the answer is read from.
        "accept-encoding": "identity",
        "content-type": "text/plain;charset=UTF-8",
        "next-action": id,
        origin: this.plan.base.origin,
      },
      body: JSON.stringify(args),
    };
  }

  private answered(
    status: number,
    body: string,
    sent: Sent,
    headers: Record<string, string | string[] | undefined>,
  ) {
    const { kind, startedAt } = sent;
    if (!kind || startedAt === undefined) {
      if (status !== 200) this.drainErrors++;
      return;
    }
    this.outstanding--;
    this.lastAnswerAt = performance.now();
    this.checkDrained();
    const stats = this.stats.get(kind)!;
    stats.requests++;
    stats.latencies.push(performance.now() - startedAt);
    stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
    const location = Object.entries(headers).find(
      ([name]) => name.toLowerCase() === "location",
    )?.[1];
    const where = `${sent.session}`;
    if (status >= 400 || status < 200) {
      this.error(kind, `${status} as the ${where}${body ? `: ${body.slice(0, 200)}` : ""}`);
    } else if (status >= 300 && String(location).includes("/sign-in")) {
      this.error(kind, `${status} to ${String(location)}: the ${where}'s session ended`);
    }
    if (sent.roleChange) this.roleChangeAnswered(status, body, sent.roleChange);
    if (sent.invite) this.inviteAnswered(status, body, sent.invite.emails, stats);
  }

  private roleChangeAnswered(
    status: number,
    body: string,
    { target, role }: { target: RoleTarget; role: OrgRole },
  ) {
    const result = status === 200 ? actionResult(body) : undefined;
    if (isObject(result) && result.ok === true && result.role === role) {
      target.role = role;
      target.applied++;
      target.unanswered = null;
    } else if (isFailure(result)) {
      // Nobody else changes these people and one change at a time is sent per person: every
      // refusal is an error here.
      target.unanswered = null;
      this.error(CHANGE_ROLE, `${target.userId} → ${role}: "${result.error}"`);
    } else if (status === 200) {
      this.error(
        CHANGE_ROLE,
        `${target.userId} → ${role}: no action result in ${body.slice(0, 200)}`,
      );
    }
    // Answered: it may be changed again (after an unreadable answer it stays unanswered, which
    // the check afterwards allows either way, and is counted as an error).
    this.idle.push(target);
  }

  private inviteAnswered(status: number, body: string, emails: string[], stats: KindStats) {
    const result = status === 200 ? actionResult(body) : undefined;
    const outcomes =
      isObject(result) && result.ok === true && Array.isArray(result.outcomes)
        ? result.outcomes.filter(isObject)
        : null;
    if (outcomes) {
      this.inviteRequestsInvited++;
      outcomes.forEach((outcome, index) => {
        const email = emails[index];
        if (!email) return;
        this.inviteUnanswered.delete(email);
        if (outcome.status === "invited" && typeof outcome.invitationId === "string") {
          this.invited.set(outcome.invitationId, email);
          if (outcome.emailFailed === true) this.error(INVITE, `the email to ${email} failed`);
        } else {
          this.notInvited.add(email);
          this.error(INVITE, `${email}: ${JSON.stringify(outcome)}`);
        }
      });
      return;
    }
    if (isFailure(result)) {
      for (const email of emails) {
        this.inviteUnanswered.delete(email);
        this.notInvited.add(email);
      }
      if (INVITE_LIMIT.test(result.error)) stats.refused++;
      else this.error(INVITE, `"${result.error}"`);
    } else if (status === 200) {
      this.error(INVITE, `no action result in ${body.slice(0, 200)}`);
    }
  }

  /** Totals over every kind. */
  summary() {
    const all = [...this.stats.values()];
    const latencies = all.flatMap((s) => s.latencies).sort((a, b) => a - b);
    return {
      requests: all.reduce((sum, s) => sum + s.requests, 0),
      errors: all.reduce((sum, s) => sum + s.errors, 0),
      refused: all.reduce((sum, s) => sum + s.refused, 0),
      latencies,
    };
  }
}

/** p50, p95, p99 and the highest of latencies (sorted here). */
export function latencyOf(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1)!,
  };
}
