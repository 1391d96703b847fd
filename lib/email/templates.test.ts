import { describe, expect, it } from "vitest";
import {
  escapeHtml,
  formatEmailDate,
  invitation,
  joinRequestDecision,
  passwordReset,
  testEmail,
  type EmailContent,
} from "./templates";

const EVIL = `<script>alert("x")</script> "&`;
const LINK = "https://roster.example/invite/tok_AbC-123?x=1&y=2";
const EXPIRES = new Date("2026-12-01T14:00:00Z");

/** The HTML with every tag removed: what a person reads. */
function visibleText(html: string) {
  return html.replace(/<[^>]*>/g, "");
}

/** The link appears, escaped, as the button's href and as readable text; on its own line in text. */
function expectLink(email: EmailContent, link = LINK) {
  const escaped = escapeHtml(link);
  expect(email.html).toContain(`href="${escaped}"`);
  expect(email.html.split(`href="${escaped}"`).length - 1).toBeGreaterThanOrEqual(2);
  expect(visibleText(email.html)).toContain(escaped);
  expect(email.text.split("\n")).toContain(link);
}

/** No raw `<script>`, and the dangerous name appears only escaped, in both parts as intended. */
function expectEscaped(email: EmailContent) {
  expect(email.html).not.toContain("<script>");
  expect(email.html).not.toContain(`"&`);
  expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &quot;&amp;");
  // The plain-text part is not HTML: the name is shown as typed.
  expect(email.text).toContain(EVIL);
}

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters", () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;",
    );
  });
});

describe("formatEmailDate", () => {
  it("formats in English, in UTC", () => {
    expect(formatEmailDate(EXPIRES)).toBe("Tuesday, 1 December 2026 at 14:00 UTC");
    expect(formatEmailDate(new Date("2026-06-07T09:05:59Z"))).toBe(
      "Sunday, 7 June 2026 at 09:05 UTC",
    );
  });
});

describe("passwordReset", () => {
  it("asked for by the person: subject, link, one-hour validity", () => {
    const email = passwordReset({
      firstName: "Mia",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: false,
    });
    expect(email.subject).toBe("Reset your Roster password");
    expectLink(email);
    expect(email.text).toContain("Hi Mia,");
    expect(email.text).toContain("valid for one hour");
    expect(email.text).toContain("works once");
    expect(email.text).toContain("Tuesday, 1 December 2026 at 14:00 UTC");
    expect(email.text).not.toContain("signed out");
    expect(email.html).toContain("Roster");
  });

  it("asked for by an admin: names the organization and says they were signed out", () => {
    const email = passwordReset({
      firstName: "Mia",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
      organizationName: "Acme",
    });
    expect(email.subject).toBe("Set a new password for your Roster account");
    expect(email.text).toContain("An admin of Acme asked for a password reset");
    expect(email.text).toContain("signed out everywhere");
    expectLink(email);
  });

  it("escapes names", () => {
    const email = passwordReset({
      firstName: EVIL,
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
      organizationName: EVIL,
    });
    expectEscaped(email);
  });
});

describe("invitation", () => {
  const base = {
    firstName: "Grace",
    organizationName: "Acme",
    inviterName: "Olivia Owner",
    role: "member" as const,
    workspaces: [
      { name: "Design", role: "editor" },
      { name: "Sales", role: "viewer" },
    ],
    link: LINK,
    expiresAt: EXPIRES,
  };

  it("says who invited whom, to what, until when", () => {
    const email = invitation(base);
    expect(email.subject).toBe("Olivia Owner invited you to Acme on Roster");
    expectLink(email);
    expect(email.text).toContain("Olivia Owner invited you to join Acme on Roster as a member.");
    expect(email.text).toContain("- Design (editor)");
    expect(email.text).toContain("- Sales (viewer)");
    expect(email.text).toContain("Tuesday, 1 December 2026 at 14:00 UTC");
    expect(invitation({ ...base, role: "admin", workspaces: [] }).text).toContain("as an admin.");
  });

  it("escapes every interpolated value, including the link", () => {
    const email = invitation({
      ...base,
      firstName: EVIL,
      organizationName: EVIL,
      inviterName: EVIL,
      workspaces: [{ name: EVIL, role: EVIL }],
    });
    expectEscaped(email);
    expect(email.html).toContain("tok_AbC-123?x=1&amp;y=2");
    expect(email.html).not.toContain("x=1&y=2");
  });

  it("keeps the subject on one line", () => {
    const email = invitation({ ...base, inviterName: "Eve\r\nBcc: victim@example.com" });
    expect(email.subject).toBe("Eve Bcc: victim@example.com invited you to Acme on Roster");
  });
});

describe("joinRequestDecision", () => {
  const base = {
    firstName: "Max",
    workspaceName: "Design",
    organizationName: "Acme",
    link: "https://roster.example/workspaces/w1",
  };

  it("approved", () => {
    const email = joinRequestDecision({ ...base, approved: true, role: "editor" });
    expect(email.subject).toBe("Your request to join Design was approved");
    expect(email.text).toContain("Your request to join Design in Acme was approved.");
    expect(email.text).toContain("Your role there: editor.");
    expectLink(email, base.link);
  });

  it("declined", () => {
    const email = joinRequestDecision({ ...base, approved: false });
    expect(email.subject).toBe("Your request to join Design was declined");
    expect(email.text).toContain("was declined");
    expectLink(email, base.link);
  });

  it("escapes names", () => {
    expectEscaped(
      joinRequestDecision({
        ...base,
        firstName: EVIL,
        workspaceName: EVIL,
        organizationName: EVIL,
        approved: true,
        role: EVIL,
      }),
    );
  });
});

describe("testEmail", () => {
  it("names the organization and the sender", () => {
    const email = testEmail({ organizationName: "Acme", senderName: "Adam Admin" });
    expect(email.subject).toBe("Test email from Acme on Roster");
    expect(email.text).toContain("Adam Admin sent this test email");
    expect(email.html).toContain("Roster");
  });

  it("escapes names", () => {
    expectEscaped(testEmail({ organizationName: EVIL, senderName: EVIL }));
  });
});
