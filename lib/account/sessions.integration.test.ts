import { describe, expect, it } from "vitest";
import { createSession } from "@/lib/auth/sessions";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { describeUserAgent, sessionsSectionFor } from "./sessions-page";
import { revokeSessionAction, signOutOtherSessionsAction } from "./sessions-actions";
import { getCaller } from "@/lib/auth/caller";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

const FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0";
const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Two other browsers of the person's, signed in before this one. */
async function elsewhere(userId: string) {
  const laptop = await createSession(t.db, userId, { ip: "198.51.100.4", userAgent: FIREFOX });
  const phone = await createSession(t.db, userId, { ip: "198.51.100.9", userAgent: IPHONE });
  return { laptop: laptop.id, phone: phone.id };
}

const sessionIds = async (userId: string) =>
  (await t.db.session.findMany({ where: { userId }, select: { id: true } }))
    .map((s) => s.id)
    .sort();

describe("the sessions list", () => {
  it("names the browser and system, shows this device first, and hides ended sessions", async () => {
    const w = await acmeWorld(t.db);
    const { laptop } = await elsewhere(w.users.member.id);
    const ended = await createSession(t.db, w.users.member.id, { ip: null, userAgent: null });
    await t.db.session.update({
      where: { id: ended.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const current = await signInAs(t.db, w, "member");
    const section = await sessionsSectionFor((await getCaller())!);
    expect(section.sessions.map((s) => [s.device, s.current])).toEqual([
      ["Unknown browser", true],
      ["Mobile Safari 17 on iOS 17.5", false],
      ["Firefox 131 on Windows 10", false],
    ]);
    expect(section.sessions[0]!.id).toBe(current);
    expect(section.sessions[2]).toMatchObject({ id: laptop, ip: "198.51.100.4" });
    expect(section).toMatchObject({ idleMinutes: 60, maxAgeHours: 24 });
  });

  it("describes user agents it can't read plainly", () => {
    expect(describeUserAgent(null)).toBe("Unknown browser");
    expect(describeUserAgent("curl/8.5.0")).toBe("Unknown browser");
  });
});

describe("sign out one session", () => {
  it.each(["owner", "admin", "manager", "member"] as const)(
    "%s signs out another of their sessions; it is gone, and audited in each organization",
    async (who) => {
      const w = await acmeWorld(t.db);
      const { id } = w.users[who];
      const { laptop, phone } = await elsewhere(id);
      const current = await signInAs(t.db, w, who);
      expect(await revokeSessionAction({ sessionId: laptop })).toEqual({ ok: true });
      expect(await sessionIds(id)).toEqual([current, phone].sort());
      const events = await t.db.auditEvent.findMany({
        where: { action: "account.session_revoked" },
        select: { organizationId: true, actorId: true, targetId: true, metadata: true },
      });
      expect(events).toEqual([
        {
          organizationId: w.org,
          actorId: id,
          targetId: id,
          metadata: expect.objectContaining({
            device: "Firefox 131 on Windows 10",
            ip: "198.51.100.4",
          }),
        },
      ]);
    },
  );

  it("someone else's session answers as ended, and changes nothing", async () => {
    const w = await acmeWorld(t.db);
    const { laptop } = await elsewhere(w.users.member.id);
    for (const who of ["owner", "admin", "otherOwner"] as const) {
      await signInAs(t.db, w, who);
      await expectRefused(
        () => revokeSessionAction({ sessionId: laptop }),
        "That session has already ended.",
      );
    }
  });

  it("this browser's own session is signed out with Sign out, not here", async () => {
    const w = await acmeWorld(t.db);
    const current = await signInAs(t.db, w, "member");
    await expectRefused(
      () => revokeSessionAction({ sessionId: current! }),
      "That is this browser: use Sign out in the menu instead.",
    );
  });

  it("signed out, or disabled: refused", async () => {
    const w = await acmeWorld(t.db);
    const { laptop } = await elsewhere(w.users.disabledAdmin.id);
    await signInAs(t.db, w, "signedOut");
    await expectRefused(() => revokeSessionAction({ sessionId: laptop }), SESSION);
    await signInAs(t.db, w, "disabledAdmin");
    await expectRefused(() => revokeSessionAction({ sessionId: laptop }), INACTIVE);
  });

  it("a malformed id is a clear error", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    const result = await revokeSessionAction({ sessionId: "x".repeat(500) });
    expect(result).toMatchObject({ ok: false });
  });
});

describe("sign out everywhere else", () => {
  async function check(w: AcmeWorld, who: "owner" | "admin" | "manager" | "member" | "admin2") {
    const { id } = w.users[who];
    await elsewhere(id);
    const current = await signInAs(t.db, w, who);
    expect(await signOutOtherSessionsAction({})).toEqual({ ok: true, ended: 2 });
    expect(await sessionIds(id)).toEqual([current]);
    // This browser goes on.
    expect((await getCaller())?.sessionId).toBe(current);
  }

  it.each(["owner", "admin", "manager", "member"] as const)(
    "%s ends every other session and keeps this one",
    async (who) => {
      const w = await acmeWorld(t.db);
      await check(w, who);
      expect(
        await t.db.auditEvent.findMany({
          where: { action: "account.other_sessions_revoked" },
          select: { organizationId: true, metadata: true },
        }),
      ).toEqual([{ organizationId: w.org, metadata: { sessionsEnded: 2 } }]);
    },
  );

  it("someone in two organizations: audited in both", async () => {
    const w = await acmeWorld(t.db);
    await check(w, "admin2");
    const events = await t.db.auditEvent.findMany({
      where: { action: "account.other_sessions_revoked" },
      select: { organizationId: true },
    });
    expect(events.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
  });

  it("leaves other people's sessions alone", async () => {
    const w = await acmeWorld(t.db);
    const { laptop } = await elsewhere(w.users.admin.id);
    await signInAs(t.db, w, "member");
    await elsewhere(w.users.member.id);
    expect(await signOutOtherSessionsAction({})).toMatchObject({ ok: true });
    expect(await t.db.session.count({ where: { id: laptop } })).toBe(1);
  });

  it("nowhere else to sign out of: says so, changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    await expectRefused(
      () => signOutOtherSessionsAction({}),
      "You aren't signed in anywhere else.",
    );
  });

  it("signed out, or disabled: refused", async () => {
    const w = await acmeWorld(t.db);
    await elsewhere(w.users.disabledAdmin.id);
    await signInAs(t.db, w, "signedOut");
    await expectRefused(() => signOutOtherSessionsAction({}), SESSION);
    await signInAs(t.db, w, "disabledAdmin");
    await expectRefused(() => signOutOtherSessionsAction({}), INACTIVE);
  });
});
