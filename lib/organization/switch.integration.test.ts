import { describe, expect, it, vi } from "vitest";
import { setUpTestDatabase } from "@/lib/testing/db";
import { actAs } from "@/lib/testing/actors";
import { addMember, createOrganization } from "@/lib/testing/fixtures";
import { testSession } from "@/lib/testing/session";
import { switchOrganizationAction } from "./actions";

vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), {
      digest: `NEXT_REDIRECT;replace;${url};307;`,
    });
  },
}));

const t = setUpTestDatabase();

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
