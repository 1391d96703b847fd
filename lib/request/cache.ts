import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { cache } from "react";

type Memo = Map<unknown, Map<string, Promise<unknown>>>;

const actionScope = new AsyncLocalStorage<Memo>();

/**
 * Runs a server action with a memo of its own. React's `cache()` memoizes only while a page
 * renders; a server action runs outside that, so the action pipeline opens this scope instead.
 */
export function withRequestScope<T>(fn: () => Promise<T>): Promise<T> {
  return actionScope.run(new Map(), fn);
}

/**
 * Loads something once per request, whoever asks for it: React's `cache()` while a page renders,
 * the action's scope (`withRequestScope`) in a server action, and no memo at all elsewhere
 * (scripts, tests calling data functions directly).
 */
export function perRequest<A extends string[], R>(
  load: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  const rendering = cache(load);
  return (...args: A) => {
    const memo = actionScope.getStore();
    if (!memo) return rendering(...args);
    let results = memo.get(load);
    if (!results) memo.set(load, (results = new Map<string, Promise<unknown>>()));
    const key = args.join("\u0000");
    let result = results.get(key) as Promise<R> | undefined;
    if (!result) {
      result = load(...args);
      results.set(key, result);
    }
    return result;
  };
}
