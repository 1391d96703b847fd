import "server-only";
import { auth } from "./auth";

export interface SessionIdentity {
  userId: string;
  sessionVersion: number;
}

/** Who the session cookie says is signed in. Only identity: never used to decide permissions. */
export async function getSession(): Promise<SessionIdentity | null> {
  const session = await auth();
  if (!session?.userId) return null;
  return { userId: session.userId, sessionVersion: session.sessionVersion };
}
