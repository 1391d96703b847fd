import { describe, expect, it } from "vitest";
import { getActor } from "@/lib/auth/caller";
import type { Actor } from "@/lib/permissions";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { countedMemberCounts, keptMemberCounts } from "@/lib/testing/workspace-counts";
import { workspaceDetailFor } from "./detail";
import { ADDABLE_LIMIT, ORGANIZATION_MANAGERS_SHOWN, WORKSPACE_MEMBERS_PAGE_SIZE } from "./members";
import { workspacePageQuery } from "./schemas";

const t = setUpTestDatabase();

async function actorAs(userId: string): Promise<Actor> {
  await actAs(t.db, userId);
  const actor = await getActor();
  if (!actor) throw new Error("no actor");
  return actor;
}

/** Company > Engineering > Backend > Payments (four levels), Company > Sales; Board alone. */
async function tree() {
  const { organization, owner } = await createOrganization(t.db);
  const org = organization.id;
  const company = await createWorkspace(t.db, org, "Company");
  const engineering = await createWorkspace(t.db, org, "Engineering", company.id);
  const backend = await createWorkspace(t.db, org, "Backend", engineering.id);
  const payments = await createWorkspace(t.db, org, "Payments", backend.id);
  const sales = await createWorkspace(t.db, org, "Sales", company.id);
  const board = await createWorkspace(t.db, org, "Board");
  return { org, owner, ws: { company, engineering, backend, payments, sales, board } };
}

describe("effective member counts (kept by the database)", () => {
  /** The kept counts, checked against the definition counted from scratch. */
  async function effectiveMemberCounts(db: typeof t.db, org: string) {
    const kept = await keptMemberCounts(db, org);
    expect(kept).toEqual(await countedMemberCounts(db, org));
    return kept;
  }

  it("counts explicit and inherited roles, each person once, never owners or admins", async () => {
    const { org, ws } = await tree();
    const [ann, bob, cy, dee] = await Promise.all([
      addMember(t.db, org),
      addMember(t.db, org),
      addMember(t.db, org),
      addMember(t.db, org),
    ]);
    const admin = await addMember(t.db, org, { role: "admin" });
    await grantWorkspaceRole(t.db, ann.membership, ws.engineering.id, "member");
    await grantWorkspaceRole(t.db, ann.membership, ws.payments.id, "manager");
    await grantWorkspaceRole(t.db, bob.membership, ws.backend.id, "viewer");
    await grantWorkspaceRole(t.db, cy.membership, ws.sales.id, "guest");
    await grantWorkspaceRole(t.db, dee.membership, ws.company.id, "member");
    await grantWorkspaceRole(t.db, admin.membership, ws.board.id, "manager");

    const counts = await effectiveMemberCounts(t.db, org);
    const byName = (map: Map<string, number>) =>
      Object.fromEntries(Object.entries(ws).map(([name, w]) => [name, map.get(w.id) ?? 0]));
    expect(byName(counts)).toEqual({
      company: 1,
      engineering: 2,
      backend: 3,
      payments: 3,
      sales: 2,
      board: 0,
    });
    // Another organization's roles never count.
    const other = await createOrganization(t.db);
    const stranger = await addMember(t.db, other.organization.id);
    const elsewhere = await createWorkspace(t.db, other.organization.id, "Company");
    await grantWorkspaceRole(t.db, stranger.membership, elsewhere.id, "member");
    expect(byName(await effectiveMemberCounts(t.db, org))).toEqual({
      company: 1,
      engineering: 2,
      backend: 3,
      payments: 3,
      sales: 2,
      board: 0,
    });
    // Someone with roles at three levels of one path counts once at each level.
    await grantWorkspaceRole(t.db, dee.membership, ws.backend.id, "manager");
    await grantWorkspaceRole(t.db, dee.membership, ws.payments.id, "manager");
    await grantWorkspaceRole(t.db, bob.membership, ws.payments.id, "member");
    expect(byName(await effectiveMemberCounts(t.db, org))).toEqual({
      company: 1,
      engineering: 2,
      backend: 3,
      payments: 3,
      sales: 2,
      board: 0,
    });
  });
});

