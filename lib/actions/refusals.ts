import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { recordAuditEvents, type AuditEntry } from "@/lib/audit";
import type { Db, Tx } from "@/lib/db";
import { explain, type Actor, type Target } from "@/lib/permissions";
import { ACTION_LABELS } from "@/lib/permissions/reference";
import { consumeRateLimit, RATE_LIMITS } from "@/lib/rate-limit";
import type { RequestInfo } from "@/lib/request/info";
import { getGrantsThatCount, getWorkspaceTree } from "@/lib/request/workspace-tree";
import { log } from "@/lib/log";
import { RECORDED_REFUSALS, type AccessRefused } from "./errors";

/** Who was refused, and where: what the pipeline knows once it has read the caller. */
export interface RefusalContext {
  caller: Caller;
  actor: Actor;
  db: Db;
  request: RequestInfo;
}

/**
 * Records a refusal by the matrix as "access.refused", with the explanation (lib/permissions/
 * explain.ts) and the action, in its own small transaction after the refusal: the refused change
 * wrote nothing. At most one event per caller and action a minute, so a script hammering a
 * forbidden action doesn't flood the log. Its failure never changes the answer.
 */
export async function recordRefusal(ctx: RefusalContext, refusal: AccessRefused): Promise<void> {
  if (!RECORDED_REFUSALS.has(refusal.reason)) return;
  const { caller, actor, db, request } = ctx;
  try {
    const limit = await consumeRateLimit(
      db,
      RATE_LIMITS.refusalAuditPerCallerAndAction,
      `${actor.membershipId}:${refusal.action}`,
    );
    if (!limit.allowed) return;
    const [tree, grants] = await Promise.all([
      getWorkspaceTree(actor.organizationId),
      getGrantsThatCount(actor),
    ]);
    const why = explain({ ...actor, grants }, refusal.action, refusal.target, { tree });
    await db.$transaction(async (tx) => {
      const target = await refusedTarget(tx, refusal.target, tree.path.bind(tree), caller);
      await recordAuditEvents(
        tx,
        {
          action: "access.refused",
          target,
          metadata: {
            action: refusal.action,
            actionLabel: ACTION_LABELS[refusal.action],
            reason: refusal.reason,
            explanation: why.text,
          },
        },
        {
          organizationId: actor.organizationId,
          actorId: caller.user.id,
          actorEmail: caller.user.email,
          request,
        },
      );
    });
  } catch (error) {
    log.error({ err: error, action: refusal.action }, "recording a refused action failed");
  }
}

/** What a refused action was aimed at, as the audit log names it. */
async function refusedTarget(
  tx: Tx,
  target: Target,
  pathOf: (workspaceId: string) => string,
  caller: Caller,
): Promise<AuditEntry["target"]> {
  const organization = caller.membership.organization;
  switch (target.kind) {
    case "organization":
      return { type: "organization", id: organization.id, label: organization.name };
    case "workspace":
      return target.workspaceId === null
        ? { type: "organization", id: organization.id, label: organization.name }
        : { type: "workspace", id: target.workspaceId, label: pathOf(target.workspaceId) };
    case "invitation":
      return {
        type: "invitation",
        id: null,
        label: target.workspaceIds.map(pathOf).join(", ") || organization.name,
      };
    case "user": {
      const membership = await tx.membership.findFirst({
        where: { userId: target.userId, organizationId: organization.id },
        select: { user: { select: { email: true } } },
      });
      return { type: "user", id: target.userId, label: membership?.user.email ?? target.userId };
    }
  }
}
