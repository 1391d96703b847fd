import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import { acmeWorld } from "@/lib/testing/acme-world";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import { editUserPageFor } from "./edit-user-page";

const t = setUpTestDatabase();

async function pageAs(viewerId: string, userId: string) {
  await actAs(t.db, viewerId);
  const actor = await getActor();
  if (!actor) throw new Error("no actor");
  return editUserPageFor(actor, userId);
}

describe("Edit user: a person's recent activity", () => {
  it("shows only to those who may read the audit log, never to a workspace manager", async () => {
    const w = await acmeWorld(t.db);
    // Something about Mo outside Mia's workspaces: the owner gave them a role in Sales.
    await t.db.auditEvent.create({
      data: {
        organizationId: w.org,
        actorId: w.users.owner.id,
        actorEmail: w.users.owner.email,
        action: "workspace.member_added",
        targetType: "user",
        targetId: w.users.member.id,
        targetLabel: "Mo Member <mo.member@acme.test>",
        metadata: { workspace: { id: w.ws.sales.id, name: "Sales" }, after: { role: "member" } },
      },
    });

    for (const viewer of ["owner", "admin"] as const) {
      const page = await pageAs(w.users[viewer].id, w.users.member.id);
      expect(page?.activity?.map((e) => e.label)).toEqual(["Added to workspace"]);
    }
    // Mia manages Backend, where Mo is a viewer: she may open Mo's page, not the audit trail.
    const managerView = await pageAs(w.users.manager.id, w.users.member.id);
    expect(managerView?.member.userId).toBe(w.users.member.id);
    expect(managerView?.activity).toBeNull();
  });
});

describe("Edit user: an account shared with another organization", () => {
  it("its name and email are read-only here; its role and status are still this organization's", async () => {
    const w = await acmeWorld(t.db);
    const alan = await pageAs(w.users.owner.id, w.users.admin2.id);
    expect(alan).toMatchObject({
      sharedAccount: true,
      can: { editProfile: false, changeRole: true, setStatus: true },
    });
    const ada = await pageAs(w.users.owner.id, w.users.admin.id);
    expect(ada).toMatchObject({
      sharedAccount: false,
      can: { editProfile: true, changeRole: true, setStatus: true },
    });
  });
});
