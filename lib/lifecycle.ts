import { log } from "@/lib/log";

/**
 * What runs when the server stops (server.mjs, on SIGTERM or SIGINT, once it has stopped taking
 * requests and let the ones under way finish): first every "app" hook (e.g. a background worker
 * finishing what it is doing), all at once, then the "database" ones (closing the database).
 */
export type ShutdownPhase = "app" | "database";

interface Hook {
  phase: ShutdownPhase;
  run: () => Promise<void> | void;
}

interface Lifecycle {
  hooks: Map<string, Hook>;
  stopping?: Promise<void>;
  runShutdownHooks: (options?: { timeoutMs?: number }) => Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;

// Kept on globalThis: Next.js loads this module once per server bundle, and server.mjs, which is
// not bundled, runs the hooks through this slot.
const SLOT = Symbol.for("roster.lifecycle");
const slots = globalThis as typeof globalThis & { [SLOT]?: Lifecycle };
const lifecycle: Lifecycle = (slots[SLOT] ??= {
  hooks: new Map(),
  runShutdownHooks: (options) => runShutdownHooks(options),
});

/**
 * Registers `run` to be awaited when the server stops. One hook per name: registering a name
 * again (another bundle, a dev reload) replaces it. Returns a function that unregisters it.
 */
export function onShutdown(
  name: string,
  run: () => Promise<void> | void,
  options: { phase?: ShutdownPhase } = {},
): () => void {
  const hook: Hook = { phase: options.phase ?? "app", run };
  lifecycle.hooks.set(name, hook);
  return () => {
    if (lifecycle.hooks.get(name) === hook) lifecycle.hooks.delete(name);
  };
}

/** Whether the server has begun stopping (the hooks are running or have run). */
export function isShuttingDown(): boolean {
  return lifecycle.stopping !== undefined;
}

async function runPhase(phase: ShutdownPhase, timeoutMs: number): Promise<void> {
  const hooks = [...lifecycle.hooks].filter(([, hook]) => hook.phase === phase);
  await Promise.all(
    hooks.map(async ([name, hook]) => {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      try {
        const outcome = await Promise.race([Promise.resolve().then(hook.run), timedOut]);
        const durationMs = Math.round(performance.now() - started);
        if (outcome === "timeout") {
          log.warn({ hook: name, durationMs }, "shutdown hook did not finish in time");
        } else {
          log.debug({ hook: name, durationMs }, "shutdown hook done");
        }
      } catch (err) {
        log.error({ err, hook: name }, "shutdown hook failed");
      } finally {
        clearTimeout(timer);
      }
    }),
  );
}

/**
 * Runs the registered hooks, the "app" phase then the "database" phase, each hook given at most
 * `timeoutMs` (a hook that overruns is logged and left behind). Runs once: later calls wait for
 * the first. Never throws.
 */
export function runShutdownHooks(options: { timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  lifecycle.stopping ??= (async () => {
    await runPhase("app", timeoutMs);
    await runPhase("database", timeoutMs);
  })();
  return lifecycle.stopping;
}
