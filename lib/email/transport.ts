import "server-only";
import { Resend } from "resend";
import { config } from "@/lib/config";
import { log } from "@/lib/log";
import { configuredTransport } from "./transport-choice";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
}

/** What an email is, beyond its content (the log transport names it). */
export interface EmailContext {
  /** Which email this is, e.g. "invitation", "password-reset". */
  template: string;
  /**
   * The same for every attempt at one outbox row: a provider that sees it twice (a sender died
   * after the provider accepted, before the row was marked sent) sends the email once.
   */
  idempotencyKey?: string;
}

/** Hands one email to a provider. Throws when the provider does not accept it. */
export interface EmailTransport {
  send(msg: OutgoingEmail, context?: EmailContext): Promise<{ providerMessageId: string | null }>;
  /**
   * True when the transport delivers real email, so EMAIL_FROM must be configured (a provider only
   * accepts a verified sender). Without it, `Roster <roster@localhost>` stands in.
   */
  readonly requiresEmailFrom?: boolean;
}

/** How long one call to the provider may take before the send counts as failed. */
const SEND_TIMEOUT_MS = 15_000;

/**
 * Sends through Resend's API. The base URL is Resend's own unless `baseUrl` is given (the SDK
 * also reads RESEND_BASE_URL itself when constructed); tests point it at e2e/support/fake-resend.mjs.
 */
export function resendTransport(apiKey: string, baseUrl?: string): EmailTransport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, "") } : undefined);
  return {
    requiresEmailFrom: true,
    async send(msg, context) {
      const signal = AbortSignal.timeout(SEND_TIMEOUT_MS);
      // The SDK never throws for API or network errors: it answers `{ data: null, error }`.
      const { data, error } = await resend.emails.send(
        {
          from: msg.from,
          to: msg.to,
          subject: msg.subject,
          html: msg.html,
          text: msg.text,
          ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        },
        { signal, ...(context?.idempotencyKey ? { idempotencyKey: context.idempotencyKey } : {}) },
      );
      if (error) {
        if (signal.aborted) {
          throw new Error(`Resend did not answer within ${SEND_TIMEOUT_MS / 1000} seconds`);
        }
        const status = error.statusCode ? ` ${error.statusCode}` : "";
        throw new Error(`Resend error${status} (${error.name}): ${error.message}`);
      }
      return { providerMessageId: data?.id ?? null };
    },
  };
}

/**
 * No provider: writes each email to the server log instead of sending it. In development, with
 * its text and links, so invitations and password resets can be followed from the log. Everywhere
 * else (production with EMAIL_TRANSPORT=log, tests, NODE_ENV unset) only the envelope and which
 * email it is: no email body reaches a log line (its links would let whoever reads the log accept
 * or reset).
 */
export function logTransport(options: { redactLinks: boolean }): EmailTransport {
  return {
    async send(msg, context) {
      const email = {
        template: context?.template ?? null,
        from: msg.from,
        to: msg.to,
        ...(msg.replyTo ? { replyTo: msg.replyTo } : {}),
        subject: msg.subject,
      };
      if (options.redactLinks) {
        log.info(
          { email },
          "email not sent (RESEND_API_KEY is not set); its text is logged only in development",
        );
      } else {
        log.info(
          { email },
          `email not sent (RESEND_API_KEY is not set); this is what would be sent:\n\n${msg.text.trimEnd()}`,
        );
      }
      return { providerMessageId: null };
    },
  };
}

let cachedResend: { key: string; baseUrl: string | undefined; transport: EmailTransport } | null =
  null;
let override: EmailTransport | null = null;

/**
 * For tests: makes `getTransport()` return `transport` whatever the environment says, so the code
 * under test sends through it (lib/testing/mailbox.ts records with it). `null` removes it.
 * Returns the override it replaces, so a caller can put it back.
 */
export function setTransportOverride(transport: EmailTransport | null): EmailTransport | null {
  const previous = override;
  override = transport;
  return previous;
}

/**
 * The test override when one is set; else as configured (lib/email/transport-choice.ts): Resend
 * when RESEND_API_KEY is set, else the server log. Throws when the settings refuse both (in
 * production without a key or EMAIL_TRANSPORT=log), so the send is recorded as failed.
 */
export function getTransport(): EmailTransport {
  if (override) return override;
  const choice = configuredTransport();
  if (choice.kind === "log") return logTransport({ redactLinks: choice.redactLinks });
  const key = choice.apiKey;
  const baseUrl = config.resendBaseUrl;
  if (cachedResend?.key !== key || cachedResend.baseUrl !== baseUrl) {
    cachedResend = { key, baseUrl, transport: resendTransport(key, baseUrl) };
  }
  return cachedResend.transport;
}

export const DEFAULT_FROM = "Roster <roster@localhost>";

/** `Name <addr>` → `addr`; a bare address stays as it is. */
export function addressPart(from: string): string {
  const match = /<([^<>]+)>\s*$/.exec(from);
  return (match?.[1] ?? from).trim();
}

/** A display name safe for a From header: no brackets, quotes, backslashes or control characters. */
function displayName(name: string): string {
  const clean = name
    .replace(/[\p{Cc}<>"\\]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  // RFC 5322 "specials" need a quoted string.
  return /[()[\]:;@,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * The From header: EMAIL_FROM, with the organization's sender name in front of its address when
 * one is given (`"Acme HR <roster@acme.example>"`). Without EMAIL_FROM, a transport that delivers
 * real email fails clearly; the log transport uses `Roster <roster@localhost>`.
 */
export function fromAddress(
  senderName: string | null | undefined,
  transport: Pick<EmailTransport, "requiresEmailFrom">,
): string {
  const configured = config.emailFrom;
  if (!configured && transport.requiresEmailFrom) {
    throw new Error(
      "EMAIL_FROM is not set: Resend needs a sender address on a verified domain, " +
        'e.g. EMAIL_FROM="Roster <roster@your-domain.example>"',
    );
  }
  const from = configured ?? DEFAULT_FROM;
  const name = senderName ? displayName(senderName) : "";
  return name ? `${name} <${addressPart(from)}>` : from;
}
