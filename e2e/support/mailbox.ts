// Reads the emails the app sent, from the fake Resend (e2e/support/fake-resend.mjs) that
// playwright.config.ts starts: a test follows an invitation or reset link as a person would.

/** Where the fake Resend listens (playwright.config.ts starts it on 3199). */
export const FAKE_RESEND_URL = (process.env.FAKE_RESEND_URL || "http://127.0.0.1:3199").replace(
  /\/+$/,
  "",
);

/** One recorded email, as the app handed it to Resend. */
export interface Message {
  id: string;
  from: string;
  to: string[];
  subject: string;
  html: string | null;
  text: string | null;
  reply_to: string[] | null;
  created_at: string;
}

async function call(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`${FAKE_RESEND_URL}${path}`, init);
  if (!response.ok) {
    throw new Error(`fake Resend: ${init?.method ?? "GET"} ${path} answered ${response.status}`);
  }
  return response.json();
}

/** The emails sent to `to` (every email when omitted), oldest first. */
export async function listEmails(to?: string): Promise<Message[]> {
  const query = to ? `?to=${encodeURIComponent(to)}` : "";
  return (await call(`/__messages${query}`)) as Message[];
}

/** How many emails `to` has received so far: pass it as `after` to wait for the next one. */
export async function emailCount(to: string): Promise<number> {
  return (await listEmails(to)).length;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Waits for an email to `to` and returns the newest matching one. `after`: how many of that
 * person's emails were already there (from `emailCount`), so only a newer one counts.
 * `subjectIncludes` is case-insensitive.
 */
export async function waitForEmail(
  to: string,
  opts: { subjectIncludes?: string; after?: number; timeout?: number } = {},
): Promise<Message> {
  const { subjectIncludes, after = 0, timeout = 15_000 } = opts;
  const wanted = subjectIncludes?.toLowerCase();
  const deadline = Date.now() + timeout;
  let seen: Message[] = [];
  for (let delay = 100; ; delay = Math.min(delay * 2, 500)) {
    seen = await listEmails(to);
    const match = seen
      .slice(after)
      .filter((m) => !wanted || m.subject.toLowerCase().includes(wanted))
      .at(-1);
    if (match) return match;
    if (Date.now() >= deadline) break;
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
  }
  const subjects = seen.map((m, i) => `  ${i < after ? "(old) " : ""}${m.subject}`).join("\n");
  throw new Error(
    `No email to ${to}${subjectIncludes ? ` with "${subjectIncludes}" in the subject` : ""}` +
      `${after ? ` after the first ${after}` : ""} within ${timeout} ms.` +
      (seen.length ? ` Received:\n${subjects}` : " None received at all."),
  );
}

/** The first http(s) link in the email's plain-text part (where each link is on its own line). */
export function firstLink(message: Message): string {
  const match = /https?:\/\/[^\s<>"]+/.exec(message.text ?? "");
  if (!match)
    throw new Error(`No link in the email "${message.subject}" to ${message.to.join(", ")}`);
  return match[0].replace(/[.,;:!?)\]]+$/, "");
}

/** Forgets every recorded email (of every recipient: the two e2e projects share the fake). */
export async function clearMailbox(): Promise<void> {
  await call("/__messages", { method: "DELETE" });
}

/**
 * While failing, the fake answers sends with a 500, as during a provider outage — only for the
 * given recipients when some are named, so tests running in parallel are not affected.
 */
export async function setOutage(failing: boolean, recipients: string[] = []): Promise<void> {
  await call("/__outage", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ failing, recipients }),
  });
}
