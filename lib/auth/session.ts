import "server-only";
import { auth } from "./auth";

export interface SessionIdentity {
  userId: string;
  /** The key of the session's row (SHA-256 of the raw id the cookie carries). */
  sessionKey: string;
}

/**
 * Who the session cookie says is signed in, and which server-side session it claims. Only a
 * claim: lib/auth/caller.ts checks the session row and the live membership before anything else.
 */
export async function getSession(): Promise<SessionIdentity | null> {
  const session = await auth();
  if (!session?.userId || !session.sessionKey) return null;
  return { userId: session.userId, sessionKey: session.sessionKey };
}
