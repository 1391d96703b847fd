import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/permissions";
import { setUpTestDatabase } from "@/lib/testing/db";
import { createOrganization } from "@/lib/testing/fixtures";
import { ssoTestResultFor } from "./test-result";

const t = setUpTestDatabase();

async function ownerActor(): Promise<Actor> {
  const acme = await createOrganization(t.db, "Acme");
  return {
    userId: acme.owner.id,
    membershipId: acme.ownerMembership.id,
    organizationId: acme.organization.id,
    orgRole: "owner",
    status: "active",
    managedWorkspaceIds: new Set(),
    holdings: new Map(),
  };
}

const GONE = "This test result is no longer available. Run Test connection again.";

describe("the Test connection result page's query", () => {
  it("reads ?problem= from its own table only: toString or __proto__ is an unknown problem", async () => {
    const owner = await ownerActor();
    for (const problem of ["toString", "__proto__", "constructor", "other"]) {
      const result = await ssoTestResultFor(owner, { problem });
      expect(result, problem).toMatchObject({ ok: false, claims: null });
      expect(typeof result?.ok === "boolean" && !result.ok && typeof result.error, problem).toBe(
        "string",
      );
    }
  });

  it("answers 'no longer available' for an id that isn't shaped like one (NUL, too long, an array)", async () => {
    const owner = await ownerActor();
    for (const id of ["a\u0000b", "x".repeat(200), ["a", "b"], "", "../etc"]) {
      expect(await ssoTestResultFor(owner, { id }), JSON.stringify(id)).toEqual({
        ok: false,
        error: GONE,
        claims: null,
      });
    }
  });
});
