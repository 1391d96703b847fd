import type { Db } from "../db/client";
import { authCalls, testSession } from "./session";

/** Makes the next server action run as this user, with their current session version. */
export async function actAs(db: Db, userId: string, organizationId?: string): Promise<void> {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { sessionVersion: true },
  });
  testSession.current = { userId, sessionVersion: user.sessionVersion };
  testSession.cookies.clear();
  if (organizationId) testSession.cookies.set("roster_org", organizationId);
}

export function signedOut(): void {
  testSession.current = null;
  testSession.cookies.clear();
}

export function resetTestSession(): void {
  signedOut();
  authCalls.signIn.length = 0;
  authCalls.signOut.length = 0;
}
