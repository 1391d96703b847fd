import { expect } from "vitest";
import { getCaller } from "../auth/caller";
import type { Db, Tx } from "../db/client";
import { withRequestScope } from "../request/cache";
import type { SignedIn } from "./actors";

/**
 * One request of a signed-in person's (`sessionOf`): the caller read first, as every page and
 * action does, which notes the organization's catalog version (lib/request/catalog.ts); then `fn`.
 */
export function requestOf(as: SignedIn) {
  return <T>(fn: () => Promise<T>) =>
    as(() =>
      withRequestScope(async () => {
        expect(await getCaller()).not.toBeNull();
        return fn();
      }),
    );
}

/** Changes rows with the triggers off (as a replica applies changes): the catalog version stays. */
export async function behindTheTriggers(db: Db, change: (tx: Tx) => Promise<unknown>) {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SET LOCAL session_replication_role = replica`;
    await change(tx);
  });
}
