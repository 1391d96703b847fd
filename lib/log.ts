import { EventEmitter } from "node:events";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import pretty from "pino-pretty";
import { config } from "@/lib/config";
import { currentRequestContext } from "@/lib/request/context";

/**
 * Keys whose values never reach a log line, at the top of a logged object or up to two levels
 * down (`{ err }`, `{ request: { headers } }`). Code must not log these in the first place; this
 * is the second line of defence.
 */
export const REDACTED_KEYS = [
  "password",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "passwordHash",
  "token",
  "rawToken",
  "tokenHash",
  "sessionToken",
  "secret",
  "totpSecret",
  "recoveryCodes",
  "recoveryCodeHashes",
  "authorization",
  "cookie",
  "cookies",
  "set-cookie",
  "link",
  "html",
  "text",
  "body",
] as const;

const key = (name: string) => (/^\w+$/.test(name) ? `.${name}` : `["${name}"]`);
const REDACT_PATHS = REDACTED_KEYS.flatMap((name) => [
  key(name).replace(/^\./, ""),
  `*${key(name)}`,
  `*.*${key(name)}`,
]);

// An unknown LOG_LEVEL stops the server at start (lib/startup.ts), with this logger's help.
function levelOrInfo(): string {
  try {
    return config.logLevel;
  } catch {
    return "info";
  }
}

/**
 * The server's logger as configured here. Only tests call this with a destination (and a level):
 * everyone else uses `log`.
 */
export function createLogger(
  test: { destination?: DestinationStream; level?: string } = {},
): Logger {
  const options: LoggerOptions = {
    level: test.level ?? levelOrInfo(),
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The request this line was written for (server.mjs runs each one in a context, and the app
    // adds the caller once it knows them: lib/request/context.ts).
    mixin() {
      const context = currentRequestContext();
      if (!context) return {};
      const { requestId, userId, organizationId } = context;
      return {
        requestId,
        ...(userId ? { userId } : {}),
        ...(organizationId ? { organizationId } : {}),
      };
    },
  };
  if (config.nodeEnv === "development" && !test.destination) {
    // Synchronous, in this thread: pino's transports run in a worker thread, which a bundled
    // server cannot start.
    return pino(options, pretty({ sync: true, colorize: true, translateTime: "SYS:HH:MM:ss.l" }));
  }
  // One JSON object per line on standard output, "level" as its name ("info", "error", …).
  const json: LoggerOptions = { ...options, formatters: { level: (label) => ({ level: label }) } };
  return test.destination ? pino(json, test.destination) : pino(json);
}

// One logger per process, whichever of Next.js's server bundles (and server.mjs) asks first.
const SLOT = Symbol.for("roster.log");
const slots = globalThis as typeof globalThis & { [SLOT]?: Logger };

/**
 * The server's logger: JSON lines on standard output (pretty under `next dev`), at LOG_LEVEL.
 * Plain pino: `log.error({ err, invitationId }, "sending the invitation failed")`, `log.child(…)`.
 */
export const log: Logger = (slots[SLOT] ??= createLogger());

/**
 * The request lines' logger (lib/production-server.ts): `log` without the redaction pass. A
 * request line's fields are fixed (method, route, status, duration, ids) and hold no secret, and
 * the pass cost each line ~50 µs and a few hundred objects: pino's redaction reads its 63 paths
 * again on every line.
 */
export const requestLog: Logger = forRequestLines(log);

/** `logger` as the request lines use it: the same lines, without the redaction pass. */
export function forRequestLines(logger: Logger): Logger {
  return logger.child({}, { redact: { paths: [] } });
}

/**
 * Writes out every line `logger` still holds, then closes its output: the last thing a process
 * does before it exits (server.mjs after "stopped", a refusal to start). The logger writes to
 * standard output asynchronously; on `process.exit` pino flushes what is queued synchronously,
 * which can overtake a write still under way (the last lines out of order) or cut it short. Gives
 * up after `timeoutMs` (an output nobody reads). The logger writes nothing after this.
 */
export function closeLog(logger: Logger = log, timeoutMs = 2_000): Promise<void> {
  const stream: unknown = Reflect.get(logger, pino.symbols.streamSym);
  if (!(stream instanceof EventEmitter) || !("end" in stream) || typeof stream.end !== "function") {
    return Promise.resolve();
  }
  const end = stream.end.bind(stream) as () => void;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    stream.once("close", done);
    stream.once("error", done);
    end();
  });
}
