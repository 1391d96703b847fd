import { createSession, sessionKey } from "../auth/sessions";
import type { Db } from "../db/client";
import { authCalls, runInTestSession, testSession } from "./session";

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

/** Runs a function as one signed-in person, whatever the shared session (actAs) says. */
export type SignedIn = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * A fresh server-side session of this user, as a browser of their own: each call runs its
 * function (a server action) in that browser. Several of them may run at once as different
 * people, e.g. `Promise.all([asAdmin(() => a(…)), asOwner(() => b(…))])`.
 */
export async function sessionOf(
  db: Db,
  userId: string,
  organizationId?: string,
): Promise<SignedIn> {
  const session = await createSession(db, userId, { ip: "203.0.113.7", userAgent: "vitest" });
  const current = { userId, sessionKey: sessionKey(session.token) };
  const cookies = new Map<string, string>();
  if (organizationId) cookies.set("roster_org", organizationId);
  return (fn) => runInTestSession({ current, cookies }, fn);
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
