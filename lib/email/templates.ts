// The emails Roster sends. Pure functions: data in, `{ subject, html, text }` out.
//
// Every email is described once as a list of blocks and rendered twice: a simple table-based HTML
// layout with inline styles (what mail clients render reliably) and a plain-text part with each
// link on its own line. Every interpolated value is HTML-escaped in the HTML part.

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

const PRODUCT = "Roster";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "Monday, 1 December 2026 at 14:00 UTC": the same on every server, whatever its locale. */
export function formatEmailDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const weekday = WEEKDAYS[date.getUTCDay()] ?? "";
  const month = MONTHS[date.getUTCMonth()] ?? "";
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return `${weekday}, ${date.getUTCDate()} ${month} ${date.getUTCFullYear()} at ${time} UTC`;
}

/** A subject is one header line: no control characters, no runs of spaces. */
function subjectLine(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

// --- Building blocks ---------------------------------------------------------------------------

type Segment = string | { strong: string };
type Block =
  | { kind: "paragraph"; segments: Segment[] }
  | { kind: "list"; items: Segment[][] }
  | { kind: "button"; label: string; href: string }
  | { kind: "note"; segments: Segment[] };

const paragraph = (...segments: Segment[]): Block => ({ kind: "paragraph", segments });
const note = (...segments: Segment[]): Block => ({ kind: "note", segments });
const list = (items: Segment[][]): Block => ({ kind: "list", items });
const button = (label: string, href: string): Block => ({ kind: "button", label, href });
const strong = (value: string): Segment => ({ strong: value });

interface Email {
  subject: string;
  /** Shown by many clients next to the subject in the inbox list. */
  preheader: string;
  greeting?: string;
  blocks: Block[];
  /** The organization the email is sent for, named in the footer. */
  organizationName?: string;
}

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT_STYLE = `font-family:${FONT};font-size:15px;line-height:24px;color:#27272a;`;
const NOTE_STYLE = `font-family:${FONT};font-size:13px;line-height:20px;color:#52525b;`;

function segmentsHtml(segments: Segment[]): string {
  return segments
    .map((s) =>
      typeof s === "string"
        ? escapeHtml(s)
        : `<strong style="font-weight:600;color:#18181b;">${escapeHtml(s.strong)}</strong>`,
    )
    .join("");
}

function segmentsText(segments: Segment[]): string {
  return segments.map((s) => (typeof s === "string" ? s : s.strong)).join("");
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case "paragraph":
      return row(`<p style="margin:0;${TEXT_STYLE}">${segmentsHtml(block.segments)}</p>`);
    case "note":
      return row(`<p style="margin:0;${NOTE_STYLE}">${segmentsHtml(block.segments)}</p>`);
    case "list":
      return row(
        `<ul style="margin:0;padding:0 0 0 20px;${TEXT_STYLE}">` +
          block.items
            .map((item) => `<li style="margin:0 0 4px 0;">${segmentsHtml(item)}</li>`)
            .join("") +
          `</ul>`,
      );
    case "button": {
      const href = escapeHtml(block.href);
      return (
        row(
          `<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>` +
            `<td align="center" bgcolor="#18181b" style="border-radius:6px;background-color:#18181b;">` +
            `<a href="${href}" target="_blank" rel="noopener" style="display:inline-block;padding:12px 24px;` +
            `font-family:${FONT};font-size:15px;font-weight:600;line-height:20px;color:#ffffff;` +
            `text-decoration:none;border-radius:6px;">${escapeHtml(block.label)}</a>` +
            `</td></tr></table>`,
        ) +
        row(
          `<p style="margin:0;${NOTE_STYLE}">If the button doesn't work, copy this link into your browser:<br>` +
            `<a href="${href}" target="_blank" rel="noopener" style="color:#2563eb;text-decoration:underline;` +
            `word-break:break-all;">${href}</a></p>`,
        )
      );
    }
  }
}

function blockText(block: Block): string {
  switch (block.kind) {
    case "paragraph":
    case "note":
      return segmentsText(block.segments);
    case "list":
      return block.items.map((item) => `- ${segmentsText(item)}`).join("\n");
    case "button":
      return `${block.label}:\n${block.href}`;
  }
}

function row(inner: string): string {
  return `<tr><td style="padding:0 32px 16px 32px;">${inner}</td></tr>`;
}

function footerText(email: Email): string {
  return email.organizationName
    ? `Sent by ${PRODUCT} for ${email.organizationName}.`
    : `Sent by ${PRODUCT}.`;
}

function render(email: Email): EmailContent {
  const subject = subjectLine(email.subject);
  const body = [...(email.greeting ? [paragraph(email.greeting)] : []), ...email.blocks];
  const html =
    `<!DOCTYPE html>` +
    `<html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="color-scheme" content="light"><meta name="supported-color-schemes" content="light">` +
    `<title>${escapeHtml(subject)}</title></head>` +
    `<body style="margin:0;padding:0;background-color:#f4f4f5;">` +
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0;color:transparent;">` +
    `${escapeHtml(email.preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="background-color:#f4f4f5;"><tr><td align="center" style="padding:32px 16px;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="max-width:560px;background-color:#ffffff;border:1px solid #e4e4e7;border-radius:8px;">` +
    `<tr><td style="padding:24px 32px 20px 32px;font-family:${FONT};font-size:18px;font-weight:700;` +
    `line-height:24px;color:#18181b;">${PRODUCT}</td></tr>` +
    body.map(blockHtml).join("") +
    `<tr><td style="padding:0 0 8px 0;"></td></tr>` +
    `</table>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" ` +
    `style="max-width:560px;"><tr><td align="center" style="padding:16px 32px 0 32px;${NOTE_STYLE}">` +
    `${escapeHtml(footerText(email))}</td></tr></table>` +
    `</td></tr></table></body></html>`;
  const text = [...body.map(blockText), `-- \n${footerText(email)}`].join("\n\n") + "\n";
  return { subject, html, text };
}

