import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { actorFor, getCaller, twoFactorSetupRequired, type Caller } from "@/lib/auth/caller";
import { logAuditEvents, recordAuditEvents, type AuditEntry } from "@/lib/audit";
import {
  getDb,
  isTransactionConflict,
  lockWorkspaceTree,
  Prisma,
  type Db,
  type Tx,
} from "@/lib/db";
import { decide, type Action, type Actor, type Target } from "@/lib/permissions";
import { withRequestScope } from "@/lib/request/cache";
import { getWorkspaceGrants } from "@/lib/request/workspace-tree";
import { getRequestInfo, type RequestInfo } from "@/lib/request/info";

import {
  AccessRefused,
  ActionError,
  denyMessage,
  GENERIC_ERROR,
  RECORDED_REFUSALS,
} from "./errors";
import { recordRefusal } from "./refusals";
import type { ActionResult } from "./result";
import { log } from "@/lib/log";

const TWO_FACTOR_REQUIRED =
  "This organization requires two-factor authentication for owners and admins. Set it up in Account settings first.";

export { AccessRefused, ActionError, denyMessage, GENERIC_ERROR, RECORDED_REFUSALS };

export type { ActionResult };
export type { Tx };

/** A further matrix check inside an action (e.g. a save that also changes the role). */
export function assertAllowed(actor: Actor, action: Action, target: Target): void {
  const decision = decide(actor, action, target);
  if (!decision.allowed) throw new AccessRefused(action, target, decision.reason);
}

/** Zod issues → one message per field, keyed by dotted path ("rows.2.email"). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Bad input: a message above the form, and one on each field that needs correcting. */
function invalidInput(error: z.ZodError): ActionResult<never> {
  return {
    ok: false,
    error: "Please correct the highlighted fields.",
    fieldErrors: fieldErrorsOf(error),
  };
}

function inputOf(raw: unknown): unknown {
  return raw instanceof FormData ? Object.fromEntries(raw.entries()) : raw;
}

function isFrameworkSignal(error: unknown): boolean {
  // redirect() and notFound() work by throwing; they must reach Next.js untouched.
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    typeof digest === "string" &&
    (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"))
  );
}

function failure(name: string, error: unknown): ActionResult<never> {
  if (error instanceof ActionError) {
    return {
      ok: false,
      error: error.message,
      ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
    };
  }
  log.error({ err: error, action: name }, "server action failed");
  return { ok: false, error: GENERIC_ERROR };
}

async function runAfterCommit<R extends object>(
  name: string,
  outcome: { afterCommit?: () => Promise<Partial<R> | void> },
): Promise<Partial<R>> {
  try {
    return (await outcome.afterCommit?.()) ?? {};
  } catch (error) {
    log.error({ err: error, action: name }, "server action's after-commit work failed");
    return {};
  }
}

interface RunOutcome<R extends object> {
  result: R;
  /** Written in the same transaction as the change. A mutation must record at least one event. */
  audit: AuditEntry | AuditEntry[];
  /**
   * Where the events are written when not (only) in the caller's organization: a new
   * organization's first event goes into its own log, a change to the person's own account into
   * each of their organizations'. "server-log": the organization was deleted together with its
   * audit log, so the event is written to the server's log instead (after the commit).
   */
  auditIn?: { organizationIds: string[] } | "server-log";
  revalidate?: string[];
  /**
   * Work for after the commit, such as sending an email: it never runs for a rolled-back change,
   * and its failure cannot undo the committed one (it is logged; emails record their own failure).
   */
  afterCommit?: () => Promise<Partial<R> | void>;
}

/** How many times an action's transaction is tried when PostgreSQL aborts it for a conflict. */
const TRANSACTION_ATTEMPTS = 8;

