// Each row of an invite batch: duplicates, mixed batches and races; and what each invitee gets,
// a token of their own and an email carrying it.
import { describe, expect, it, vi } from "vitest";
import { formatEmailDate } from "@/lib/email";
import { inviteUsersAction, resendInvitationAction } from "@/lib/invitations/actions";
import { readInvitation } from "@/lib/invitations/acceptance";
import type { InviteUsersInput } from "@/lib/invitations/schemas";
import { actAs } from "@/lib/testing/actors";
import { snapshotDatabase } from "@/lib/testing/fixtures";
import { hashToken } from "@/lib/tokens";
import {
  alreadyMember,
  emailedTokens,
  invitationToken,
  invitationWorld,
  invite,
  lastTokenTo,
  NOBODY,
  outcomesOf,
  resendInstead,
  row,
  setUpInvitationTests,
} from "./integration-world";

const t = setUpInvitationTests();

/** Rows as JSON, bigints included: to search a whole snapshot for a string. */
function dump(rows: unknown): string {
  return JSON.stringify(rows, (_key, value: unknown) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}

describe("duplicates", () => {
  it("an existing member (any case, even disabled) is reported as already a member, changing nothing", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.admin.id);
    const snapshot = await snapshotDatabase(t.db);
    const memberEmail = w.users.member.email;
    const disabledEmail = w.users.disabledAdmin.email;
    const result = await inviteUsersAction({
      rows: [row(memberEmail.toUpperCase()), row(` ${disabledEmail} `)],
    });
    expect(result).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: {
        "rows.0.email": [alreadyMember(memberEmail)],
        "rows.1.email": [alreadyMember(disabledEmail)],
      },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
    expect(t.mailbox.messages).toEqual([]);
  });

  it("an email with a pending invitation is reported as already invited, with no second row", async () => {
    const w = await invitationWorld(t.db);
    const first = await invite(t, w, "Pat@Example.test");
    await actAs(t.db, w.users.admin.id);
    const snapshot = await snapshotDatabase(t.db);
    const alone = await inviteUsersAction({ rows: [row("pat@EXAMPLE.TEST")] });
    expect(alone).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("pat@example.test")] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);

    // Next to a good row: the good one is invited, this one is reported.
    const mixed = await inviteUsersAction({
      rows: [row("PAT@example.test"), row("kim@example.test")],
    });
    expect(outcomesOf(mixed)).toEqual([
      {
        status: "already_invited",
        email: "pat@example.test",
        message: resendInstead("pat@example.test"),
      },
      {
        status: "invited",
        email: "kim@example.test",
        invitationId: expect.any(String),
        emailFailed: false,
      },
    ]);
    const pats = await t.db.invitation.findMany({ where: { email: "pat@example.test" } });
    expect(pats.map((p) => p.id)).toEqual([first.id]);
    expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(2);
    // Pat got the first invitation's email only; Kim got hers.
    expect(t.mailbox.messages.map((m) => m.to).sort()).toEqual([
      "kim@example.test",
      "pat@example.test",
    ]);
  });

  it("an expired but still pending invitation also says resend (which renews it)", async () => {
    const w = await invitationWorld(t.db);
    const first = await invite(t, w, "late@example.test");
    await t.db.invitation.update({
      where: { id: first.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await actAs(t.db, w.users.owner.id);
    expect(await inviteUsersAction({ rows: [row("late@example.test")] })).toEqual({
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("late@example.test")] },
    });
    expect(await t.db.invitation.count()).toBe(1);
  });

  it("the same email twice in one batch: one invited, one duplicate", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("twice@example.test"), row(" TWICE@example.TEST", "Other", "Name")],
    });
    expect(outcomesOf(result)).toEqual([
      {
        status: "invited",
        email: "twice@example.test",
        invitationId: expect.any(String),
        emailFailed: false,
      },
      {
        status: "duplicate",
        email: "twice@example.test",
        message: "twice@example.test is listed twice.",
      },
    ]);
    expect(await t.db.invitation.count()).toBe(1);
    expect(await t.db.emailMessage.count()).toBe(1);
    expect(await t.db.auditEvent.count()).toBe(1);
    expect(t.mailbox.messages.map((m) => m.to)).toEqual(["twice@example.test"]);
  });

  it("membership and pending invitations of another organization don't count here", async () => {
    const w = await invitationWorld(t.db);
    // Globex has a pending invitation for pat; Globex's owner is no member of Acme.
    await invite(t, w, "pat@example.test", { actor: "otherOwner" });
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("pat@example.test"), row(w.users.otherOwner.email)],
    });
    expect(outcomesOf(result).map((o) => o.status)).toEqual(["invited", "invited"]);
    expect(await t.db.invitation.count({ where: { organizationId: w.org } })).toBe(2);
    expect(await t.db.invitation.count({ where: { organizationId: w.otherOrg } })).toBe(1);
  });
});

