import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { sessionOf } from "@/lib/testing/actors";
import { behindTheTriggers, requestOf } from "@/lib/testing/catalog";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { withRequestScope } from "./cache";
import { getWorkspaceRows, getWorkspaceTree } from "./workspace-tree";

const t = setUpTestDatabase();

async function versionOf(db: Db, organizationId: string): Promise<number> {
  const row = await db.organization.findUniqueOrThrow({
    where: { id: organizationId },
    select: { catalogVersion: true },
  });
  return row.catalogVersion;
}

/** Runs `change` and returns how far the organization's catalog version moved. */
async function movedBy(db: Db, organizationId: string, change: () => Promise<unknown>) {
  const before = await versionOf(db, organizationId);
  await change();
  return (await versionOf(db, organizationId)) - before;
}

describe("Organization.catalogVersion (the database's triggers)", () => {
  it("moves once per transaction that changes workspaces, member counts, custom roles or join requests", async () => {
    const { db } = t;
    const { organization: org } = await createOrganization(db);
    const other = (await createOrganization(db)).organization;
    const id = org.id;
    expect(await versionOf(db, id)).toBe(1);

    let sales = { id: "" };
    expect(
      await movedBy(db, id, async () => (sales = await createWorkspace(db, id, "Sales"))),
    ).toBe(1);
    // Two workspaces in one transaction: once.
    expect(
      await movedBy(db, id, () =>
        db.$transaction([
          db.workspace.create({
            data: { organizationId: id, name: "East", parentId: sales.id, siblingKey: "s/east" },
          }),
          db.workspace.create({
            data: { organizationId: id, name: "West", parentId: sales.id, siblingKey: "s/west" },
          }),
        ]),
      ),
    ).toBe(1);
    expect(
      await movedBy(db, id, () =>
        db.workspace.update({ where: { id: sales.id }, data: { name: "Sales & Marketing" } }),
      ),
    ).toBe(1);

    // A workspace role: the member counts of Sales and its sub-workspaces change.
    const { membership } = await addMember(db, id);
    expect(
      await movedBy(db, id, () => grantWorkspaceRole(db, membership, sales.id, "member")),
    ).toBe(1);

    let roleId = "";
    expect(
      await movedBy(db, id, async () => {
        const role = await db.customRole.create({
          data: {
            organizationId: id,
            name: "Recruiter",
            nameKey: "recruiter",
            baseRole: "member",
            permissions: ["inviteMembers"],
          },
        });
        roleId = role.id;
      }),
    ).toBe(1);
    expect(
      await movedBy(db, id, () =>
        db.customRole.update({ where: { id: roleId }, data: { description: "Hires people" } }),
      ),
    ).toBe(1);

    const { membership: asker } = await addMember(db, id);
    let requestId = "";
    expect(
      await movedBy(db, id, async () => {
        const request = await db.joinRequest.create({
          data: {
            organizationId: id,
            workspaceId: sales.id,
            membershipId: asker.id,
            pendingMembershipId: asker.id,
          },
        });
        requestId = request.id;
      }),
    ).toBe(1);
    expect(
      await movedBy(db, id, () =>
        db.joinRequest.update({
          where: { id: requestId },
          data: { status: "rejected", pendingMembershipId: null, decidedAt: new Date() },
        }),
      ),
    ).toBe(1);
    expect(await movedBy(db, id, () => db.customRole.delete({ where: { id: roleId } }))).toBe(1);
    expect(await movedBy(db, id, () => db.workspace.delete({ where: { id: sales.id } }))).toBe(1);

    // What the catalog doesn't cover leaves it alone, and another organization's changes too.
    expect(
      await movedBy(db, id, () =>
        db.organization.update({ where: { id }, data: { name: "Renamed" } }),
      ),
    ).toBe(0);
    expect(await movedBy(db, id, () => addMember(db, id))).toBe(0);
    expect(await movedBy(db, id, () => createWorkspace(db, other.id, "Elsewhere"))).toBe(0);
    // A rolled-back change doesn't move it.
    expect(
      await movedBy(db, id, () =>
        db
          .$transaction(async (tx) => {
            await tx.workspace.create({
              data: { organizationId: id, name: "Gone", siblingKey: "root/gone" },
            });
            throw new Error("rolled back");
          })
          .catch(() => undefined),
      ),
    ).toBe(0);
  });

  it("lets an organization be deleted with its workspaces, roles and join requests", async () => {
    const { db } = t;
    const { organization: org } = await createOrganization(db);
    const sales = await createWorkspace(db, org.id, "Sales");
    const { membership } = await addMember(db, org.id);
    await grantWorkspaceRole(db, membership, sales.id, "member");
    await db.organization.delete({ where: { id: org.id } });
    expect(await db.workspace.count({ where: { organizationId: org.id } })).toBe(0);
  });
});