/**
 * The action's one transaction, run again when PostgreSQL aborted it as the loser of a deadlock
 * or write conflict with another (people changed at once by several admins, where the database's
 * maintained counts take their locks in different orders): the new attempt reads afresh and
 * applies, or refuses with a message, instead of answering "something went wrong". Each new
 * attempt waits a random while that grows (up to ~50, 100, 200, 400, 800 ms, then 1 s):
 * transactions aborted together and retried at once would otherwise meet again in the same
 * deadlock. Five attempts with a quarter of these waits were not always enough on a busy 2-core
 * machine: six pairs of managers removing each other saw three still deadlocked at the fifth.
 */
async function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work);
    } catch (error) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isTransactionConflict(error)) throw error;
      const ceiling = Math.min(1_000, 50 * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}

export const CALLER_ROLE_CHANGED =
  "Your role in this organization changed. Reload the page and try again.";
export const CALLER_WORKSPACE_ROLES_CHANGED =
  "Your workspace roles changed. Reload the page and try again.";

/**
 * The caller's membership, read again inside the action's transaction and share-locked until it
 * commits: the checks before the transaction read it without a lock, so two admins disabling,
 * demoting or removing each other at once would otherwise both pass them and both apply — each
 * change made by someone who, once the other's commits, no longer could
 * (lib/stress/races.integration.test.ts). With the lock, the second waits for the first (or
 * PostgreSQL aborts one as a deadlock, and inTransaction tries it again), then finds the change.
 */
async function confirmCallerInTransaction(
  tx: Tx,
  membership: Caller["membership"],
  checkRole: boolean,
) {
  // A member acts through workspace roles, and their actions change workspaces and who is in
  // them. They take turns per organization, on the lock every change of workspace memberships
  // takes anyway (its counts' triggers, tree edits), before share-locking their own rows below:
  // taken after those, two managers removing each other each held what the other's removal
  // needed, and PostgreSQL let them wait a whole deadlock_timeout (1 s) before aborting one;
  // six such pairs chained these waits past a transaction's 5 s.
  if (checkRole && membership.role === "member")
    await lockWorkspaceTree(tx, membership.organization.id);
  const [live] = await tx.$queryRaw<{ status: string; role: string }[]>`
    SELECT "status"::text AS status, "role"::text AS role FROM "Membership"
    WHERE "id" = ${membership.id} FOR SHARE`;
  if (!live || live.status !== "active") throw new ActionError(denyMessage("inactive"));
  if (!checkRole) return;
  if (live.role !== membership.role) throw new ActionError(CALLER_ROLE_CHANGED);
  // A member acts through their workspace roles: the same holds for those. Two managers removing
  // each other from a workspace at once would otherwise both apply.
  if (membership.role === "member") {
    // A custom role's permissions are part of them: one edited meanwhile counts as a change.
    const before = await getWorkspaceGrants(membership.id);
    const now = await tx.$queryRaw<GrantKey[]>`
      SELECT "workspaceId", "role"::text AS role, "customRoleId" FROM "WorkspaceMembership"
      WHERE "membershipId" = ${membership.id} FOR SHARE`;
    const customRoleIds = [
      ...new Set(now.flatMap((g) => (g.customRoleId ? [g.customRoleId] : []))),
    ];
    const versions = new Map(
      customRoleIds.length === 0
        ? []
        : (
            await tx.$queryRaw<{ id: string; version: number }[]>`
              SELECT "id", "version" FROM "CustomRole"
              WHERE "id" IN (${Prisma.join(customRoleIds)}) FOR SHARE`
          ).map((r) => [r.id, r.version]),
    );
    const nowKeys = grantKeys(
      now.map((g) => ({
        ...g,
        version: g.customRoleId ? versions.get(g.customRoleId) : undefined,
      })),
    );
    const beforeKeys = grantKeys(
      before.map((g) => ({
        workspaceId: g.workspaceId,
        role: g.role,
        customRoleId: g.customRole?.id ?? null,
        version: g.customRole?.version,
      })),
    );
    if (beforeKeys !== nowKeys) throw new ActionError(CALLER_WORKSPACE_ROLES_CHANGED);
  }
}

interface GrantKey {
  workspaceId: string;
  role: string;
  customRoleId: string | null;
  version?: number;
}

