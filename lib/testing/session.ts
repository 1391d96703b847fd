import type { SessionIdentity } from "../auth/session";

/** The identity the mocked session reports; tests switch it with actAs()/signOutAll(). */
export const testSession: { current: SessionIdentity | null; cookies: Map<string, string> } = {
  current: null,
  cookies: new Map(),
};

/** Records what the mocked next-auth was asked to do. */
export const authCalls: { signIn: unknown[][]; signOut: unknown[][] } = { signIn: [], signOut: [] };
