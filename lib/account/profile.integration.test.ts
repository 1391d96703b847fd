import { describe, expect, it } from "vitest";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
  type AcmeWorld,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { authCalls } from "@/lib/testing/session";
import { leaveOrganizationAction, updateProfileAction } from "./profile-actions";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

async function versionOf(userId: string) {
  return (await t.db.user.findUniqueOrThrow({ where: { id: userId }, select: { version: true } }))
    .version;
}

describe("profile: one's own name", () => {
  it.each(["owner", "admin", "manager", "member"] as const)(
    "%s renames themself; the event is in each of their organizations",
    async (who) => {
      const w = await acmeWorld(t.db);
      await signInAs(t.db, w, who);
      const id = w.users[who].id;
      const version = await versionOf(id);
      expect(
        await updateProfileAction({ firstName: " Renée ", lastName: "Nouveau", version }),
      ).toEqual({ ok: true });
      expect(
        await t.db.user.findUniqueOrThrow({
          where: { id },
          select: { firstName: true, lastName: true, version: true },
        }),
      ).toEqual({ firstName: "Renée", lastName: "Nouveau", version: version + 1 });
      const events = await t.db.auditEvent.findMany({
        where: { action: "account.updated", targetId: id },
        select: { organizationId: true, actorId: true, metadata: true },
      });
      expect(events).toEqual([
        {
          organizationId: w.org,
          actorId: id,
          metadata: {
            before: { firstName: w.users[who].firstName, lastName: w.users[who].lastName },
            after: { firstName: "Renée", lastName: "Nouveau" },
          },
        },
      ]);
    },
  );

  it("someone in two organizations: the change is recorded in both", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "admin2");
    const version = await versionOf(w.users.admin2.id);
    expect(await updateProfileAction({ firstName: "Alan", lastName: "Turing", version })).toEqual({
      ok: true,
    });
    const orgs = await t.db.auditEvent.findMany({
      where: { action: "account.updated" },
      select: { organizationId: true },
    });
    expect(orgs.map((e) => e.organizationId).sort()).toEqual([w.org, w.globexOrg].sort());
  });

  it("a stale form, an unchanged one and an empty name are refused, and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    const version = await versionOf(w.users.owner.id);
    // Saved meanwhile from another tab: the stored version moved on.
    await t.db.user.update({
      where: { id: w.users.owner.id },
      data: { version: { increment: 1 } },
    });
    await expectRefused(
      () => updateProfileAction({ firstName: "Olive", lastName: "Other", version }),
      "Your profile was changed meanwhile (in another tab?) — reload to see the latest version.",
    );
    const { firstName, lastName } = w.users.owner;
    await expectRefused(
      () => updateProfileAction({ firstName, lastName, version: version + 1 }),
      "Nothing to save: no field was changed.",
    );
    await expectRefused(
      () => updateProfileAction({ firstName: "  ", lastName: "x", version }),
      "Please correct the highlighted fields.",
      { firstName: ["Enter a first name"] },
    );
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(
      () => updateProfileAction({ firstName: "New", lastName: "Name", version: 1 }),
      error,
    );
  });
});

describe("leave organization", () => {
  const leave = (w: AcmeWorld) => leaveOrganizationAction({ organizationId: w.org });

  it("a member leaves: membership and workspace roles go; their only organization, so the account too", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    expect(await leave(w)).toEqual({ ok: true, accountDeleted: true });
    expect(await t.db.user.count({ where: { id: w.users.member.id } })).toBe(0);
    expect(await t.db.membership.count({ where: { userId: w.users.member.id } })).toBe(0);
    expect(
      await t.db.workspaceMembership.count({ where: { membershipId: w.memberships.member.id } }),
    ).toBe(0);
    expect(authCalls.signOut).toEqual([[{ redirect: false }]]);
    const [event] = await t.db.auditEvent.findMany({
      where: { organizationId: w.org, action: "member.left" },
      select: { actorId: true, targetId: true, metadata: true },
    });
    expect(event).toEqual({
      actorId: w.users.member.id,
      targetId: w.users.member.id,
      metadata: { organization: "Acme", before: { role: "member" }, accountDeleted: true },
    });
  });

  it("someone in another organization keeps their account and that membership", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "admin2");
    expect(await leave(w)).toEqual({ ok: true, accountDeleted: false });
    const memberships = await t.db.membership.findMany({
      where: { userId: w.users.admin2.id },
      select: { organizationId: true },
    });
    expect(memberships).toEqual([{ organizationId: w.globexOrg }]);
    expect(authCalls.signOut).toEqual([]);
  });

  it("admins and managers may leave too", async () => {
    const w = await acmeWorld(t.db);
    for (const who of ["admin", "manager"] as const) {
      await signInAs(t.db, w, who);
      expect(await leave(w)).toEqual({ ok: true, accountDeleted: true });
    }
  });

  it("the owner can't: they transfer ownership first", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => leave(w),
      "You own this organization: transfer ownership to someone else first, in Organization settings.",
    );
  });

  it("a page left open on another organization does not leave the current one", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "admin2");
    await expectRefused(
      () => leaveOrganizationAction({ organizationId: w.globexOrg }),
      "You are working in another organization now — reload and try again.",
    );
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused", async (who, error) => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, who);
    await expectRefused(() => leave(w), error);
  });
});
