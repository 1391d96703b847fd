import { afterEach, describe, expect, it, vi } from "vitest";
import { getCaller } from "@/lib/auth/caller";
import {
  acmeWorld,
  expectRefused as refused,
  INACTIVE,
  SESSION,
  signInAs,
} from "@/lib/testing/acme-world";
import { setUpTestDatabase } from "@/lib/testing/db";
import { testSession } from "@/lib/testing/session";
import { createOrganizationAction } from "./actions";

const t = setUpTestDatabase();
const expectRefused = (
  ...args: Parameters<typeof refused> extends [unknown, ...infer R] ? R : never
) => refused(t.db, ...args);

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("creating a further organization (ALLOW_ORG_CREATION)", () => {
  it.each(["owner", "admin", "manager", "member", "otherOwner"] as const)(
    "%s creates one, becomes its owner, works in it, and its log has the first event",
    async (actor) => {
      vi.stubEnv("ALLOW_ORG_CREATION", "true");
      const w = await acmeWorld(t.db);
      await signInAs(t.db, w, actor);
      const me = w.users[actor];
      const result = await createOrganizationAction({ name: "  Initech Labs " });
      expect(result).toEqual({ ok: true, organizationId: expect.any(String) });
      if (!result.ok) return;

      const created = await t.db.organization.findUniqueOrThrow({
        where: { id: result.organizationId },
        select: {
          name: true,
          slug: true,
          memberships: { select: { userId: true, role: true, ownerOfOrganizationId: true } },
          auditEvents: { select: { action: true, actorId: true, targetId: true } },
        },
      });
      expect(created).toEqual({
        name: "Initech Labs",
        slug: "initech-labs",
        memberships: [
          { userId: me.id, role: "owner", ownerOfOrganizationId: result.organizationId },
        ],
        auditEvents: [
          { action: "organization.created", actorId: me.id, targetId: result.organizationId },
        ],
      });
      // Nothing was written in the organization they came from.
      expect(
        await t.db.auditEvent.count({ where: { organizationId: { not: result.organizationId } } }),
      ).toBe(0);
      // The next request works in the new organization.
      expect(testSession.cookies.get("roster_org")).toBe(result.organizationId);
      const caller = await getCaller();
      expect(caller?.membership.organization.id).toBe(result.organizationId);
      expect(caller?.membership.role).toBe("owner");
    },
  );

  it("a taken name gets the next free address name", async () => {
    vi.stubEnv("ALLOW_ORG_CREATION", "true");
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "member");
    expect((await createOrganizationAction({ name: "Acme Labs" })).ok).toBe(true);
    expect((await createOrganizationAction({ name: "Acme Labs" })).ok).toBe(true);
    const slugs = await t.db.organization.findMany({
      where: { name: "Acme Labs" },
      select: { slug: true },
      orderBy: { createdAt: "asc" },
    });
    expect(slugs.map((o) => o.slug)).toEqual(["acme-labs", "acme-labs-2"]);
  });

  it.each([
    ["disabledAdmin", INACTIVE],
    ["signedOut", SESSION],
  ] as const)("%s is refused, and nothing changes", async (actor, error) => {
    vi.stubEnv("ALLOW_ORG_CREATION", "true");
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, actor);
    await expectRefused(() => createOrganizationAction({ name: "Initech Labs" }), error);
  });

  it("with the setting off (the default) nobody can, the owner included", async () => {
    vi.stubEnv("ALLOW_ORG_CREATION", "");
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => createOrganizationAction({ name: "Initech Labs" }),
      "Creating organizations is turned off on this server.",
    );
  });

  it("a name is required and checked", async () => {
    vi.stubEnv("ALLOW_ORG_CREATION", "true");
    const w = await acmeWorld(t.db);
    await signInAs(t.db, w, "owner");
    await expectRefused(
      () => createOrganizationAction({ name: " x " }),
      "Please correct the highlighted fields.",
      { name: ["Enter the organization's name"] },
    );
  });
});
