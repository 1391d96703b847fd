import { describe, expect, it, vi } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import { actAs, signedOut } from "@/lib/testing/actors";
import { addMember, createOrganization, snapshotDatabase } from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { setThemeAction, switchOrganizationAction } from "@/lib/organization/actions";

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), {
      digest: `NEXT_REDIRECT;replace;${url};307;`,
    });
  },
}));

const t = setUpTestDatabase();

describe("setThemeAction", () => {
  it("stores the caller's own preference and audits it", async () => {
    const { owner, organization } = await createOrganization(t.db);
    await actAs(t.db, owner.id);
    expect(await setThemeAction({ theme: "dark" })).toEqual({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: owner.id } })).themePreference).toBe(
      "dark",
    );
    const event = await t.db.auditEvent.findFirstOrThrow();
    expect(event).toMatchObject({
      organizationId: organization.id,
      actorId: owner.id,
      action: "account.updated",
    });
    expect(event.metadata).toEqual({
      before: { themePreference: "system" },
      after: { themePreference: "dark" },
    });
  });

  it("refuses bad input, signed-out and disabled callers, changing nothing", async () => {
    const { organization } = await createOrganization(t.db);
    const { user } = await addMember(t.db, organization.id, { status: "disabled" });
    const before = await snapshotDatabase(t.db);
    await actAs(t.db, user.id);
    expect(await setThemeAction({ theme: "neon" as "dark" })).toMatchObject({
      ok: false,
      fieldErrors: { theme: [expect.any(String)] },
    });
    expect(await setThemeAction({ theme: "dark" })).toEqual({
      ok: false,
      error: "You no longer have access to this organization.",
    });
    signedOut();
    expect(await setThemeAction({ theme: "dark" })).toEqual({
      ok: false,
      error: "Your session has ended. Sign in again to continue.",
    });
    expect(await snapshotDatabase(t.db)).toEqual(before);
  });
});

describe("switchOrganizationAction", () => {
  it("switches only to an organization the caller belongs to", async () => {
    const a = await createOrganization(t.db, "Alpha");
    const b = await createOrganization(t.db, "Beta");
    await addMember(t.db, b.organization.id, { user: a.owner });
    await actAs(t.db, a.owner.id);
    await expect(
      switchOrganizationAction({ organizationId: b.organization.id }),
    ).rejects.toMatchObject({ digest: expect.stringContaining("NEXT_REDIRECT") });
    expect(testSession.cookies.get("roster_org")).toBe(b.organization.id);

    const c = await createOrganization(t.db, "Gamma");
    expect(await switchOrganizationAction({ organizationId: c.organization.id })).toEqual({
      ok: false,
      error: "Not found. You are not a member of that organization.",
    });
    expect(testSession.cookies.get("roster_org")).toBe(b.organization.id);
  });
});
