import { describe, expect, it } from "vitest";
import { actAs, signedOut } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { addMember, createOrganization, snapshotDatabase } from "@/lib/testing/fixtures";
import { setThemeAction } from "./actions";

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
    await actAs(t.db, user.id);
    const before = await snapshotDatabase(t.db);
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
