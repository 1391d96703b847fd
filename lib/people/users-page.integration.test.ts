import { describe, expect, it } from "vitest";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { workspaceChoicesFor } from "@/lib/people/users-page";
import { actAs } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";

const t = setUpTestDatabase();

/** Acme: Engineering > Backend > Payments, and Sales; Globex: Marketing. */
async function world() {
  const acme = await createOrganization(t.db, "Acme");
  const org = acme.organization.id;
  const eng = await createWorkspace(t.db, org, "Engineering");
  const backend = await createWorkspace(t.db, org, "Backend", eng.id);
  await createWorkspace(t.db, org, "Payments", backend.id);
  const sales = await createWorkspace(t.db, org, "Sales");
  const admin = await addMember(t.db, org, { role: "admin" });
  const manager = await addMember(t.db, org);
  await grantWorkspaceRole(t.db, manager.membership, backend.id, "manager");
  const member = await addMember(t.db, org);
  await grantWorkspaceRole(t.db, member.membership, sales.id, "member");
  const globex = await createOrganization(t.db, "Globex");
  await createWorkspace(t.db, globex.organization.id, "Marketing");
  return { owner: acme.owner, admin: admin.user, manager: manager.user, member: member.user };
}

async function choicesOf(userId: string) {
  await actAs(t.db, userId);
  const caller = await getCaller();
  if (!caller) throw new Error("expected a signed-in caller");
  const choices = await workspaceChoicesFor(await actorFor(caller));
  return choices?.map((choice) => choice.path) ?? null;
}

describe("workspaceChoicesFor: the workspaces the Users list's filter and Invite users offer", () => {
  it("offers owners and admins every workspace of their organization, by path", async () => {
    const people = await world();
    const all = [
      "Engineering",
      "Engineering / Backend",
      "Engineering / Backend / Payments",
      "Sales",
    ];
    expect(await choicesOf(people.owner.id)).toEqual(all);
    expect(await choicesOf(people.admin.id)).toEqual(all);
  });

  it("offers a workspace manager only the workspaces they manage, inherited ones included", async () => {
    const people = await world();
    expect(await choicesOf(people.manager.id)).toEqual([
      "Engineering / Backend",
      "Engineering / Backend / Payments",
    ]);
  });

  it("offers nothing to someone who may not see the Users list", async () => {
    const people = await world();
    expect(await choicesOf(people.member.id)).toBeNull();
  });
});
