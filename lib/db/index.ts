import type { Tx } from "./client";
export { getDb, type Db, type Tx } from "./client";
export * from "./generated/enums";
export { Prisma } from "./generated/client";

/** A unique constraint refused the write (Prisma error P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/**
 * PostgreSQL gave up this transaction so that others could go on: a deadlock (two transactions
 * each waiting for a row the other holds) or a write conflict (Prisma error P2034). Running it
 * again from the start, on what the others committed, is the documented remedy.
 */
export function isTransactionConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null || !("code" in error)) return false;
  if (error.code === "P2034") return true;
  // A raw statement ($queryRaw) that PostgreSQL aborted as a deadlock's loser or a serialization
  // failure: Prisma reports it as a failed raw query, with the driver's reading of the cause.
  if (error.code !== "P2010" || !("meta" in error)) return false;
  return /"kind":"TransactionWriteConflict"|"originalCode":"(40P01|40001)"/.test(
    JSON.stringify(error.meta ?? null),
  );
}

/**
 * Holds the organization's row until the transaction ends (FOR UPDATE): settings that are checked
 * against each other across tables (single sign-on's domains must stay among the allowed email
 * domains) take it before reading, so two such changes run one after the other and the second
 * reads what the first committed.
 */
export async function lockOrganization(tx: Tx, organizationId: string): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
}

/**
 * The organization's workspace-tree lock: changes to the tree's shape, and to who holds a role
 * in it, take turns per organization. The triggers that keep its maintained counts take the same
 * lock (prisma/migrations/20261202060000_workspace_member_counts), so the key must stay as is.
 */
export async function lockWorkspaceTree(tx: Tx, organizationId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`workspace-tree:${organizationId}`}))`;
}