describe("a batch", () => {
  it("of 10 rows with mixed results invites the good ones and reports the others per row", async () => {
    const w = await invitationWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { allowedEmailDomains: ["example.test", "@acme.test"] },
    });
    await invite(t, w, "pending@example.test");
    t.mailbox.clear();
    await actAs(t.db, w.users.admin.id);
    const rows = [
      row("one@example.test"),
      row("not-an-email"),
      row(w.users.member.email),
      row("Pending@example.test"),
      row("ONE@example.test"),
      row("eve@elsewhere.test"),
      row("two@acme.test"),
      row("three@example.test"),
      row("bad@@example.test"),
      row("Four@EXAMPLE.TEST"),
    ];
    const result = await inviteUsersAction({
      rows,
      workspaces: [{ workspaceId: w.ws.design, role: "viewer" }],
    });
    const invited = (email: string) => ({
      status: "invited",
      email,
      invitationId: expect.any(String),
      emailFailed: false,
    });
    expect(outcomesOf(result)).toEqual([
      invited("one@example.test"),
      {
        status: "invalid_email",
        email: "not-an-email",
        message: "not-an-email isn't a valid email address.",
      },
      {
        status: "already_member",
        email: w.users.member.email,
        message: alreadyMember(w.users.member.email),
      },
      {
        status: "already_invited",
        email: "pending@example.test",
        message: resendInstead("pending@example.test"),
      },
      {
        status: "duplicate",
        email: "one@example.test",
        message: "one@example.test is listed twice.",
      },
      {
        status: "domain_not_allowed",
        email: "eve@elsewhere.test",
        message: expect.stringContaining("eve@elsewhere.test isn't allowed"),
      },
      invited("two@acme.test"),
      invited("three@example.test"),
      {
        status: "invalid_email",
        email: "bad@@example.test",
        message: "bad@@example.test isn't a valid email address.",
      },
      invited("four@example.test"),
    ]);
    const created = await t.db.invitation.findMany({
      where: { inviterId: w.users.admin.id },
      include: { workspaces: true },
      orderBy: { email: "asc" },
    });
    expect(created.map((i) => i.email)).toEqual([
      "four@example.test",
      "one@example.test",
      "three@example.test",
      "two@acme.test",
    ]);
    for (const i of created) {
      expect(i.workspaces).toEqual([
        expect.objectContaining({ workspaceId: w.ws.design, role: "viewer" }),
      ]);
    }
    expect(await t.db.invitation.count()).toBe(5);
    expect(
      await t.db.auditEvent.count({
        where: { action: "invitation.created", actorId: w.users.admin.id },
      }),
    ).toBe(4);
    expect(await t.db.emailMessage.count({ where: { status: "sent" } })).toBe(5);
    expect(emailedTokens(t.mailbox)).toHaveLength(4);
    // One email to each person invited (sent side by side, so in no particular order).
    expect(t.mailbox.messages.map((m) => m.to).sort()).toEqual([
      "four@example.test",
      "one@example.test",
      "three@example.test",
      "two@acme.test",
    ]);
  });

  it("of 11 rows is refused with a field error, changing nothing", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: Array.from({ length: 11 }, (_, i) => row(`p${i}@example.test`)),
    });
    expect(result).toEqual({
      ok: false,
      error: "Please correct the highlighted fields.",
      fieldErrors: { rows: ["At most 10 people at once"] },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });

  it("with a blank name or email reports the field, changing nothing", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const snapshot = await snapshotDatabase(t.db);
    const result = await inviteUsersAction({
      rows: [row("ok@example.test"), { firstName: " ", lastName: "X", email: "  " }],
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        "rows.1.firstName": [expect.any(String)],
        "rows.1.email": ["Enter an email address"],
      },
    });
    expect(await snapshotDatabase(t.db)).toEqual(snapshot);
  });
});

