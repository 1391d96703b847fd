import { afterEach, describe, expect, it, vi } from "vitest";
import type { ActionResult } from "@/lib/actions/result";
import {
  acmeWorld,
  expectRefused as refused,
  FORBIDDEN,
  INACTIVE,
  person,
  SESSION,
  signInAs,
} from "@/lib/testing/acme-world";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createOrganization, TEST_PASSWORD } from "@/lib/testing/fixtures";
import { authCalls } from "@/lib/testing/session";
import { removeMemberAction, setStatusAction } from "@/lib/people/actions";
import { deleteOrganizationAction, transferOwnershipAction } from "./danger-actions";
import { log } from "@/lib/log";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

afterEach(() => {
  vi.restoreAllMocks();
});

/** Who holds which org role in Acme, by email. */
async function roles(orgId: string) {
  const rows = await t.db.membership.findMany({
    where: { organizationId: orgId },
    select: { role: true, ownerOfOrganizationId: true, user: { select: { email: true } } },
  });
  return Object.fromEntries(rows.map((r) => [r.user.email, r.role]));
}

async function owners(orgId: string) {
  return t.db.membership.findMany({
    where: { organizationId: orgId, role: "owner" },
    select: { userId: true, ownerOfOrganizationId: true },
  });
}

const transferTo = (email: string, password = TEST_PASSWORD) =>
  transferOwnershipAction({ newOwnerEmail: email, password });

describe("transfer ownership", () => {
  it("the owner hands the organization to an admin: the admin becomes owner, the owner an admin, audited", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    expect(await transferTo(" Ada.Admin@ACME.test ")).toEqual({ ok: true, newOwner: "Ada Admin" });

    expect(await owners(w.org)).toEqual([
      { userId: w.users.admin.id, ownerOfOrganizationId: w.org },
    ]);
    const now = await roles(w.org);
    expect(now["olive.owner@acme.test"]).toBe("admin");
    expect(now["ada.admin@acme.test"]).toBe("owner");
    const events = await t.db.auditEvent.findMany({
      where: { organizationId: w.org },
      orderBy: { action: "asc" },
      select: { action: true, actorId: true, targetId: true, metadata: true },
    });
    expect(events).toEqual([
      {
        action: "member.role_changed",
        actorId: w.users.owner.id,
        targetId: expect.any(String),
        metadata: expect.any(Object),
      },
      {
        action: "member.role_changed",
        actorId: w.users.owner.id,
        targetId: expect.any(String),
        metadata: expect.any(Object),
      },
      {
        action: "organization.ownership_transferred",
        actorId: w.users.owner.id,
        targetId: w.org,
        metadata: {
          before: { owner: "olive.owner@acme.test" },
          after: { owner: "ada.admin@acme.test" },
        },
      },
    ]);
    expect(events.map((e) => [e.targetId, e.metadata])).toEqual(
      expect.arrayContaining([
        [w.users.owner.id, { before: { role: "owner" }, after: { role: "admin" } }],
        [w.users.admin.id, { before: { role: "admin" }, after: { role: "owner" } }],
      ]),
    );
  });

  it("to a member: the member becomes owner; the former owner can now be edited and removed by them", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    expect(await transferTo("mo.member@acme.test")).toEqual({ ok: true, newOwner: "Mo Member" });
    expect(await owners(w.org)).toEqual([
      { userId: w.users.member.id, ownerOfOrganizationId: w.org },
    ]);

    await signInAs(t.db, w, "member");
    expect(await removeMemberAction({ userId: w.users.owner.id })).toEqual({
      ok: true,
      accountDeleted: true,
    });
  });

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing changes", async (actor, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, actor);
    await expectRefused(() => transferTo("mo.member@acme.test"), error);
  });

  it("another organization's owner can't reach Acme's people: not a member of theirs", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "otherOwner");
    const message = "No one with the email ada.admin@acme.test is a member of Globex.";
    await expectRefused(() => transferTo("ada.admin@acme.test"), message, {
      newOwnerEmail: [message],
    });
  });

  it("a wrong password changes nothing, and ten wrong ones lock the confirmation for a while", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const wrong = "That password isn't right.";
    await expectRefused(() => transferTo("mo.member@acme.test", "not my password"), wrong, {
      password: [wrong],
    });
    for (let i = 0; i < 9; i++) await transferTo("mo.member@acme.test", "not my password");
    await expectRefused(
      () => transferTo("mo.member@acme.test"),
      "Too many wrong passwords. Try again in 15 minutes.",
    );
  });

  it("refuses a disabled person, the owner themself, a stranger, and a lapsed subscription", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const disabled = "Dora Disabled is disabled: enable them first, or choose someone else.";
    await expectRefused(() => transferTo("dora.disabled@acme.test"), disabled, {
      newOwnerEmail: [disabled],
    });
    const self = "You are the owner already: choose someone else.";
    await expectRefused(() => transferTo("olive.owner@acme.test"), self, {
      newOwnerEmail: [self],
    });
    const stranger = "No one with the email gus.globex@acme.test is a member of Acme.";
    await expectRefused(() => transferTo("gus.globex@acme.test"), stranger, {
      newOwnerEmail: [stranger],
    });
    await expectRefused(
      () => transferOwnershipAction({ newOwnerEmail: "", password: "" }),
      "Please correct the highlighted fields.",
      {
        newOwnerEmail: ["Enter the new owner's email"],
        password: ["Enter your password"],
      },
    );

    await t.db.organization.update({
      where: { id: w.org },
      data: { subscriptionActiveUntil: new Date(Date.now() - 86_400_000) },
    });
    await expectRefused(
      () => transferTo("ada.admin@acme.test"),
      "The subscription has lapsed and everyone but you is suspended: renew it first.",
    );
  });

  it("the former owner can't transfer again: they are an admin now", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    expect((await transferTo("ada.admin@acme.test")).ok).toBe(true);
    await expectRefused(() => transferTo("mo.member@acme.test"), FORBIDDEN);
  });
});

