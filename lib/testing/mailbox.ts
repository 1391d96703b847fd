// Records the emails the code under test sends, instead of printing them to the log or handing
// them to Resend: a test reads them, and follows their links as a person would.
//
//   const mailbox = recordEmails();          // e.g. in beforeEach
//   ...                                       // code that calls sendEmail()
//   const link = mailbox.lastLink("mia@example.com");
//   mailbox.restore();                        // e.g. in afterEach
import {
  setTransportOverride,
  type EmailTransport,
  type OutgoingEmail,
} from "@/lib/email/transport";

/** One email as sendEmail handed it to the transport. */
export interface RecordedEmail extends OutgoingEmail {
  /** The provider id the recording transport answered with (stored in the outbox row). */
  id: string;
}

export interface Mailbox {
  /** Every email sent since recording started (or since `clear()`), oldest first. */
  readonly messages: readonly RecordedEmail[];
  /** The emails sent to `email` (case-insensitive), oldest first. */
  to(email: string): RecordedEmail[];
  /** The newest email to `email`, or the newest of all when omitted. Throws when there is none. */
  last(email?: string): RecordedEmail;
  /** The first http(s) link of the message's plain-text part. Throws when there is none. */
  linkIn(message: RecordedEmail): string;
  /** The first link of the newest email to `email`. */
  lastLink(email: string): string;
  /** Makes each following send fail with `error` (as a provider would), until called with null. */
  failWith(error: Error | null): void;
  /** Forgets the recorded emails. */
  clear(): void;
  /** Stops recording: `getTransport()` answers as it did before. Safe to call twice. */
  restore(): void;
  /** The recording transport itself, e.g. to pass to `sendEmail` explicitly. */
  readonly transport: EmailTransport;
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Installs a recording transport: every `sendEmail` without an explicit transport goes to it. */
export function recordEmails(): Mailbox {
  const messages: RecordedEmail[] = [];
  let failure: Error | null = null;
  let count = 0;

  const transport: EmailTransport = {
    // Like the log transport: EMAIL_FROM is optional, so tests need not configure it.
    requiresEmailFrom: false,
    async send(msg) {
      if (failure) throw failure;
      count += 1;
      const id = `recorded_${count}`;
      messages.push({ ...msg, id });
      return { providerMessageId: id };
    },
  };

  const previous = setTransportOverride(transport);
  let restored = false;

  function describeAll(): string {
    return messages.length
      ? `Received:\n${messages.map((m) => `  to ${m.to}: ${m.subject}`).join("\n")}`
      : "No email was sent at all.";
  }

  const mailbox: Mailbox = {
    get messages() {
      return messages;
    },
    to(email) {
      return messages.filter((m) => sameAddress(m.to, email));
    },
    last(email) {
      const message = (email === undefined ? messages : mailbox.to(email)).at(-1);
      if (!message) {
        throw new Error(`No email${email === undefined ? "" : ` to ${email}`}. ${describeAll()}`);
      }
      return message;
    },
    linkIn(message) {
      const match = /https?:\/\/[^\s<>"]+/.exec(message.text);
      if (!match) throw new Error(`No link in the email "${message.subject}" to ${message.to}`);
      // A link ending a sentence: the punctuation is not part of it.
      return match[0].replace(/[.,;:!?)\]]+$/, "");
    },
    lastLink(email) {
      return mailbox.linkIn(mailbox.last(email));
    },
    failWith(error) {
      failure = error;
    },
    clear() {
      messages.length = 0;
    },
    restore() {
      if (restored) return;
      restored = true;
      setTransportOverride(previous);
    },
    transport,
  };
  return mailbox;
}