describe("what a process remembers per catalog version", () => {
  /** Renames a workspace without moving the version. */
  const renameBehindTheTriggers = (db: Db, workspaceId: string, name: string) =>
    behindTheTriggers(db, (tx) =>
      tx.workspace.update({ where: { id: workspaceId }, data: { name } }),
    );

  it("answers from memory while the version stands, and reads again once it moves", async () => {
    const { db } = t;
    const { organization: org, owner } = await createOrganization(db);
    const sales = await createWorkspace(db, org.id, "Sales");
    const asOwner = requestOf(await sessionOf(db, owner.id, org.id));
    const names = () =>
      asOwner(async () => (await getWorkspaceRows(org.id)).map((w) => w.name).join(","));

    expect(await names()).toBe("Sales");
    // Unseen by the version: the next request still answers from memory.
    await renameBehindTheTriggers(db, sales.id, "Hidden");
    expect(await names()).toBe("Sales");
    // A change the triggers see: read again.
    await createWorkspace(db, org.id, "Support");
    expect(await names()).toBe("Hidden,Support");
  });

  it("builds the workspace tree once while the version stands, and again once it moves", async () => {
    const { db } = t;
    const { organization: org, owner } = await createOrganization(db);
    const sales = await createWorkspace(db, org.id, "Sales");
    const asOwner = requestOf(await sessionOf(db, owner.id, org.id));
    const tree = await asOwner(() => getWorkspaceTree(org.id));
    expect(await asOwner(() => getWorkspaceTree(org.id))).toBe(tree);
    await createWorkspace(db, org.id, "Squad", sales.id);
    const moved = await asOwner(() => getWorkspaceTree(org.id));
    expect(moved).not.toBe(tree);
    expect(moved.byPath().map((w) => w.path)).toEqual(["Sales", "Sales / Squad"]);
    expect(tree.byPath().map((w) => w.path)).toEqual(["Sales"]);
  });

  it("counts pending join requests with the workspaces, and what it remembers can't be changed", async () => {
    const { db } = t;
    const { organization: org, owner } = await createOrganization(db);
    const sales = await createWorkspace(db, org.id, "Sales");
    const { membership: asker } = await addMember(db, org.id);
    await db.joinRequest.create({
      data: {
        organizationId: org.id,
        workspaceId: sales.id,
        membershipId: asker.id,
        pendingMembershipId: asker.id,
      },
    });
    const asOwner = requestOf(await sessionOf(db, owner.id, org.id));
    const rows = await asOwner(() => getWorkspaceRows(org.id));
    expect(rows).toEqual([expect.objectContaining({ name: "Sales", pendingJoinRequests: 1 })]);
    const again = await asOwner(() => getWorkspaceRows(org.id));
    expect(again).toBe(rows);
    expect(Object.isFrozen(again) && Object.isFrozen(again[0])).toBe(true);
    expect(() => {
      (again[0] as { name: string }).name = "Changed";
    }).toThrow(TypeError);
  });

  it("reads the database every time where no caller noted a version", async () => {
    const { db } = t;
    const { organization: org } = await createOrganization(db);
    const sales = await createWorkspace(db, org.id, "Sales");
    const names = async () => (await getWorkspaceRows(org.id)).map((w) => w.name).join(",");
    expect(await withRequestScope(names)).toBe("Sales");
    await renameBehindTheTriggers(db, sales.id, "Renamed");
    expect(await withRequestScope(names)).toBe("Renamed");
  });
});
