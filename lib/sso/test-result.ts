import "server-only";
import { getDb } from "@/lib/db";
import { idParam } from "@/lib/forms/fields";
import { can, type Actor } from "@/lib/permissions";

/** What the owner's Test connection found, as its result page shows it. */
export type SsoTestResult =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; error: string; claims: Record<string, unknown> | null };

const PROBLEMS: Record<string, string> = {
  none: "There is no single sign-on connection to test: save one first.",
  unavailable:
    "The connection can't be used: the issuer didn't answer with a valid discovery document, or the client secret can't be read (enter it again). The server log says which.",
};

/**
 * A Test connection's result for the owner who may test (null: they may not). `id` is the flow's
 * row, which must belong to the viewer's organization; `problem` says why a test didn't start.
 */
export async function ssoTestResultFor(
  actor: Actor,
  query: { id?: unknown; problem?: unknown },
): Promise<SsoTestResult | null> {
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (!can(actor, "settings.edit", organization)) return null;
  if (typeof query.problem === "string") {
    // Own keys only: ?problem=toString must not find Object.prototype's.
    const error = Object.hasOwn(PROBLEMS, query.problem) ? PROBLEMS[query.problem]! : null;
    return { ok: false, error: error ?? PROBLEMS.unavailable!, claims: null };
  }
  const gone: SsoTestResult = {
    ok: false,
    error: "This test result is no longer available. Run Test connection again.",
    claims: null,
  };
  // An id's shape only (a NUL byte would reach PostgreSQL as an error).
  const id = idParam.parse(query.id);
  if (!id) return gone;
  const db = await getDb();
  const row = await db.ssoLogin.findFirst({
    where: {
      id,
      organizationId: actor.organizationId,
      purpose: "test",
      result: { not: null },
    },
    select: { result: true },
  });
  if (!row?.result) return gone;
  const parsed = JSON.parse(row.result) as {
    ok: boolean;
    error?: string;
    claims?: Record<string, unknown> | null;
  };
  return parsed.ok
    ? { ok: true, claims: parsed.claims ?? {} }
    : { ok: false, error: parsed.error ?? "The test failed.", claims: parsed.claims ?? null };
}
