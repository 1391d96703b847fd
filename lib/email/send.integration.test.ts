import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/db";
import { createOrganization } from "@/lib/testing/fixtures";
import { recordEmails } from "@/lib/testing/mailbox";
import { sendEmail } from "./send";
import { invitation, passwordReset, type InvitationEmail } from "./templates";
import { log } from "@/lib/log";
import { fromAddress, type EmailTransport, type OutgoingEmail } from "./transport";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.close());
beforeEach(async () => {
  await t.reset();
  vi.stubEnv("RESEND_API_KEY", "");
  vi.stubEnv("EMAIL_FROM", "");
  vi.stubEnv("EMAIL_TRANSPORT", "");
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

const TOKEN = "tok_s3cret-raw-token-value";
const LINK = `https://roster.example/invite/${TOKEN}`;
const INVITATION: InvitationEmail = {
  firstName: "Grace",
  organizationName: "Acme",
  inviterName: "Olivia Owner",
  role: "member",
  workspaces: [{ name: "Design", role: "editor" }],
  link: LINK,
  expiresAt: new Date("2026-12-01T14:00:00Z"),
};
const content = await invitation(INVITATION);

/** A transport that records what it is given, and answers or fails as told. */
function fakeTransport(
  outcome: { providerMessageId: string | null } | Error = { providerMessageId: "prov_123" },
  requiresEmailFrom = false,
) {
  const sent: OutgoingEmail[] = [];
  const transport: EmailTransport = {
    requiresEmailFrom,
    async send(msg) {
      sent.push(msg);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
  return { transport, sent };
}

async function outboxRow(id: string) {
  return t.db.emailMessage.findUniqueOrThrow({ where: { id } });
}

describe("sendEmail", () => {
  it("sends and marks the outbox row sent", async () => {
    vi.stubEnv("EMAIL_FROM", "Roster <roster@acme.example>");
    const { organization } = await createOrganization(t.db, "Acme");
    const { transport, sent } = fakeTransport();

    const result = await sendEmail(
      t.db,
      {
        organizationId: organization.id,
        to: " grace@example.com ",
        template: "invitation",
        content,
        senderName: "Acme HR",
        replyTo: "hr@acme.example",
      },
      transport,
    );

    expect(result).toEqual({ id: expect.any(String), status: "sent" });
    expect(sent).toEqual([
      {
        from: "Acme HR <roster@acme.example>",
        to: "grace@example.com",
        subject: content.subject,
        html: content.html,
        text: content.text,
        replyTo: "hr@acme.example",
      },
    ]);
    const row = await outboxRow(result.id);
    expect(row).toMatchObject({
      organizationId: organization.id,
      recipient: "grace@example.com",
      template: "invitation",
      subject: "Olivia Owner invited you to Acme on Roster",
      status: "sent",
      attempts: 1,
      lastError: null,
      providerMessageId: "prov_123",
    });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("records a failed send without throwing, to be retried in a minute", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const { transport } = fakeTransport(new Error("Resend error 503 (application_error): down"));

    const result = await sendEmail(
      t.db,
      { organizationId: null, to: "grace@example.com", template: "invitation", content },
      transport,
    );

    expect(result).toEqual({
      id: expect.any(String),
      status: "failed",
      error: "Resend error 503 (application_error): down",
      retryAt: expect.any(Date),
    });
    expect(await outboxRow(result.id)).toMatchObject({
      organizationId: null,
      status: "queued",
      attempts: 1,
      lastError: "Resend error 503 (application_error): down",
      providerMessageId: null,
      sentAt: null,
      claimedUntil: null,
    });
    expect(result.retryAt!.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(error).toHaveBeenCalledWith(
      expect.objectContaining({ outboxId: result.id, attempt: 1 }),
      "email send failed; it will be retried",
    );
    // The recipient and the email are not in the log line.
    expect(JSON.stringify(error.mock.calls)).not.toContain("grace@example.com");
  });

  it("never stores the body, the link or its token", async () => {
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    const ok = await sendEmail(
      t.db,
      { organizationId: null, to: "a@example.com", template: "invitation", content },
      fakeTransport().transport,
    );
    const failed = await sendEmail(
      t.db,
      { organizationId: null, to: "b@example.com", template: "invitation", content },
      fakeTransport(new Error("nope")).transport,
    );
    for (const id of [ok.id, failed.id]) {
      const stored = JSON.stringify(await outboxRow(id));
      expect(stored).not.toContain(TOKEN);
      expect(stored).not.toContain("roster.example/invite");
    }
  });

  it("fails clearly, without calling the provider, when a real transport has no EMAIL_FROM", async () => {
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    const { transport, sent } = fakeTransport({ providerMessageId: "x" }, true);

    const result = await sendEmail(
      t.db,
      { organizationId: null, to: "grace@example.com", template: "invitation", content },
      transport,
    );

    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/EMAIL_FROM is not set/);
    expect(sent).toEqual([]);
    // Retried: the setting may be fixed meanwhile.
    expect(await outboxRow(result.id)).toMatchObject({ status: "queued", attempts: 1 });
  });

  it("without RESEND_API_KEY, in development, prints the email with its link to the log and marks it sent", async () => {
    vi.stubEnv("NODE_ENV", "development");
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);

    const result = await sendEmail(t.db, {
      organizationId: null,
      to: "grace@example.com",
      template: "invitation",
      content,
    });

    expect(result.status).toBe("sent");
    expect(info).toHaveBeenCalledWith(
      {
        email: {
          template: "invitation",
          from: "Roster <roster@localhost>",
          to: "grace@example.com",
          subject: content.subject,
        },
      },
      expect.stringContaining(LINK),
    );
    expect(await outboxRow(result.id)).toMatchObject({
      status: "sent",
      attempts: 1,
      providerMessageId: null,
    });
  });

  it("without RESEND_API_KEY, outside development (tests, NODE_ENV unset), logs the envelope only", async () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    for (const nodeEnv of ["test", ""]) {
      vi.stubEnv("NODE_ENV", nodeEnv);
      info.mockClear();
      const result = await sendEmail(t.db, {
        organizationId: null,
        to: "grace@example.com",
        template: "invitation",
        content,
      });
      expect(result.status).toBe("sent");
      const printed = JSON.stringify(info.mock.calls);
      expect(printed).toContain("grace@example.com");
      expect(printed).toContain(content.subject);
      expect(printed).not.toContain(TOKEN);
      expect(printed).not.toMatch(/https?:\/\//);
      expect(printed).not.toContain("Design"); // the workspaces are only in the text
    }
  });
});

describe("sendEmail in production without an email provider", () => {
  const RESET_TOKEN = "Zq3xYw9vUt8sRr7qPp6oNn5mMl4kKj3iIh2gGf1eEd0";
  const RESET_LINK = `https://roster.example/reset-password/${RESET_TOKEN}`;
  const emails = async () => [
    { template: "invitation", content, secrets: [LINK, TOKEN] },
    {
      template: "password-reset",
      content: await passwordReset({
        firstName: "Grace",
        link: RESET_LINK,
        expiresAt: new Date("2026-12-01T14:00:00Z"),
        requestedByAdmin: false,
      }),
      secrets: [RESET_LINK, RESET_TOKEN],
    },
  ];

  beforeEach(() => {
    vi.stubEnv("NODE_ENV", "production");
  });

  it("without RESEND_API_KEY or EMAIL_TRANSPORT, logs nothing of the email and records the failure", async () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    for (const email of await emails()) {
      const result = await sendEmail(t.db, {
        organizationId: null,
        to: "grace@example.com",
        template: email.template,
        content: email.content,
      });
      expect(result.status).toBe("failed");
      expect(result.error).toMatch(/RESEND_API_KEY is not set/);
      expect(await outboxRow(result.id)).toMatchObject({ status: "queued", attempts: 1 });
      const logged = JSON.stringify([...info.mock.calls, ...error.mock.calls]);
      for (const secret of email.secrets) expect(logged).not.toContain(secret);
    }
  });

  it("with EMAIL_TRANSPORT=log, logs the envelope and template, but no text, link or token", async () => {
    vi.stubEnv("EMAIL_TRANSPORT", "log");
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    for (const email of await emails()) {
      info.mockClear();
      const result = await sendEmail(t.db, {
        organizationId: null,
        to: "grace@example.com",
        template: email.template,
        content: email.content,
        replyTo: "hr@acme.example",
      });
      expect(result.status).toBe("sent");
      expect(info).toHaveBeenCalledWith(
        {
          email: {
            template: email.template,
            from: "Roster <roster@localhost>",
            to: "grace@example.com",
            replyTo: "hr@acme.example",
            subject: email.content.subject,
          },
        },
        "email not sent (RESEND_API_KEY is not set); its text is logged only in development",
      );
      const printed = JSON.stringify(info.mock.calls);
      for (const secret of email.secrets) expect(printed).not.toContain(secret);
      expect(printed).not.toMatch(/https?:\/\//);
    }
  });
});

describe("sendEmail with a template's promise", () => {
  it("awaits the rendering and sends it", async () => {
    const { transport, sent } = fakeTransport();

    const result = await sendEmail(
      t.db,
      {
        organizationId: null,
        to: "grace@example.com",
        template: "invitation",
        content: invitation(INVITATION),
      },
      transport,
    );

    expect(result.status).toBe("sent");
    expect(sent).toEqual([expect.objectContaining(content)]);
    expect(await outboxRow(result.id)).toMatchObject({ subject: content.subject, status: "sent" });
  });

  it("records a rendering that fails as a failed send, without throwing", async () => {
    const error = vi.spyOn(log, "error").mockImplementation(() => undefined);
    const { transport, sent } = fakeTransport();

    const result = await sendEmail(
      t.db,
      {
        organizationId: null,
        to: "grace@example.com",
        template: "invitation",
        content: Promise.reject(new Error("Objects are not valid as a React child")),
      },
      transport,
    );

    const message = "Could not render the email: Objects are not valid as a React child";
    expect(result).toEqual({ id: expect.any(String), status: "failed", error: message });
    expect(sent).toEqual([]);
    expect(await outboxRow(result.id)).toMatchObject({
      recipient: "grace@example.com",
      template: "invitation",
      subject: "",
      status: "failed",
      attempts: 0,
      lastError: message,
      payload: null,
    });
    expect(error).toHaveBeenCalledWith(
      { template: "invitation", error: message },
      "email could not be rendered",
    );
  });
});

describe("sendEmail with a recording mailbox", () => {
  it("sends through the mailbox instead of the log, and keeps its id", async () => {
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    const mailbox = recordEmails();
    try {
      const result = await sendEmail(t.db, {
        organizationId: null,
        to: "Grace@Example.com",
        template: "invitation",
        content: invitation(INVITATION),
        replyTo: "hr@acme.example",
      });

      expect(result.status).toBe("sent");
      expect(info).not.toHaveBeenCalled();
      expect(mailbox.last("grace@example.com")).toMatchObject({
        from: "Roster <roster@localhost>",
        to: "Grace@Example.com",
        subject: "Olivia Owner invited you to Acme on Roster",
        replyTo: "hr@acme.example",
      });
      expect(mailbox.lastLink("grace@example.com")).toBe(LINK);
      expect(await outboxRow(result.id)).toMatchObject({
        status: "sent",
        providerMessageId: mailbox.last().id,
      });
    } finally {
      mailbox.restore();
    }
  });
});

describe("fromAddress", () => {
  const log = { requiresEmailFrom: false };
  const resend = { requiresEmailFrom: true };

  it("uses EMAIL_FROM, with the sender name in front of its address", () => {
    vi.stubEnv("EMAIL_FROM", "Roster <roster@acme.example>");
    expect(fromAddress(null, resend)).toBe("Roster <roster@acme.example>");
    expect(fromAddress("Acme HR", resend)).toBe("Acme HR <roster@acme.example>");
    vi.stubEnv("EMAIL_FROM", "roster@acme.example");
    expect(fromAddress("Acme HR", resend)).toBe("Acme HR <roster@acme.example>");
    expect(fromAddress("  ", resend)).toBe("roster@acme.example");
  });

  it("keeps a sender name from breaking the header", () => {
    vi.stubEnv("EMAIL_FROM", "roster@acme.example");
    expect(fromAddress('Evil <x@y> "\r\nBcc: z@w', resend)).toBe(
      '"Evil x@y Bcc: z@w" <roster@acme.example>',
    );
    expect(fromAddress("Acme, Inc.", resend)).toBe('"Acme, Inc." <roster@acme.example>');
  });

  it("falls back to Roster <roster@localhost> for the log, and fails for Resend", () => {
    expect(fromAddress(null, log)).toBe("Roster <roster@localhost>");
    expect(fromAddress("Acme HR", log)).toBe("Acme HR <roster@localhost>");
    expect(() => fromAddress(null, resend)).toThrow(/EMAIL_FROM is not set/);
  });
});
