import type { Action, DenyReason, Target } from "@/lib/permissions";

/** An expected refusal: its message is meant for the person, and nothing is logged. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
    this.name = "ActionError";
  }
}

export const GENERIC_ERROR = "Something went wrong on our side. Please try again.";

const DENY_MESSAGES: Record<DenyReason, string> = {
  not_found: "Not found. It may have been removed, or it belongs to another organization.",
  inactive: "You no longer have access to this organization.",
  forbidden: "You don't have permission to do that.",
  out_of_scope: "You can only do that within your workspaces.",
  owner_target:
    "The organization's owner can't be changed this way. Ownership moves only by transfer.",
  self: "You can't do that to your own account.",
  invalid_role: "That role can't be given here.",
};

export function denyMessage(reason: DenyReason): string {
  return DENY_MESSAGES[reason];
}

/**
 * The matrix's refusals that the audit log records, with why (lib/actions/pipeline.ts): what the
 * caller asked for is not theirs to do. Not "not found" (another organization's record, or none:
 * nothing to explain without telling whether it exists) nor "inactive" (the person is no longer
 * in the organization).
 */
export const RECORDED_REFUSALS: ReadonlySet<DenyReason> = new Set<DenyReason>([
  "forbidden",
  "out_of_scope",
  "owner_target",
  "self",
  "invalid_role",
]);

/** The matrix refused the caller: the pipeline answers with its message and records why. */
export class AccessRefused extends ActionError {
  constructor(
    readonly action: Action,
    readonly target: Target,
    readonly reason: DenyReason,
  ) {
    super(denyMessage(reason));
  }
}