// --- The emails -----------------------------------------------------------------------------------

export interface PasswordResetEmail {
  firstName: string;
  link: string;
  expiresAt: Date;
  /** An admin asked for it (and the person was signed out everywhere), rather than the person. */
  requestedByAdmin: boolean;
  organizationName?: string;
}

export function passwordReset(input: PasswordResetEmail): EmailContent {
  const expiry = formatEmailDate(input.expiresAt);
  const org = input.organizationName;
  const blocks: Block[] = input.requestedByAdmin
    ? [
        paragraph(
          org ? "An admin of " : "An admin ",
          ...(org ? [strong(org), " "] : []),
          `asked for a password reset for your ${PRODUCT} account. For your security, you have been signed out everywhere: choose a new password to sign in again.`,
        ),
      ]
    : [
        paragraph(
          `Someone, hopefully you, asked to reset the password of your ${PRODUCT} account.`,
        ),
      ];
  blocks.push(
    button("Choose a new password", input.link),
    paragraph(
      "This link works once and is valid for one hour, until ",
      strong(expiry),
      ". After that, ask for a new one.",
    ),
    note(
      input.requestedByAdmin
        ? "If you didn't expect this, contact an admin of your organization."
        : "If you didn't ask for this, you can ignore this email: your password stays the same.",
    ),
  );
  return render({
    subject: input.requestedByAdmin
      ? `Set a new password for your ${PRODUCT} account`
      : `Reset your ${PRODUCT} password`,
    preheader: `Your password reset link is valid for one hour, until ${expiry}.`,
    greeting: `Hi ${input.firstName},`,
    blocks,
    organizationName: org,
  });
}

export interface InvitationEmail {
  firstName: string;
  organizationName: string;
  inviterName: string;
  role: "admin" | "member";
  workspaces: { name: string; role: string }[];
  link: string;
  expiresAt: Date;
}

export function invitation(input: InvitationEmail): EmailContent {
  const expiry = formatEmailDate(input.expiresAt);
  const roleText = input.role === "admin" ? "an admin" : "a member";
  const blocks: Block[] = [
    paragraph(
      strong(input.inviterName),
      " invited you to join ",
      strong(input.organizationName),
      ` on ${PRODUCT} as ${roleText}.`,
    ),
  ];
  if (input.workspaces.length > 0) {
    blocks.push(
      paragraph(
        input.workspaces.length === 1
          ? "You'll also have access to this workspace:"
          : "You'll also have access to these workspaces:",
      ),
      list(input.workspaces.map((w) => [strong(w.name), ` (${w.role})`])),
    );
  }
  blocks.push(
    button("Accept invitation", input.link),
    paragraph("This invitation is valid until ", strong(expiry), " and can be used once."),
    note(
      "If you weren't expecting this invitation, you can ignore this email: nothing happens until you accept it.",
    ),
  );
  return render({
    subject: `${input.inviterName} invited you to ${input.organizationName} on ${PRODUCT}`,
    preheader: `Join ${input.organizationName} on ${PRODUCT}. The invitation is valid until ${expiry}.`,
    greeting: `Hi ${input.firstName},`,
    blocks,
    organizationName: input.organizationName,
  });
}

export interface JoinRequestDecisionEmail {
  firstName: string;
  workspaceName: string;
  organizationName: string;
  approved: boolean;
  /** The workspace role given, when approved. */
  role?: string;
  link: string;
}

export function joinRequestDecision(input: JoinRequestDecisionEmail): EmailContent {
  const blocks: Block[] = input.approved
    ? [
        paragraph(
          "Your request to join ",
          strong(input.workspaceName),
          " in ",
          strong(input.organizationName),
          " was approved.",
          ...(input.role ? [" Your role there: ", strong(input.role), "."] : []),
        ),
        button(`Open ${input.workspaceName}`, input.link),
      ]
    : [
        paragraph(
          "Your request to join ",
          strong(input.workspaceName),
          " in ",
          strong(input.organizationName),
          " was declined. If you think this is a mistake, ask an admin of the workspace.",
        ),
        button(`Open ${PRODUCT}`, input.link),
      ];
  return render({
    subject: `Your request to join ${input.workspaceName} was ${input.approved ? "approved" : "declined"}`,
    preheader: input.approved
      ? `You now have access to ${input.workspaceName}.`
      : `Your request to join ${input.workspaceName} was declined.`,
    greeting: `Hi ${input.firstName},`,
    blocks,
    organizationName: input.organizationName,
  });
}

export interface TestEmail {
  organizationName: string;
  /** Who sent the test (or the organization's sender name). */
  senderName: string;
}

export function testEmail(input: TestEmail): EmailContent {
  return render({
    subject: `Test email from ${input.organizationName} on ${PRODUCT}`,
    preheader: `Email delivery for ${input.organizationName} works.`,
    blocks: [
      paragraph(
        strong(input.senderName),
        " sent this test email from the email settings of ",
        strong(input.organizationName),
        ` in ${PRODUCT}.`,
      ),
      paragraph(
        `If you're reading it, email delivery works: invitations and password reset links will arrive too.`,
      ),
      note("No action is needed."),
    ],
    organizationName: input.organizationName,
  });
}
