// Shared by this folder's integration tests: Acme (lib/testing/acme-world.ts) with two custom roles,
// one of them held and given by invitations, and Globex with a custom role of its own.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db";
import type { WorkspacePermission, WorkspaceRole } from "@/lib/permissions";
import { acmeWorld, person } from "@/lib/testing/acme-world";

export const ROLES_PAGE = "/settings/organization/roles";

export async function createCustomRole(
  db: Db,
  organizationId: string,
  name: string,
  baseRole: WorkspaceRole,
  permissions: WorkspacePermission[],
  description = "",
) {
  return db.customRole.create({
    data: {
      organizationId,
      name,
      nameKey: name.toLowerCase(),
      description,
      baseRole,
      permissions,
    },
  });
}

/** A custom role held in a workspace. */
export async function holdCustomRole(
  db: Db,
  membership: { id: string; organizationId: string },
  workspaceId: string,
  role: { id: string; baseRole: WorkspaceRole },
) {
  return db.workspaceMembership.create({
    data: {
      organizationId: membership.organizationId,
      membershipId: membership.id,
      workspaceId,
      role: role.baseRole,
      customRoleId: role.id,
    },
  });
}

/** An invitation giving a custom role in a workspace. */
export async function inviteWithCustomRole(
  db: Db,
  organizationId: string,
  workspaceId: string,
  role: { id: string; baseRole: WorkspaceRole },
  status: "pending" | "accepted" = "pending",
) {
  const tag = randomBytes(4).toString("hex");
  const invitation = await db.invitation.create({
    data: {
      organizationId,
      email: `ivy.${tag}@invitee.test`,
      firstName: "Ivy",
      lastName: "Invitee",
      inviterEmail: "olive.owner@acme.test",
      tokenHash: randomBytes(32).toString("hex"),
      expiresAt: new Date(Date.now() + 7 * 24 * 3600 * 1000),
      status,
      pendingEmail: status === "pending" ? `ivy.${tag}@invitee.test` : null,
      acceptedAt: status === "accepted" ? new Date() : null,
    },
  });
  await db.invitationWorkspace.create({
    data: {
      invitationId: invitation.id,
      organizationId,
      workspaceId,
      role: role.baseRole,
      customRoleId: role.id,
    },
  });
  return invitation;
}

/**
 * Acme, plus: Editor (member + create sub-workspaces), held by Eve in Payments and Sales and by Ed
 * in Sales, given by one pending invitation (into Frontend) and one accepted one (into Sales);
 * Reviewer (viewer + see members), unused. Globex has Designer (guest).
 */
export async function rolesWorld(db: Db) {
  const w = await acmeWorld(db);
  const editor = await createCustomRole(db, w.org, "Editor", "member", ["createSubWorkspaces"]);
  const reviewer = await createCustomRole(db, w.org, "Reviewer", "viewer", ["viewMembers"]);
  const eve = await person(db, w.org, "Eve", "Editor");
  const ed = await person(db, w.org, "Ed", "Editor");
  await holdCustomRole(db, eve.membership, w.ws.payments.id, editor);
  await holdCustomRole(db, eve.membership, w.ws.sales.id, editor);
  await holdCustomRole(db, ed.membership, w.ws.sales.id, editor);
  const pending = await inviteWithCustomRole(db, w.org, w.ws.frontend.id, editor);
  const accepted = await inviteWithCustomRole(db, w.org, w.ws.sales.id, editor, "accepted");
  const designer = await createCustomRole(db, w.globexOrg, "Designer", "guest", []);
  return {
    ...w,
    roles: { editor, reviewer, designer },
    holders: { eve: eve.user, ed: ed.user },
    holderMemberships: { eve: eve.membership, ed: ed.membership },
    invitations: { pending, accepted },
  };
}
export type RolesWorld = Awaited<ReturnType<typeof rolesWorld>>;

/** What Editor's confirmation shows in rolesWorld: 2 people in 2 workspaces, 1 invitation. */
export const EDITOR_USAGE = { people: 2, workspaces: 2, invitations: 1 };
