import { AsyncLocalStorage } from "node:async_hooks";
import type { SessionIdentity } from "../auth/session";

/** What a browser would send: who is signed in (the session cookie) and the other cookies. */
export interface TestSessionState {
  current: SessionIdentity | null;
  cookies: Map<string, string>;
}

const shared: TestSessionState = { current: null, cookies: new Map() };
const scoped = new AsyncLocalStorage<TestSessionState>();

/**
 * The identity the mocked session reports; tests switch it with actAs()/signOutAll(). Inside
 * runInTestSession() (actors.ts, `sessionOf`) it is that scope's own, so actions started in
 * parallel can run as different people without racing on one shared value.
 */
export const testSession = {
  get current(): SessionIdentity | null {
    return (scoped.getStore() ?? shared).current;
  },
  set current(identity: SessionIdentity | null) {
    (scoped.getStore() ?? shared).current = identity;
  },
  get cookies(): Map<string, string> {
    return (scoped.getStore() ?? shared).cookies;
  },
};

/** Runs `fn` (and everything it awaits) with a session of its own instead of the shared one. */
export function runInTestSession<T>(state: TestSessionState, fn: () => T): T {
  return scoped.run(state, fn);
}

/** Records what the mocked next-auth was asked to do. */
export const authCalls: { signIn: unknown[][]; signOut: unknown[][] } = { signIn: [], signOut: [] };
