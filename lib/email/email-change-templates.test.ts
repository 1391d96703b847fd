import { describe, expect, it } from "vitest";
import { emailChangeConfirmation, emailChangeNotice } from "./templates";
import EmailChangeConfirmationTemplate from "./templates/email-change-confirmation";
import EmailChangeNoticeTemplate from "./templates/email-change-notice";

const EVIL = `<script>alert("x")</script> "&`;
const LINK = "https://roster.example/confirm-email/tok_AbC-123";
const SETTINGS = "https://roster.example/settings/account";
const EXPIRES = new Date("2026-12-01T14:00:00Z");

describe("emailChangeConfirmation (to the new address)", () => {
  it("asked for by the person: both addresses, the link on its own line, 24 hours", async () => {
    const email = await emailChangeConfirmation({
      firstName: "Mia",
      currentEmail: "mia@old.example",
      newEmail: "mia@new.example",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: false,
    });
    expect(email.subject).toBe("Confirm your new email address for Roster");
    expect(email.text).toContain("Hi Mia,");
    expect(email.text).toContain(
      "You asked to change the email address of your Roster account from mia@old.example to this one, mia@new.example.",
    );
    expect(email.text.split("\n")).toContain(LINK);
    expect(email.html).toContain(`href="${LINK}"`);
    expect(email.text).toContain("works once and is valid for 24 hours");
    expect(email.text).toContain("Tuesday, 1 December 2026 at 14:00 UTC");
    expect(email.text).toContain("If you didn't ask for this, ignore this email");
    expect(email.text).toMatch(/-- \nSent by Roster\.\n$/);
  });

  it("asked for by an admin: names the organization", async () => {
    const email = await emailChangeConfirmation({
      firstName: "Mia",
      currentEmail: "mia@old.example",
      newEmail: "mia@new.example",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
      organizationName: "Acme",
    });
    expect(email.text).toContain("An admin of Acme asked to change the email address");
    expect(email.text).toContain("contact an admin of your organization");
    expect(email.text).toContain("Sent by Roster for Acme.");
  });

  it("escapes names", async () => {
    const email = await emailChangeConfirmation({
      firstName: EVIL,
      currentEmail: "a@b.example",
      newEmail: "c@d.example",
      link: LINK,
      expiresAt: EXPIRES,
      requestedByAdmin: true,
      organizationName: EVIL,
    });
    expect(email.html).not.toContain("<script>");
    expect(email.text).toContain(EVIL);
  });

  it("renders its preview props", async () => {
    const email = await emailChangeConfirmation(EmailChangeConfirmationTemplate.PreviewProps);
    expect(email.text).toContain(EmailChangeConfirmationTemplate.PreviewProps.link);
  });
});

describe("emailChangeNotice (to the current address)", () => {
  it("asked for by the person: the masked new address, what to do if it wasn't them", async () => {
    const email = await emailChangeNotice({
      firstName: "Mia",
      maskedNewEmail: "m…@new.example",
      settingsLink: SETTINGS,
      requestedByAdmin: false,
    });
    expect(email.subject).toBe("A change of your Roster email address was requested");
    expect(email.text).toContain(
      "Someone, hopefully you, asked to change the email address of your Roster account to m…@new.example.",
    );
    expect(email.text).toContain("Nothing has changed yet");
    expect(email.text).toContain("If it wasn't you, cancel the change");
    // Its only link is account settings: nothing here changes the email.
    expect(email.text.split("\n")).toContain(SETTINGS);
    expect(email.text).not.toContain("confirm-email");
  });

  it("asked for by an admin: names the organization", async () => {
    const email = await emailChangeNotice({
      firstName: "Mia",
      maskedNewEmail: "m…@new.example",
      settingsLink: SETTINGS,
      requestedByAdmin: true,
      organizationName: "Acme",
    });
    expect(email.text).toContain("An admin of Acme asked to change");
    expect(email.text).toContain("contact an admin of Acme");
  });

  it("renders its preview props", async () => {
    const email = await emailChangeNotice(EmailChangeNoticeTemplate.PreviewProps);
    expect(email.text).toContain("m…@new.example.com");
  });
});
