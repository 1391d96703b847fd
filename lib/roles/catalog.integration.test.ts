import { describe, expect, it } from "vitest";
import { sessionOf } from "@/lib/testing/actors";
import { behindTheTriggers, requestOf } from "@/lib/testing/catalog";
import { setUpTestDatabase } from "@/lib/testing/db";
import { createOrganization } from "@/lib/testing/fixtures";
import { getCustomRoles } from "./catalog";

const t = setUpTestDatabase();

describe("getCustomRoles, remembered per catalog version (lib/request/catalog.ts)", () => {
  it("answers from memory while the version stands, and reads again once a role changes", async () => {
    const { db } = t;
    const { organization: org, owner } = await createOrganization(db);
    const editor = await db.customRole.create({
      data: { organizationId: org.id, name: "Editor", nameKey: "editor", baseRole: "member" },
    });
    const asOwner = requestOf(await sessionOf(db, owner.id, org.id));
    const names = () =>
      asOwner(async () => (await getCustomRoles(org.id)).map((r) => r.name).join(","));

    expect(await names()).toBe("Editor");
    await behindTheTriggers(db, (tx) =>
      tx.customRole.update({ where: { id: editor.id }, data: { name: "Hidden" } }),
    );
    expect(await names()).toBe("Editor");
    await db.customRole.create({
      data: { organizationId: org.id, name: "Auditor", nameKey: "auditor", baseRole: "viewer" },
    });
    expect(await names()).toBe("Auditor,Hidden");
  });
});
