import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { newTotpSecret } from "@/lib/auth/two-factor";
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
import { organizationSettingsFor } from "./settings";
import { updateSecuritySettingsAction } from "./settings-actions";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

const CHANGED = "These settings were changed by someone else — reload to see the latest version.";
const NOTHING = "Nothing to save: no setting was changed.";
const OWN_FIRST =
  "Turn on two-factor authentication for your own account first (Account settings), then require it.";

type Who = keyof AcmeWorld["users"];

/** Two-factor authentication on for these people, as after set-up. */
async function withTwoFactor(w: AcmeWorld, ...who: Who[]) {
  for (const person of who) {
    await t.db.user.update({
      where: { id: w.users[person].id },
      data: {
        totpSecret: newTotpSecret().sealed,
        totpEnabledAt: new Date(),
        recoveryCodeHashes: ["a", "b"],
      },
    });
  }
}

const stored = (organizationId: string) =>
  t.db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { requireTwoFactorAdmins: true, version: true, name: true, slug: true },
  });

const requireIt = (on: boolean, before = !on) =>
  updateSecuritySettingsAction({
    requireTwoFactorAdmins: on,
    before: { requireTwoFactorAdmins: before },
  });

describe("security: requiring two-factor authentication for owners and admins", () => {
  it("the owner, with 2FA on, turns it on: saved, versioned, audited, with who must set it up", async () => {
    const w = await acmeWorld(t.db);
    await withTwoFactor(w, "owner", "manager");
    const before = await stored(w.org);
    await signInAs(t.db, w, "owner");
    // Ada and Alan (admins) have no 2FA; Dora is disabled, Mia is no admin: 2 to set it up.
    expect(await requireIt(true)).toEqual({ ok: true, withoutTwoFactor: 2 });
    expect(await stored(w.org)).toEqual({
      ...before,
      requireTwoFactorAdmins: true,
      version: before.version + 1,
    });
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "organization.updated" },
    });
    expect(event).toMatchObject({
      organizationId: w.org,
      actorId: w.users.owner.id,
      targetId: w.org,
      targetLabel: "Acme",
    });
    expect(event.metadata).toEqual({
      section: "security",
      before: { requireTwoFactorAdmins: false },
      after: { requireTwoFactorAdmins: true },
      ownersAndAdminsWithoutTwoFactor: 2,
    });
  });

  it("the owner turns it off", async () => {
    const w = await acmeWorld(t.db);
    await withTwoFactor(w, "owner");
    await t.db.organization.update({
      where: { id: w.org },
      data: { requireTwoFactorAdmins: true },
    });
    await signInAs(t.db, w, "owner");
    expect(await requireIt(false)).toEqual({ ok: true, withoutTwoFactor: 2 });
    expect((await stored(w.org)).requireTwoFactorAdmins).toBe(false);
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: "organization.updated" },
    });
    expect(event.metadata).toMatchObject({
      before: { requireTwoFactorAdmins: true },
      after: { requireTwoFactorAdmins: false },
    });
  });

  it("an owner without 2FA can't turn it on, and nothing changes", async () => {
    const w = await acmeWorld(t.db);
    await withTwoFactor(w, "admin");
    await signInAs(t.db, w, "owner");
    await expectRefused(() => requireIt(true), OWN_FIRST);
  });

  it("a form loaded before someone else saved is refused; saving what is stored changes nothing", async () => {
    const w = await acmeWorld(t.db);
    await withTwoFactor(w, "owner");
    await signInAs(t.db, w, "owner");
    expect(await requireIt(true)).toMatchObject({ ok: true });
    // The same form, loaded while it was off, turning it on again.
    await expectRefused(() => requireIt(true, false), CHANGED);
    // A form loaded while it was off, turning it off: the stored value moved meanwhile.
    await expectRefused(() => requireIt(false, false), CHANGED);
    await expectRefused(() => requireIt(true, true), NOTHING);
  });

  it("bad input is refused on its field", async () => {
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () =>
        updateSecuritySettingsAction({
          requireTwoFactorAdmins: "yes" as unknown as boolean,
          before: { requireTwoFactorAdmins: false },
        }),
      "Please correct the highlighted fields.",
      { requireTwoFactorAdmins: ["Invalid input: expected boolean, received string"] },
    );
  });

  it.each([
    ["admin", FORBIDDEN],
    ["manager", FORBIDDEN],
    ["member", FORBIDDEN],
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused (with 2FA on too), and nothing changes", async (who, error) => {
    const w = await acmeWorld(t.db);
    if (who !== "signedOut") await withTwoFactor(w, who);
    await signInAs(t.db, w, who);
    await expectRefused(() => requireIt(true), error);
    await expectRefused(() => requireIt(false, true), error);
  });

  it("another organization's owner changes only their own organization", async () => {
    const w = await acmeWorld(t.db);
    await withTwoFactor(w, "otherOwner");
    const acme = await stored(w.org);
    await signInAs(t.db, w, "otherOwner");
    // Globex: Gus (owner, with 2FA); Alan is a member there, not an admin.
    expect(await requireIt(true)).toEqual({ ok: true, withoutTwoFactor: 0 });
    expect((await stored(w.globexOrg)).requireTwoFactorAdmins).toBe(true);
    expect(await stored(w.org)).toEqual(acme);
  });
});

describe("security section of the settings page", () => {
  async function view(w: AcmeWorld, who: Who) {
    await signInAs(t.db, w, who);
    const actor = await getActor();
    return actor && organizationSettingsFor(actor);
  }

  it("the owner edits, admins read; who hasn't set up 2FA is counted", async () => {
    const w = await acmeWorld(t.db);
    expect((await view(w, "owner"))?.security).toEqual({
      requireTwoFactorAdmins: false,
      withoutTwoFactor: 3,
      viewerHasTwoFactor: false,
    });
    await withTwoFactor(w, "owner", "admin");
    expect(await view(w, "owner")).toMatchObject({
      editable: true,
      security: { requireTwoFactorAdmins: false, withoutTwoFactor: 1, viewerHasTwoFactor: true },
    });
    expect(await view(w, "admin2")).toMatchObject({
      editable: false,
      security: { withoutTwoFactor: 1, viewerHasTwoFactor: false },
    });
    expect(await view(w, "manager")).toBeNull();
    expect(await view(w, "member")).toBeNull();
  });
});
