import { describe, expect, it } from "vitest";
import {
  formatEmailDate,
  invitation,
  joinRequestDecision,
  passwordReset,
  testEmail,
  type EmailContent,
} from "./templates";
import InvitationTemplate from "./templates/invitation";
import JoinRequestDecisionTemplate from "./templates/join-request-decision";
import PasswordResetTemplate from "./templates/password-reset";
import TestEmailTemplate from "./templates/test-email";

const EVIL = `<script>alert("x")</script> "&`;
const LINK = "https://roster.example/invite/tok_AbC-123?x=1&y=2";
const EXPIRES = new Date("2026-12-01T14:00:00Z");
const FALLBACK = "If the button doesn't work, copy this link into your browser:";

/** The HTML with every tag and comment removed: what a person reads. */
function visibleText(html: string) {
  return html.replace(/<[^>]*>/g, "");
}

/** The link appears, escaped, as the button's href and as readable text; on its own line in text. */
function expectLink(email: EmailContent, link = LINK) {
  const escaped = link.replaceAll("&", "&amp;");
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

/** The inbox preheader is in the HTML (hidden), not in the plain-text part. */
function expectPreheader(email: EmailContent, preheader: string) {
  expect(email.html).toContain(preheader);
  expect(email.text).not.toContain(preheader);
}

describe("formatEmailDate", () => {
  it("formats in English, in UTC", () => {
    expect(formatEmailDate(EXPIRES)).toBe("Tuesday, 1 December 2026 at 14:00 UTC");
    expect(formatEmailDate(new Date("2026-06-07T09:05:59Z"))).toBe(
      "Sunday, 7 June 2026 at 09:05 UTC",
    );
  });
});

describe("passwordReset", () => {
  it("asked for by the person: subject, link, one-hour validity", async () => {
    const email = await passwordReset({
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
    expect(email.text).toContain(
      "If you didn't ask for this, you can ignore this email: your password stays the same.",
    );
    expect(email.text).not.toContain("signed out");
    expect(email.text).toMatch(/-- \nSent by Roster\.\n$/);
    expect(email.html).toContain("Roster");
    expectPreheader(
      email,
      "Your password reset link is valid for one hour, until Tuesday, 1 December 2026 at 14:00 UTC.",
    );
  });

  it("asked for by an admin: names the organization and says they were signed out", async () => {
    const email = await passwordReset({
      firstName: "Mia",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
      organizationName: "Acme",
    });
    expect(email.subject).toBe("Set a new password for your Roster account");
    expect(email.text).toContain("An admin of Acme asked for a password reset");
    expect(email.text).toContain("signed out everywhere");
    expect(email.text).toContain("Sent by Roster for Acme.");
    expectLink(email);
  });

  it("asked for by an admin, without an organization", async () => {
    const email = await passwordReset({
      firstName: "Mia",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
    });
    expect(email.text).toContain("An admin asked for a password reset for your Roster account.");
  });

  it("escapes names", async () => {
    const email = await passwordReset({
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

  it("says who invited whom, to what, until when", async () => {
    const email = await invitation(base);
    expect(email.subject).toBe("Olivia Owner invited you to Acme on Roster");
    expectLink(email);
    expect(email.text).toContain("Olivia Owner invited you to join Acme on Roster as a member.");
    expect(email.text).toContain("You'll also have access to these workspaces:");
    expect(email.text).toContain("- Design (editor)");
    expect(email.text).toContain("- Sales (viewer)");
    expect(email.text).toContain(
      "This invitation is valid until Tuesday, 1 December 2026 at 14:00 UTC and can be used once.",
    );
    expect(email.text).toContain("Sent by Roster for Acme.");
    expectPreheader(
      email,
      "Join Acme on Roster. The invitation is valid until Tuesday, 1 December 2026 at 14:00 UTC.",
    );
    const admin = await invitation({ ...base, role: "admin", workspaces: [] });
    expect(admin.text).toContain("as an admin.");
    expect(admin.text).not.toContain("also have access");
  });

  it("plain text: the button's label, then the link on a line of its own", async () => {
    const email = await invitation(base);
    expect(email.text).toContain(`\n\nAccept invitation:\n${LINK}\n\n`);
    // The HTML offers the link as text for when the button doesn't work; the text part needn't.
    expect(visibleText(email.html)).toContain(FALLBACK.replace("'", "&#x27;"));
    expect(email.text).not.toContain("the button");
    // Neither the hidden preheader's padding nor the product header leaks into the text.
    expect(email.text.startsWith("Hi Grace,\n\n")).toBe(true);
  });

  it("escapes every interpolated value, including the link", async () => {
    const email = await invitation({
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

  it("keeps the subject on one line", async () => {
    const email = await invitation({ ...base, inviterName: "Eve\r\nBcc: victim@example.com" });
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

  it("approved", async () => {
    const email = await joinRequestDecision({ ...base, approved: true, role: "editor" });
    expect(email.subject).toBe("Your request to join Design was approved");
    expect(email.text).toContain("Your request to join Design in Acme was approved.");
    expect(email.text).toContain("Your role there: editor.");
    expect(email.text).toContain(`Open Design:\n${base.link}`);
    expectLink(email, base.link);
    expectPreheader(email, "You now have access to Design.");
  });

  it("declined", async () => {
    const email = await joinRequestDecision({ ...base, approved: false });
    expect(email.subject).toBe("Your request to join Design was declined");
    expect(email.text).toContain(
      "Your request to join Design in Acme was declined. If you think this is a mistake, ask an admin of the workspace.",
    );
    expect(email.text).toContain(`Open Roster:\n${base.link}`);
    expectLink(email, base.link);
  });

  it("escapes names", async () => {
    expectEscaped(
      await joinRequestDecision({
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
  it("names the organization and the sender", async () => {
    const email = await testEmail({ organizationName: "Acme", senderName: "Adam Admin" });
    expect(email.subject).toBe("Test email from Acme on Roster");
    expect(email.text).toContain(
      "Adam Admin sent this test email from the email settings of Acme in Roster.",
    );
    expect(email.text).toContain("No action is needed.");
    expect(email.text).toContain("Sent by Roster for Acme.");
    expect(email.html).toContain("Roster");
    expectPreheader(email, "Email delivery for Acme works.");
  });

  it("escapes names", async () => {
    expectEscaped(await testEmail({ organizationName: EVIL, senderName: EVIL }));
  });
});

describe("PreviewProps", () => {
  it("every template renders its sample data", async () => {
    const samples = [
      await invitation(InvitationTemplate.PreviewProps),
      await passwordReset(PasswordResetTemplate.PreviewProps),
      await joinRequestDecision(JoinRequestDecisionTemplate.PreviewProps),
      await testEmail(TestEmailTemplate.PreviewProps),
    ];
    for (const email of samples) {
      expect(email.subject).not.toBe("");
      expect(email.text).toContain("Sent by Roster for Acme Inc.");
    }
  });
});