function grantKeys(grants: GrantKey[]): string {
  return grants
    .map((g) => `${g.workspaceId}:${g.role}:${g.customRoleId ?? ""}@${g.version ?? ""}`)
    .sort()
    .join(",");
}

export interface MemberContext<I> {
  input: I;
  caller: Caller;
  actor: Actor;
  db: Db;
  request: RequestInfo;
}

/** A matrix action on a target, or "self": the caller changing only their own account. */
export type Permission = { action: Action; target: Target } | "self";

export interface MemberActionDefinition<S extends z.ZodType, R extends object, P = undefined> {
  name: string;
  input: S;
  /**
   * Which matrix action on which target. Loads the target with queries scoped to the caller's
   * organization; a target that doesn't exist there should be reported as another tenant's.
   */
  permission: (ctx: MemberContext<z.output<S>>) => Promise<Permission> | Permission;
  /**
   * Checks after the matrix, before the transaction, whose effects must outlive a refusal (a
   * rate limit counting wrong passwords): throw ActionError to refuse.
   */
  guard?: (ctx: MemberContext<z.output<S>>) => Promise<void>;
  /**
   * Slow work run() needs (hashing a new password), after the guard and before the transaction,
   * so the transaction doesn't hold one of the pool's few connections meanwhile; as in
   * PublicActionDefinition.
   */
  prepare?: (ctx: MemberContext<z.output<S>>) => Promise<P>;
  run: (ctx: MemberContext<z.output<S>> & { tx: Tx; prepared: P }) => Promise<RunOutcome<R>>;
}

/**
 * The one pipeline for actions by a signed-in member (docs/product.md, "Rules"): zod parse →
 * session → live membership → permission matrix → one transaction with the audit event →
 * revalidate → result.
 */
export function memberAction<S extends z.ZodType, R extends object, P = undefined>(
  def: MemberActionDefinition<S, R, P>,
) {
  return (raw: z.input<S> | FormData): Promise<ActionResult<R>> =>
    withRequestScope(() => runMemberAction(def, raw));
}

async function runMemberAction<S extends z.ZodType, R extends object, P>(
  def: MemberActionDefinition<S, R, P>,
  raw: z.input<S> | FormData,
): Promise<ActionResult<R>> {
  let refusalContext: MemberContext<z.output<S>> | undefined;
  try {
    const parsed = def.input.safeParse(inputOf(raw));
    if (!parsed.success) return invalidInput(parsed.error);
    const caller = await getCaller();
    if (!caller) return { ok: false, error: "Your session has ended. Sign in again to continue." };
    if (caller.membership.status !== "active") return { ok: false, error: denyMessage("inactive") };
    const [actor, db, request] = await Promise.all([actorFor(caller), getDb(), getRequestInfo()]);
    const ctx: MemberContext<z.output<S>> = { input: parsed.data, caller, actor, db, request };
    refusalContext = ctx;

    const permission = await def.permission(ctx);
    if (permission !== "self") {
      // The organization's Security setting: its owners and admins act in it only with 2FA on.
      // Their own account ("self": profile, password, two-factor set-up, sessions) stays open.
      if (twoFactorSetupRequired(caller)) return { ok: false, error: TWO_FACTOR_REQUIRED };
      assertAllowed(actor, permission.action, permission.target);
    }
    await def.guard?.(ctx);
    // Without prepare(), P is its default, undefined.
    const prepared = def.prepare ? await def.prepare(ctx) : (undefined as P);

    const outcome = await inTransaction(db, async (tx) => {
      await confirmCallerInTransaction(tx, caller.membership, permission !== "self");
      const out = await def.run({ ...ctx, tx, prepared });
      if (out.auditIn !== "server-log") {
        for (const organizationId of out.auditIn?.organizationIds ?? [actor.organizationId]) {
          await recordAuditEvents(tx, out.audit, {
            organizationId,
            actorId: caller.user.id,
            actorEmail: caller.user.email,
            request,
          });
        }
      }
      return out;
    });
    if (outcome.auditIn === "server-log") {
      logAuditEvents(outcome.audit, {
        organizationId: actor.organizationId,
        actorId: caller.user.id,
        actorEmail: caller.user.email,
        request,
      });
    }
    const late = await runAfterCommit(def.name, outcome);
    for (const path of outcome.revalidate ?? []) revalidatePath(path, "layout");
    return { ok: true, ...outcome.result, ...late };
  } catch (error) {
    if (isFrameworkSignal(error)) throw error;
    if (error instanceof AccessRefused && refusalContext) {
      await recordRefusal(refusalContext, error);
    }
    return failure(def.name, error);
  }
}