// On PostgreSQL these run truly at the same time (each action verifies the password, then opens
// its own transaction); PGlite runs them one after the other. Either way: exactly one owner.
describe("transfer ownership under races", () => {
  it("two transfers at once: one wins, the other is refused; one owner", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const results = await Promise.all([
      transferTo("ada.admin@acme.test"),
      transferTo("mo.member@acme.test"),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({
      ok: false,
      error: expect.stringMatching(
        /^(You are no longer the owner of this organization — reload to see who is\.|You don't have permission to do that\.|Your role in this organization changed\. Reload the page and try again\.)$/,
      ),
    });
    const [owner] = await owners(w.org);
    expect(await owners(w.org)).toHaveLength(1);
    expect([w.users.admin.id, w.users.member.id]).toContain(owner!.userId);
    expect((await roles(w.org))["olive.owner@acme.test"]).toBe("admin");
    expect(
      await t.db.auditEvent.count({ where: { action: "organization.ownership_transferred" } }),
    ).toBe(1);
  });

  it("a transfer racing the new owner's removal or disabling: never zero or two owners", async () => {
    const w = await acmeWorld(t.db);
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    for (let round = 0; round < 6; round++) {
      const target = await person(t.db, w.org, "Rae", `Race${round}`);
      const email = `rae.race${round}@acme.test`;
      const currentOwner = (await owners(w.org))[0]!.userId;
      await actAs(t.db, currentOwner);
      const transfer = transferTo(email);
      await signInAs(t.db, w, "admin2");
      const other =
        round % 2 === 0
          ? removeMemberAction({ userId: target.user.id })
          : setStatusAction({ userId: target.user.id, status: "disabled" });
      const [transferred, changed] = await Promise.all([transfer, other]);

      const now = await owners(w.org);
      expect(now).toHaveLength(1);
      expect(now[0]!.ownerOfOrganizationId).toBe(w.org);
      const targetRow = await t.db.membership.findFirst({
        where: { organizationId: w.org, userId: target.user.id },
        select: { role: true, status: true },
      });
      if (transferred.ok) {
        // The new owner stands: the removal or disable was refused.
        expect(changed.ok).toBe(false);
        expect(targetRow).toEqual({ role: "owner", status: "active" });
        expect(now[0]!.userId).toBe(target.user.id);
      } else {
        expect(changed.ok).toBe(true);
        expect(now[0]!.userId).toBe(currentOwner);
        if (round % 2 === 0) expect(targetRow).toBeNull();
        else expect(targetRow).toEqual({ role: "member", status: "disabled" });
      }
    }
  });
});

/**
 * PostgreSQL only: holds a lock on one membership row while the given actions start one after
 * the other, each queued behind the lock before the next starts, then lets them all go: the
 * exact interleaving a race can produce, every time.
 */
async function queuedBehindRowLock<T>(membershipId: string, starts: (() => Promise<T>)[]) {
  const waiting = async (n: number) => {
    for (let i = 0; i < 400; i++) {
      const [row] = await t.db.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if ((row?.n ?? 0) >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`expected ${n} statements waiting for the lock`);
  };
  const running: Promise<T>[] = [];
  await t.db.$transaction(
    async (lock) => {
      await lock.$queryRaw`SELECT "id" FROM "Membership" WHERE "id" = ${membershipId} FOR UPDATE`;
      for (const start of starts) {
        running.push(start());
        await waiting(running.length);
      }
    },
    { timeout: 20_000 },
  );
  return Promise.all(running);
}

describe.runIf(process.env.ROSTER_TEST_DB === "postgres")(
  "transfer ownership, interleaved exactly (PostgreSQL)",
  () => {
    it.each([
      ["remove", "transfer first"],
      ["remove", "the other first"],
      ["disable", "transfer first"],
      ["disable", "the other first"],
    ] as const)("transfer vs %s, %s: exactly one owner", async (kind, order) => {
      const w = await acmeWorld(t.db);
      vi.spyOn(log, "error").mockImplementation(() => undefined);
      const target = await person(t.db, w.org, "Rae", "Race");
      const transfer = async () => {
        await actAs(t.db, w.users.owner.id);
        return transferTo("rae.race@acme.test");
      };
      const other = async () => {
        await signInAs(t.db, w, "admin2");
        return kind === "remove"
          ? removeMemberAction({ userId: target.user.id })
          : setStatusAction({ userId: target.user.id, status: "disabled" });
      };
      const [first, second] = await queuedBehindRowLock<ActionResult<object>>(
        target.membership.id,
        order === "transfer first" ? [transfer, other] : [other, transfer],
      );
      const [transferred, changed] =
        order === "transfer first" ? [first!, second!] : [second!, first!];

      expect(await owners(w.org)).toHaveLength(1);
      if (order === "transfer first") {
        expect(transferred).toEqual({ ok: true, newOwner: "Rae Race" });
        expect(changed.ok).toBe(false);
        expect(await owners(w.org)).toEqual([
          { userId: target.user.id, ownerOfOrganizationId: w.org },
        ]);
      } else {
        expect(changed.ok).toBe(true);
        expect(transferred).toEqual({
          ok: false,
          error: "Rae Race was changed or removed meanwhile — reload and try again.",
        });
        expect(await owners(w.org)).toEqual([
          { userId: w.users.owner.id, ownerOfOrganizationId: w.org },
        ]);
      }
    });
  },
);

describe("delete organization", () => {
  const deleteAcme = (confirmName = "Acme", password = TEST_PASSWORD) =>
    deleteOrganizationAction({ confirmName, password });

  it("the owner deletes it: everything of it goes, and the accounts that belonged only to it", async () => {
    const w = await acmeWorld(t.db);
    const info = vi.spyOn(log, "info").mockImplementation(() => undefined);
    const globexBefore = await t.db.membership.count({ where: { organizationId: w.globexOrg } });
    await signInAs(t.db, w, "owner");
    expect(await deleteAcme()).toEqual({ ok: true, organizationsLeft: 1, signedOut: true });

    expect(await t.db.organization.findUnique({ where: { id: w.org } })).toBeNull();
    for (const table of [
      t.db.membership,
      t.db.workspace,
      t.db.invitation,
      t.db.joinRequest,
      t.db.auditEvent,
      t.db.workspaceMembership,
    ] as const) {
      expect(
        await (table as typeof t.db.membership).count({ where: { organizationId: w.org } }),
      ).toBe(0);
    }
    // Acme's own people are gone; Alan, also in Globex, keeps his account there.
    const left = await t.db.user.findMany({ select: { email: true }, orderBy: { email: "asc" } });
    expect(left.map((u) => u.email)).toEqual(
      [w.users.admin2.email, w.users.otherOwner.email, w.users.outsider.email].sort(),
    );
    expect(await t.db.membership.count({ where: { organizationId: w.globexOrg } })).toBe(
      globexBefore,
    );
    expect(await t.db.workspace.count({ where: { organizationId: w.globexOrg } })).toBe(1);
    // The owner's session ends with their account; the deletion is in the server log.
    expect(authCalls.signOut).toEqual([[{ redirect: false }]]);
    expect(info.mock.calls).toEqual([
      [
        {
          audit: expect.objectContaining({
            organizationId: w.org,
            actorEmail: "olive.owner@acme.test",
            action: "organization.deleted",
            targetLabel: "Acme",
            metadata: expect.objectContaining({ members: 6, workspaces: 5, accountsDeleted: 5 }),
          }),
        },
        "audit event",
      ],
    ]);
  });

  it("an owner who is in another organization keeps their account and carries on there", async () => {
    const w = await acmeWorld(t.db);
    vi.spyOn(log, "info").mockImplementation(() => undefined);
    await addMember(t.db, w.globexOrg, { user: w.users.owner });
    await signInAs(t.db, w, "owner");
    expect(await deleteAcme()).toEqual({ ok: true, organizationsLeft: 1, signedOut: false });
    expect(await t.db.user.count({ where: { id: w.users.owner.id } })).toBe(1);
    expect(authCalls.signOut).toEqual([]);
  });

  it("the last organization: none is left, so the server is back to first-run setup", async () => {
    const only = await createOrganization(t.db, "Solo");
    vi.spyOn(log, "info").mockImplementation(() => undefined);
    await actAs(t.db, only.owner.id);
    expect(
      await deleteOrganizationAction({ confirmName: "Solo", password: TEST_PASSWORD }),
    ).toEqual({
      ok: true,
      organizationsLeft: 0,
      signedOut: true,
    });
    expect(await t.db.organization.count()).toBe(0);
    expect(await t.db.user.count()).toBe(0);
  });

  it("the name must be typed exactly, and the password must be right", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const name = "Type the organization's name exactly: Acme";
    await expectRefused(() => deleteAcme("acme"), name, { confirmName: [name] });
    await expectRefused(() => deleteAcme("Acme "), name, { confirmName: [name] });
    const wrong = "That password isn't right.";
    await expectRefused(() => deleteAcme("Acme", "guess"), wrong, { password: [wrong] });
  });

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing changes", async (actor, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, actor);
    await expectRefused(() => deleteAcme(), error);
  });

  it("another organization's owner deletes only their own: typing Acme's name there is refused", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "otherOwner");
    const name = "Type the organization's name exactly: Globex";
    await expectRefused(() => deleteAcme("Acme"), name, { confirmName: [name] });
  });

  it("a deletion racing a transfer by the same owner: one of them wins, never a half", async () => {
    const w = await acmeWorld(t.db);
    vi.spyOn(log, "info").mockImplementation(() => undefined);
    vi.spyOn(log, "error").mockImplementation(() => undefined);
    await signInAs(t.db, w, "owner");
    const [deleted, transferred] = await Promise.all([
      deleteAcme(),
      transferTo("ada.admin@acme.test"),
    ]);
    const exists = (await t.db.organization.count({ where: { id: w.org } })) === 1;
    if (deleted.ok) {
      expect(transferred.ok).toBe(false);
      expect(exists).toBe(false);
    } else {
      expect(transferred.ok).toBe(true);
      expect(exists).toBe(true);
      expect(await owners(w.org)).toEqual([
        { userId: w.users.admin.id, ownerOfOrganizationId: w.org },
      ]);
    }
  });
});
