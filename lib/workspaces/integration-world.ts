// Shared by this folder's integration tests: one organization with a small workspace tree and a
// person for every kind of actor the workspace actions must answer.
import { expect } from "vitest";
import type { ActionResult } from "@/lib/actions/pipeline";
import type { Db } from "@/lib/db";
import { actAs, signedOut } from "@/lib/testing/actors";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
  expectUnchangedButRefusal,
  snapshotDatabase,
} from "@/lib/testing/fixtures";

export const SESSION = "Your session has ended. Sign in again to continue.";
export const INACTIVE = "You no longer have access to this organization.";
export const FORBIDDEN = "You don't have permission to do that.";
export const OUT_OF_SCOPE = "You can only do that within your workspaces.";
export const NOT_FOUND =
  "Not found. It may have been removed, or it belongs to another organization.";

/** Every kind of caller, relative to the Backend workspace. */
export const ACTORS = [
  "owner",
  "admin",
  "managerOfWorkspace",
  "managerOfParent",
  "managerOfSibling",
  "member",
  "viewer",
  "guest",
  "otherOrganization",
  "disabled",
  "signedOut",
] as const;
export type ActorKey = (typeof ACTORS)[number];

/**
 * Acme: Engineering > Backend > Payments, Identity; Engineering > Frontend; Sales.
 * Olive owns it, Ada is an admin. Relative to Backend: Mia manages it, Pat manages Engineering
 * (its parent), Sid manages Frontend (its sibling), Mo / Vi / Gwen are its member / viewer /
 * guest, Dee manages it but is disabled. Nora has no workspace; Sam is a viewer of Payments.
 * Globex: Gus owns it and has a Marketing workspace.
 */
export async function workspaceWorld(db: Db) {
  const acme = await createOrganization(db, "Acme");
  const org = acme.organization.id;
  const owner = await db.user.update({
    where: { id: acme.owner.id },
    data: { email: "olive.owner@acme.test" },
    select: { id: true, email: true, firstName: true, lastName: true },
  });
  const eng = await createWorkspace(db, org, "Engineering");
  const backend = await createWorkspace(db, org, "Backend", eng.id);
  const payments = await createWorkspace(db, org, "Payments", backend.id);
  const identity = await createWorkspace(db, org, "Identity", backend.id);
  const frontend = await createWorkspace(db, org, "Frontend", eng.id);
  const sales = await createWorkspace(db, org, "Sales");

  async function person(
    organizationId: string,
    firstName: string,
    options: { role?: "admin" | "member"; status?: "active" | "disabled" } = {},
  ) {
    const user = await createUser(db, {
      firstName,
      lastName: "Test",
      email: `${firstName.toLowerCase()}@acme.test`,
    });
    return addMember(db, organizationId, { user, ...options });
  }

  const admin = await person(org, "Ada", { role: "admin" });
  const managerOfWorkspace = await person(org, "Mia");
  await grantWorkspaceRole(db, managerOfWorkspace.membership, backend.id, "manager");
  const managerOfParent = await person(org, "Pat");
  await grantWorkspaceRole(db, managerOfParent.membership, eng.id, "manager");
  const managerOfSibling = await person(org, "Sid");
  await grantWorkspaceRole(db, managerOfSibling.membership, frontend.id, "manager");
  const member = await person(org, "Mo");
  await grantWorkspaceRole(db, member.membership, backend.id, "member");
  const viewer = await person(org, "Vi");
  await grantWorkspaceRole(db, viewer.membership, backend.id, "viewer");
  const guest = await person(org, "Gwen");
  await grantWorkspaceRole(db, guest.membership, backend.id, "guest");
  const disabled = await person(org, "Dee", { status: "disabled" });
  await grantWorkspaceRole(db, disabled.membership, backend.id, "manager");
  const nora = await person(org, "Nora");
  const sam = await person(org, "Sam");
  await grantWorkspaceRole(db, sam.membership, payments.id, "viewer");

  const globex = await createOrganization(db, "Globex");
  const marketing = await createWorkspace(db, globex.organization.id, "Marketing");

  return {
    org,
    globexOrg: globex.organization.id,
    ws: { eng, backend, payments, identity, frontend, sales, marketing },
    users: {
      owner,
      admin: admin.user,
      managerOfWorkspace: managerOfWorkspace.user,
      managerOfParent: managerOfParent.user,
      managerOfSibling: managerOfSibling.user,
      member: member.user,
      viewer: viewer.user,
      guest: guest.user,
      otherOrganization: globex.owner,
      disabled: disabled.user,
      nora: nora.user,
      sam: sam.user,
    },
    memberships: {
      nora: nora.membership,
      sam: sam.membership,
      member: member.membership,
      managerOfSibling: managerOfSibling.membership,
    },
  };
}
export type World = Awaited<ReturnType<typeof workspaceWorld>>;

export async function signInAs(db: Db, w: World, actor: ActorKey | keyof World["users"]) {
  if (actor === "signedOut") signedOut();
  else await actAs(db, w.users[actor].id);
}

/**
 * Runs a refused action and checks both its answer and that the database did not change (apart
 * from the refusal's own audit event, when the matrix refused it).
 */
export async function expectRefused(
  db: Db,
  run: () => Promise<ActionResult>,
  error: string,
): Promise<void> {
  const before = await snapshotDatabase(db);
  const result = await run();
  expect(result).toMatchObject({ ok: false, error });
  expectUnchangedButRefusal(before, await snapshotDatabase(db), error);
}

/** The matrix's answer for an action scoped to Backend's managers (createSub, rename, decide…). */
export function scopedToBackend(actor: ActorKey): string {
  switch (actor) {
    case "owner":
    case "admin":
    case "managerOfWorkspace":
    case "managerOfParent":
      return "ok";
    case "managerOfSibling":
      return OUT_OF_SCOPE;
    case "member":
    case "viewer":
    case "guest":
      return FORBIDDEN;
    case "otherOrganization":
      return NOT_FOUND;
    case "disabled":
      return INACTIVE;
    case "signedOut":
      return SESSION;
  }
}