export interface PublicContext<I> {
  input: I;
  db: Db;
  request: RequestInfo;
}

export interface PublicActionDefinition<S extends z.ZodType, R extends object, P = undefined> {
  name: string;
  input: S;
  /** Checks before the transaction (rate limits, state): throw ActionError to refuse. */
  guard?: (ctx: PublicContext<z.output<S>>) => Promise<void>;
  /**
   * Slow work that run() needs and that reads nothing in the database (hashing a new password),
   * done after the guard and before the transaction: a transaction holds one of the pool's few
   * connections, and a burst of requests hashing inside theirs left the others waiting past
   * the transaction's start timeout (lib/stress/races.integration.test.ts).
   */
  prepare?: (ctx: PublicContext<z.output<S>>) => Promise<P>;
  /**
   * The audit events are written once in each of `organizationIds`: an account-level change is
   * recorded in every organization the account belongs to. No organization: nothing changed.
   */
  run: (
    ctx: PublicContext<z.output<S>> & { tx: Tx; prepared: P },
  ) => Promise<
    RunOutcome<R> & { organizationIds: string[]; actor: { id: string; email: string } | null }
  >;
  /** After the commit (e.g. signing the new user in, which redirects). */
  after?: (ctx: PublicContext<z.output<S>>, result: R) => Promise<void>;
}

/**
 * The same pipeline for the few actions taken before there is a session (first-run setup,
 * accepting an invitation): the input and a guard stand in for the permission check.
 */
export function publicAction<S extends z.ZodType, R extends object, P = undefined>(
  def: PublicActionDefinition<S, R, P>,
) {
  return (raw: z.input<S> | FormData): Promise<ActionResult<R>> =>
    withRequestScope(() => runPublicAction(def, raw));
}

async function runPublicAction<S extends z.ZodType, R extends object, P>(
  def: PublicActionDefinition<S, R, P>,
  raw: z.input<S> | FormData,
): Promise<ActionResult<R>> {
  let outcome: RunOutcome<R> | undefined;
  let ctx: PublicContext<z.output<S>> | undefined;
  try {
    const parsed = def.input.safeParse(inputOf(raw));
    if (!parsed.success) return invalidInput(parsed.error);
    const [db, request] = await Promise.all([getDb(), getRequestInfo()]);
    ctx = { input: parsed.data, db, request };
    await def.guard?.(ctx);
    // Without prepare(), P is its default, undefined.
    const prepared = def.prepare ? await def.prepare(ctx) : (undefined as P);
    const c = ctx;
    outcome = await inTransaction(db, async (tx) => {
      const out = await def.run({ ...c, tx, prepared });
      for (const organizationId of out.organizationIds) {
        await recordAuditEvents(tx, out.audit, {
          organizationId,
          actorId: out.actor?.id ?? null,
          actorEmail: out.actor?.email ?? null,
          request,
        });
      }
      return out;
    });
    outcome = {
      ...outcome,
      result: { ...outcome.result, ...(await runAfterCommit(def.name, outcome)) },
    };
    for (const path of outcome.revalidate ?? []) revalidatePath(path, "layout");
  } catch (error) {
    if (isFrameworkSignal(error)) throw error;
    return failure(def.name, error);
  }
  try {
    await def.after?.(ctx, outcome.result);
  } catch (error) {
    if (isFrameworkSignal(error)) throw error;
    return failure(def.name, error);
  }
  return { ok: true, ...outcome.result };
}
