import { log } from "@/lib/log";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getActor } from "@/lib/auth/caller";
import {
  acmeWorld,
  expectRefused as refused,
  FORBIDDEN,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";
import { sendTestEmailAction } from "./email-actions";
import { recentOutboxFor } from "./settings";

const t = setUpTestDatabase();
/** The owner's address as acmeWorld stores it. */
const OWNER_EMAIL = "olive.owner@acme.test";
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

let mailbox: Mailbox;
beforeEach(() => {
  mailbox = recordEmails();
});
afterEach(() => {
  mailbox.restore();
  vi.restoreAllMocks();
});

describe("send a test email", () => {
  it("goes to the owner's own address, with the organization's sender settings, and is audited", async () => {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { emailSenderName: "Acme People", emailReplyTo: "people@acme.test" },
    });
    await signInAs(t.db, w, "owner");
    expect(await sendTestEmailAction({})).toEqual({
      ok: true,
      status: "sent",
      error: null,
      to: OWNER_EMAIL,
    });
    const email = mailbox.last(OWNER_EMAIL);
    expect(email.subject).toBe("Test email from Acme on Roster");
    expect(email.from).toMatch(/^Acme People </);
    expect(email.replyTo).toBe("people@acme.test");
    expect(await t.db.auditEvent.findFirstOrThrow()).toMatchObject({
      action: "organization.test_email_sent",
      actorId: w.users.owner.id,
      metadata: { to: OWNER_EMAIL },
    });
  });

  it("shows the provider's error when sending fails", async () => {
    const w = await acmeWorld(t.db);
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    mailbox.failWith(new Error("Resend error 403 (validation_error): domain not verified"));
    await signInAs(t.db, w, "owner");
    expect(await sendTestEmailAction({})).toEqual({
      ok: true,
      status: "failed",
      error: "Resend error 403 (validation_error): domain not verified",
      to: OWNER_EMAIL,
    });
    const outbox = await t.db.emailMessage.findFirstOrThrow();
    expect(outbox).toMatchObject({ status: "failed", template: "test", attempts: 1 });
  });

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing is sent", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => sendTestEmailAction({}), error);
    expect(mailbox.messages).toEqual([]);
  });

  it("is limited to a few an hour", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    for (let i = 0; i < 5; i++) expect(await sendTestEmailAction({})).toMatchObject({ ok: true });
    expect(await sendTestEmailAction({})).toEqual({
      ok: false,
      error: expect.stringMatching(/^Enough test emails for now\. Try again in/),
    });
    expect(mailbox.to(OWNER_EMAIL)).toHaveLength(5);
  });
});

describe("the recent outbox", () => {
  it("lists the organization's emails for owners and admins, never their bodies", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await sendTestEmailAction({});
    const view = async (who: keyof AcmeWorld["users"]) => {
      await signInAs(t.db, w, who);
      const actor = await getActor();
      return actor && recentOutboxFor(actor);
    };
    for (const who of ["owner", "admin"] as const) {
      const rows = await view(who);
      expect(rows).toEqual([
        expect.objectContaining({
          recipient: OWNER_EMAIL,
          template: "test",
          status: "sent",
          attempts: 1,
          lastError: null,
        }),
      ]);
      expect(Object.keys(rows?.[0] ?? {})).not.toContain("html");
    }
    expect(await view("manager")).toBeNull();
    expect(await view("otherOwner")).toEqual([]);
  });
});
