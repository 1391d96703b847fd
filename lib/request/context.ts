import { AsyncLocalStorage } from "node:async_hooks";

/**
 * What the production server (server.mjs) knows about the request being handled, and what the app
 * adds once it has resolved the caller: the log lines written while the request runs carry it
 * (lib/log.ts), and so does the request's own line when its response ends.
 */
export interface RequestContext {
  requestId: string;
  userId?: string;
  organizationId?: string;
}

// server.mjs runs each request inside this storage; the app's bundles (several per process) reach
// the same one through this slot. Under `next dev` (no server.mjs) nobody runs a context.
const SLOT = Symbol.for("roster.request-context");
const slots = globalThis as typeof globalThis & {
  [SLOT]?: AsyncLocalStorage<RequestContext>;
};

export function requestContextStorage(): AsyncLocalStorage<RequestContext> {
  return (slots[SLOT] ??= new AsyncLocalStorage<RequestContext>());
}

/** The context of the request being handled, if any. */
export function currentRequestContext(): RequestContext | undefined {
  return requestContextStorage().getStore();
}

/** Records who is calling, and in which organization, for the request's log lines. */
export function noteRequestCaller(userId: string, organizationId: string | undefined): void {
  const context = currentRequestContext();
  if (!context) return;
  context.userId = userId;
  context.organizationId = organizationId;
}
