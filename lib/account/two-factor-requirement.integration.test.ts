import { describe, expect, it } from "vitest";
import { getCaller, twoFactorSetupRequired } from "@/lib/auth/caller";
import { requireActiveActor, TWO_FACTOR_SETUP_PATH } from "@/lib/auth/require";
import { newTotpSecret } from "@/lib/auth/two-factor";
import { removeMemberAction } from "@/lib/people/actions";
import { acmeWorld, signInAs } from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { updateProfileAction } from "./profile-actions";

// The organization's Security setting enforced: its owners and admins without two-factor
// authentication are sent to set it up, and only their own account's actions work meanwhile.

const t = setUpTestDatabase();

describe("an organization that requires two-factor authentication of its owners and admins", () => {
  async function requiring() {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.org },
      data: { requireTwoFactorAdmins: true },
    });
    return w;
  }

  it("sends an owner or admin without it to set-up, from every page", async () => {
    const w = await requiring();
    for (const who of ["owner", "admin"] as const) {
      await signInAs(t.db, w, who);
      expect(twoFactorSetupRequired((await getCaller())!)).toBe(true);
      await expect(requireActiveActor()).rejects.toMatchObject({
        digest: expect.stringContaining(TWO_FACTOR_SETUP_PATH),
      });
    }
  });

  it("refuses their organization's actions, but not their own account's", async () => {
    const w = await requiring();
    await signInAs(t.db, w, "admin");
    const before = await t.db.membership.count();
    expect(await removeMemberAction({ userId: w.users.member.id })).toEqual({
      ok: false,
      error:
        "This organization requires two-factor authentication for owners and admins. Set it up in Account settings first.",
    });
    expect(await t.db.membership.count()).toBe(before);
    const { version } = await t.db.user.findUniqueOrThrow({
      where: { id: w.users.admin.id },
      select: { version: true },
    });
    expect(await updateProfileAction({ firstName: "Ada", lastName: "Secure", version })).toEqual({
      ok: true,
    });
  });

  it("lets members, and owners and admins with two-factor on, work as before", async () => {
    const w = await requiring();
    await signInAs(t.db, w, "member");
    expect(twoFactorSetupRequired((await getCaller())!)).toBe(false);
    await expect(requireActiveActor()).resolves.toMatchObject({ orgRole: "member" });
    await t.db.user.update({
      where: { id: w.users.admin.id },
      data: { totpEnabledAt: new Date(), totpSecret: newTotpSecret().sealed },
    });
    await signInAs(t.db, w, "admin");
    await expect(requireActiveActor()).resolves.toMatchObject({ orgRole: "admin" });
    expect(await removeMemberAction({ userId: w.users.member.id })).toMatchObject({ ok: true });
  });

  it("holds only in the organization that requires it", async () => {
    const w = await acmeWorld(t.db);
    await t.db.organization.update({
      where: { id: w.globexOrg },
      data: { requireTwoFactorAdmins: true },
    });
    await signInAs(t.db, w, "admin");
    await expect(requireActiveActor()).resolves.toMatchObject({ orgRole: "admin" });
  });
});
