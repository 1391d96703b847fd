import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { templates } from "@/lib/email";
import { getTransport, type OutgoingEmail } from "@/lib/email/transport";
import { recordEmails, type Mailbox } from "./mailbox";

const LINK = "https://roster.example/invite/tok_AbC-123?x=1&y=2";

function email(to: string, subject: string, text = "Hello.\n"): OutgoingEmail {
  return { from: "Roster <roster@localhost>", to, subject, html: `<p>${subject}</p>`, text };
}

let mailbox: Mailbox;
beforeEach(() => {
  vi.stubEnv("RESEND_API_KEY", "");
  mailbox = recordEmails();
});
afterEach(() => {
  mailbox.restore();
  vi.unstubAllEnvs();
});

describe("recordEmails", () => {
  it("makes getTransport() record instead of sending, until restored", async () => {
    expect(getTransport()).toBe(mailbox.transport);
    expect(getTransport().requiresEmailFrom).toBe(false);
    const answer = await getTransport().send(email("mia@example.com", "One"));
    expect(answer).toEqual({ providerMessageId: "recorded_1" });
    expect(mailbox.messages).toEqual([{ ...email("mia@example.com", "One"), id: "recorded_1" }]);

    mailbox.restore();
    mailbox.restore();
    expect(getTransport()).not.toBe(mailbox.transport);
  });

  it("restores the recording it replaced", () => {
    const inner = recordEmails();
    expect(getTransport()).toBe(inner.transport);
    inner.restore();
    expect(getTransport()).toBe(mailbox.transport);
  });

  it("finds emails by recipient, case-insensitively, newest last", async () => {
    const send = (msg: OutgoingEmail) => mailbox.transport.send(msg);
    await send(email("mia@example.com", "First"));
    await send(email("max@example.com", "Other"));
    await send(email("Mia@Example.com", "Second"));

    expect(mailbox.to("MIA@example.com").map((m) => m.subject)).toEqual(["First", "Second"]);
    expect(mailbox.last("mia@example.com").subject).toBe("Second");
    expect(mailbox.last().subject).toBe("Second");
    expect(() => mailbox.last("nobody@example.com")).toThrow(
      /No email to nobody@example.com\. Received:\n {2}to mia@example.com: First/,
    );

    mailbox.clear();
    expect(mailbox.messages).toEqual([]);
    expect(() => mailbox.last()).toThrow("No email. No email was sent at all.");
  });

  it("reads the first link of the plain-text part", async () => {
    await mailbox.transport.send(
      email("mia@example.com", "Links", `Open it:\n${LINK}.\n\nOr https://other.example/x`),
    );
    expect(mailbox.lastLink("mia@example.com")).toBe(LINK);
    expect(mailbox.linkIn(mailbox.last())).toBe(LINK);

    await mailbox.transport.send(email("max@example.com", "No link"));
    expect(() => mailbox.lastLink("max@example.com")).toThrow(
      'No link in the email "No link" to max@example.com',
    );
  });

  it("finds the link of a real template", async () => {
    const content = await templates.invitation({
      firstName: "Mia",
      organizationName: "Acme",
      inviterName: "Olivia Owner",
      role: "member",
      workspaces: [],
      link: LINK,
      expiresAt: new Date("2026-12-01T14:00:00Z"),
    });
    await getTransport().send({ ...email("mia@example.com", content.subject), ...content });
    expect(mailbox.lastLink("mia@example.com")).toBe(LINK);
  });

  it("fails sends as told, recording nothing", async () => {
    mailbox.failWith(new Error("Resend error 503"));
    await expect(mailbox.transport.send(email("mia@example.com", "Lost"))).rejects.toThrow(
      "Resend error 503",
    );
    expect(mailbox.messages).toEqual([]);

    mailbox.failWith(null);
    await mailbox.transport.send(email("mia@example.com", "Delivered"));
    expect(mailbox.last().subject).toBe("Delivered");
  });
});
