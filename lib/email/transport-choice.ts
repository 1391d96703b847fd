import { config } from "@/lib/config";

// Which way email leaves this server, decided from RESEND_API_KEY, EMAIL_TRANSPORT and NODE_ENV.
// Kept apart from transport.ts (no Resend SDK, no server-only) so the startup check can use it.

export type TransportChoice =
  | { kind: "resend"; apiKey: string }
  /** Printed to the server log; `redactLinks` outside development, so no token reaches the log. */
  | { kind: "log"; redactLinks: boolean };

export interface EmailSettings {
  /** EMAIL_TRANSPORT, lower-cased: "resend", "log", or undefined when unset. */
  transport: string | undefined;
  resendApiKey: string | undefined;
  /** NODE_ENV as set: links reach the log only when it is "development". */
  nodeEnv: string | undefined;
}

/** A setting that makes sending email impossible or unsafe; the server refuses to start on it. */
export class EmailConfigError extends Error {}

/**
 * - RESEND_API_KEY set: Resend (EMAIL_TRANSPORT may say `resend`, not `log`).
 * - no key, in development (NODE_ENV=development): the server log, links included.
 * - no key, in production: refused, unless EMAIL_TRANSPORT=log, which logs each email with its
 *   links removed (an invitation or reset link in a log is a way in for whoever reads it).
 * - no key, anywhere else (NODE_ENV=test, or unset): the server log, links removed too.
 */
export function chooseTransport(settings: EmailSettings): TransportChoice {
  const { transport, resendApiKey, nodeEnv } = settings;
  if (transport !== undefined && transport !== "resend" && transport !== "log") {
    throw new EmailConfigError(`EMAIL_TRANSPORT must be "resend" or "log" (it is "${transport}").`);
  }
  if (transport === "log" && resendApiKey) {
    throw new EmailConfigError(
      "EMAIL_TRANSPORT=log and RESEND_API_KEY are both set: unset EMAIL_TRANSPORT to send email " +
        "through Resend, or RESEND_API_KEY to only write emails to the log.",
    );
  }
  if (resendApiKey) return { kind: "resend", apiKey: resendApiKey };
  if (transport === "resend") {
    throw new EmailConfigError(
      "EMAIL_TRANSPORT=resend needs RESEND_API_KEY: set it (and EMAIL_FROM) to send email.",
    );
  }
  if (nodeEnv === "development") return { kind: "log", redactLinks: false };
  if (nodeEnv !== "production" || transport === "log") return { kind: "log", redactLinks: true };
  throw new EmailConfigError(
    "RESEND_API_KEY is not set. In production Roster sends its emails (invitations, password " +
      "resets) through Resend: set RESEND_API_KEY and EMAIL_FROM. To run without sending email, " +
      "set EMAIL_TRANSPORT=log: emails are then written to the server log without their links.",
  );
}

/** The choice for this server's environment. Throws EmailConfigError on a refused setting. */
export function configuredTransport(): TransportChoice {
  return chooseTransport({
    transport: config.emailTransport,
    resendApiKey: config.resendApiKey,
    nodeEnv: config.nodeEnv,
  });
}
