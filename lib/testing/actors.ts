import { createSession, sessionKey } from "../auth/sessions";
import type { Db } from "../db/client";
import { authCalls, testSession } from "./session";

/**
 * Makes the next server action run as this user, in a fresh server-side session of theirs (as
 * after signing in). Returns that session's row id.
 */
export async function actAs(db: Db, userId: string, organizationId?: string): Promise<string> {
  const session = await createSession(db, userId, { ip: "203.0.113.7", userAgent: "vitest" });
  testSession.current = { userId, sessionKey: sessionKey(session.token) };
  testSession.cookies.clear();
  if (organizationId) testSession.cookies.set("roster_org", organizationId);
  return session.id;
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
