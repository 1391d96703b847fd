export { getDb, type Db, type Tx } from "./client";
export * from "./generated/enums";
export { Prisma } from "./generated/client";