describe("a workspace page's member list and the people one may add", () => {
  it("pages and searches the members, and finds people to add a few at a time", async () => {
    const { org, owner, ws } = await tree();
    const total = WORKSPACE_MEMBERS_PAGE_SIZE + 5;
    for (let i = 0; i < total; i++) {
      const user = await createUser(t.db, {
        firstName: `Person${String(i).padStart(3, "0")}`,
        lastName: i === 7 ? "Lovelace" : "Test",
        ...(i === 7 ? { email: "countess@analytical.test" } : {}),
      });
      const { membership } = await addMember(t.db, org, { user });
      // Most have a role in Engineering (inherited into Backend), a few in Backend itself.
      await grantWorkspaceRole(
        t.db,
        membership,
        i % 10 === 0 ? ws.backend.id : ws.engineering.id,
        "member",
      );
    }
    const outsiders = [];
    for (let i = 0; i < ADDABLE_LIMIT + 2; i++) {
      const user = await createUser(t.db, {
        firstName: `Outsider${String(i).padStart(2, "0")}`,
        lastName: i === 3 ? "Hopper" : "Else",
        ...(i === 3 ? { email: "grace@analytical.test" } : {}),
      });
      const outsider = await addMember(t.db, org, { user });
      // Hopper has a role, but off Backend's path.
      if (i === 3) await grantWorkspaceRole(t.db, outsider.membership, ws.sales.id, "member");
      outsiders.push(outsider);
    }
    await addMember(t.db, org, { status: "disabled" });
    for (let i = 0; i < 11; i++) await addMember(t.db, org, { role: "admin" });
    const actor = await actorAs(owner.id);

    const page1 = await workspaceDetailFor(actor, ws.backend.id, workspacePageQuery.parse({}));
    if (!page1) throw new Error("not found");
    expect(page1.memberCount).toBe(total);
    expect(page1.memberList).toEqual({ q: "", page: 1, pages: 2, total });
    expect(page1.members).toHaveLength(WORKSPACE_MEMBERS_PAGE_SIZE);
    expect(page1.members[0]?.name).toBe("Person000 Test");
    // The owner and the first admins by name; the rest are a count.
    expect(page1.organizationManagers.map((m) => m.orgRole)).toEqual([
      "owner",
      ...Array<string>(ORGANIZATION_MANAGERS_SHOWN - 1).fill("admin"),
    ]);
    expect(page1.organizationManagersTotal).toBe(12);

    const page2 = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ page: "2" }),
    );
    expect(page2?.members.map((m) => m.name)).toEqual(
      Array.from({ length: 5 }, (_, i) => `Person${String(50 + i).padStart(3, "0")} Test`),
    );
    // A page past the end shows the last one.
    const past = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ page: "99" }),
    );
    expect(past?.memberList.page).toBe(2);

    // Every word must match a name or the email, any case.
    const found = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ q: "lovelace PERSON007" }),
    );
    expect(found?.members.map((m) => [m.name, m.inheritedFrom?.name ?? null])).toEqual([
      ["Person007 Lovelace", "Engineering"],
    ]);
    expect(found?.memberList).toEqual({ q: "lovelace PERSON007", page: 1, pages: 1, total: 1 });
    expect(found?.organizationManagers).toEqual([]);
    // The email counts too; someone with no role on the path is no member, whatever matches.
    const byEmail = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ q: "Analytical" }),
    );
    expect(byEmail?.members.map((m) => m.email)).toEqual(["countess@analytical.test"]);
    expect(byEmail?.memberList.total).toBe(1);

    // People to add: active, no role on the path, the first few, and a search for the rest.
    expect(page1.can.addMembers).toBe(true);
    expect(page1.addable.people.map((p) => p.name)).toEqual(
      Array.from({ length: ADDABLE_LIMIT }, (_, i) => `Outsider${String(i).padStart(2, "0")} Else`)
        .map((name, i) => (i === 3 ? "Outsider03 Hopper" : name))
        .sort(),
    );
    expect(page1.addable.more).toBe(true);
    const hopper = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ find: "hopper" }),
    );
    expect(hopper?.addable).toEqual({
      find: "hopper",
      people: [
        {
          userId: outsiders[3]!.user.id,
          name: "Outsider03 Hopper",
          email: outsiders[3]!.user.email,
        },
      ],
      more: false,
    });
    // Someone already in (through Engineering) is never offered.
    const lovelace = await workspaceDetailFor(
      actor,
      ws.backend.id,
      workspacePageQuery.parse({ find: "lovelace" }),
    );
    expect(lovelace?.addable.people).toEqual([]);
  });

  it("a workspace manager finds only people from their own workspaces", async () => {
    const { org, ws } = await tree();
    const manager = await addMember(t.db, org);
    await grantWorkspaceRole(t.db, manager.membership, ws.backend.id, "manager");
    await grantWorkspaceRole(t.db, manager.membership, ws.sales.id, "manager");
    const inSales = await addMember(t.db, org);
    await grantWorkspaceRole(t.db, inSales.membership, ws.sales.id, "member");
    const inBoard = await addMember(t.db, org);
    await grantWorkspaceRole(t.db, inBoard.membership, ws.board.id, "member");
    await addMember(t.db, org); // in no workspace
    const actor = await actorAs(manager.user.id);

    const backend = await workspaceDetailFor(actor, ws.backend.id);
    expect(backend?.addable.people.map((p) => p.userId)).toEqual([inSales.user.id]);
    // Engineering isn't theirs: nobody to add there, not even a way to.
    const engineering = await workspaceDetailFor(actor, ws.engineering.id);
    expect(engineering?.can.addMembers).toBe(false);
    expect(engineering?.addable.people).toEqual([]);
  });
});
