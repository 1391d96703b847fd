import "server-only";
import { getDb, type Db } from "@/lib/db";
import { onShutdown } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { deliverEmails } from "./outbox";

// The outbox's worker: one per server process (several instances each run one; the outbox's
// claims keep them from sending one row twice). It delivers due rows — retries, and rows whose
// request died before delivering them — then sleeps, and says when it last looked (`/api/ready`
// reports a worker that stopped looking).

/** How often the worker looks for due rows when the last look found none. */
export const WORKER_INTERVAL_MS = 5_000;
/** A worker that has not looked for this long is not alive (a look sends ≤ 10 rows, 15 s each). */
export const WORKER_STALE_MS = 60_000;

export interface EmailWorker {
  /** Resolves after the current batch (if any) has been sent and recorded. */
  stop(): Promise<void>;
  /** Whether it runs and has looked for due rows within WORKER_STALE_MS. */
  alive(now?: number): boolean;
  /** When it last finished looking (ms since the epoch), or null before the first look. */
  readonly lastLookAt: number | null;
}

export interface WorkerOptions {
  db?: () => Promise<Db>;
  intervalMs?: number;
  /** One batch; by default `deliverEmails` with the configured transport. */
  deliver?: (db: Db) => Promise<{ length: number }>;
}

export function startEmailWorker(options: WorkerOptions = {}): EmailWorker {
  const intervalMs = options.intervalMs ?? WORKER_INTERVAL_MS;
  const openDb = options.db ?? getDb;
  const deliver = options.deliver ?? ((db: Db) => deliverEmails(db));
  let running = true;
  let lastLookAt: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  let current: Promise<void> = Promise.resolve();

  const sleep = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, intervalMs);
      timer.unref();
    });

  const loop = async () => {
    while (running) {
      let sent = 0;
      current = (async () => {
        try {
          sent = (await deliver(await openDb())).length;
        } catch (error) {
          log.error({ err: error }, "email outbox worker: could not deliver");
        }
        lastLookAt = Date.now();
      })();
      await current;
      // A full batch: more may be due at once.
      if (running && sent === 0) await sleep();
    }
  };
  void loop();

  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await current;
    },
    alive(now = Date.now()) {
      return running && lastLookAt !== null && now - lastLookAt < WORKER_STALE_MS;
    },
    get lastLookAt() {
      return lastLookAt;
    },
  };
}

// One worker per process, on globalThis: Next.js loads server modules once per bundle.
const slot = globalThis as typeof globalThis & { __rosterEmailWorker?: EmailWorker };

/**
 * Starts this process's worker (once); called when the server starts (instrumentation.ts). It
 * stops when the server does, after the batch it is sending (before the database closes).
 */
export function startProcessEmailWorker(): EmailWorker {
  if (!slot.__rosterEmailWorker) {
    const worker = startEmailWorker();
    slot.__rosterEmailWorker = worker;
    onShutdown("email-worker", () => worker.stop());
  }
  return slot.__rosterEmailWorker;
}

/** This process's worker, if it was started. */
export function processEmailWorker(): EmailWorker | undefined {
  return slot.__rosterEmailWorker;
}