it("two parallel identical invites create exactly one invitation", async () => {
  const w = await invitationWorld(t.db);
  await actAs(t.db, w.users.admin.id);
  const input: InviteUsersInput = {
    rows: [row("race@example.test")],
    workspaces: [{ workspaceId: w.ws.eng, role: "member" }],
  };
  const results = await Promise.all([inviteUsersAction(input), inviteUsersAction(input)]);
  const winners = results.filter((r) => r.ok);
  expect(winners).toHaveLength(1);
  expect(results.filter((r) => !r.ok)).toEqual([
    {
      ok: false,
      error: NOBODY,
      fieldErrors: { "rows.0.email": [resendInstead("race@example.test")] },
    },
  ]);
  expect(await t.db.invitation.count()).toBe(1);
  expect(await t.db.invitationWorkspace.count()).toBe(1);
  expect(await t.db.auditEvent.count({ where: { action: "invitation.created" } })).toBe(1);
  expect(await t.db.emailMessage.count()).toBe(1);
  expect(t.mailbox.to("race@example.test")).toHaveLength(1);
});

describe("tokens", () => {
  it("the raw token is in no table; only its SHA-256 is stored, and it opens the invitation", async () => {
    const w = await invitationWorld(t.db);
    const { id, raw } = await invite(t, w, "secret@example.test", { workspaces: ["eng"] });
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(raw, "base64url")).toHaveLength(32);
    await actAs(t.db, w.users.owner.id);
    expect(await resendInvitationAction({ invitationId: id })).toEqual({
      ok: true,
      emailStatus: "sent",
    });
    expect(t.mailbox.to("secret@example.test")).toHaveLength(2);
    const renewed = lastTokenTo(t.mailbox, "secret@example.test");
    expect(renewed).not.toBe(raw);

    const everything =
      dump(await snapshotDatabase(t.db)) + dump(await t.db.rateLimitBucket.findMany());
    for (const token of [raw, renewed]) {
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(Buffer.from(token, "base64url").toString("hex"));
    }
    const invitation = await t.db.invitation.findUniqueOrThrow({
      where: { id },
      omit: { tokenHash: false },
    });
    expect(invitation.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(invitation.tokenHash).toBe(hashToken(renewed));
    expect(await readInvitation(t.db, renewed)).toMatchObject({
      id,
      state: "valid",
      email: "secret@example.test",
      organization: { id: w.org, name: "Acme" },
      workspaces: [{ workspaceId: w.ws.eng, name: "Engineering", role: "member" }],
      accountExists: false,
    });
    expect(await readInvitation(t.db, raw)).toBeNull();
    // The stored hash itself is not a key to the invitation.
    expect(await readInvitation(t.db, invitation.tokenHash)).toBeNull();
  });

  it("each invitation gets its own token", async () => {
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    outcomesOf(await inviteUsersAction({ rows: [row("a@example.test"), row("b@example.test")] }));
    expect(t.mailbox.messages.map((m) => m.to).sort()).toEqual([
      "a@example.test",
      "b@example.test",
    ]);
    const tokens = emailedTokens(t.mailbox);
    expect(new Set(tokens).size).toBe(2);
    const hashes = (await t.db.invitation.findMany({ omit: { tokenHash: false } }))
      .map((i) => i.tokenHash)
      .sort();
    expect(hashes).toEqual(tokens.map(hashToken).sort());
  });
});

describe("the invitation email", () => {
  it("names the organization, inviter, role and workspaces, and carries the link and the expiry", async () => {
    vi.stubEnv("APP_URL", "https://roster.example/");
    const w = await invitationWorld(t.db);
    await actAs(t.db, w.users.owner.id);
    const result = await inviteUsersAction({
      rows: [row("Mail@Example.test", "Mia", "Mail")],
      role: "admin",
      workspaces: [
        { workspaceId: w.ws.backend, role: "viewer" },
        { workspaceId: w.ws.design, role: "manager" },
      ],
    });
    expect(outcomesOf(result).map((o) => o.status)).toEqual(["invited"]);
    expect(t.mailbox.messages).toHaveLength(1);
    const message = t.mailbox.last();
    const invitation = await t.db.invitation.findFirstOrThrow({ omit: { tokenHash: false } });
    expect(message).toMatchObject({
      from: "Roster <roster@localhost>",
      to: "mail@example.test",
      subject: "Olive Owner invited you to Acme on Roster",
    });
    const { text } = message;
    expect(text).toContain("Hi Mia,");
    expect(text).toContain("as an admin");
    expect(text).toContain("Engineering / Backend (Viewer)");
    expect(text).toContain("Design (Manager)");
    // The link is on APP_URL, and carries the token whose hash is stored.
    const link = t.mailbox.linkIn(message);
    expect(link).toMatch(/^https:\/\/roster\.example\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(hashToken(invitationToken(link))).toBe(invitation.tokenHash);
    expect(message.html).toContain(link);
    expect(text).toContain(formatEmailDate(invitation.expiresAt));
  });
});
