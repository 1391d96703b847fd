export { getDb, type Db, type Tx } from "./client";
export * from "./generated/enums";
export { Prisma } from "./generated/client";

/** A unique constraint refused the write (Prisma error P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}
