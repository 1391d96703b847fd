import { expect } from "vitest";
import type { ActionResult } from "@/lib/actions/pipeline";
import type { Db } from "@/lib/db";
import { actAs, signedOut } from "./actors";
import {
  addMember,
  createOrganization,
  createUser,
  createWorkspace,
  grantWorkspaceRole,
  expectUnchangedButRefusal,
  snapshotDatabase,
} from "./fixtures";

// The organizations the people and workspace-role integration tests share (see acmeWorld).

export const SESSION = "Your session has ended. Sign in again to continue.";
export const INACTIVE = "You no longer have access to this organization.";
export const FORBIDDEN = "You don't have permission to do that.";
export const OUT_OF_SCOPE = "You can only do that within your workspaces.";
export const NOT_FOUND =
  "Not found. It may have been removed, or it belongs to another organization.";
export const OWNER =
  "The organization's owner can't be changed this way. Ownership moves only by transfer.";
export const SELF = "You can't do that to your own account.";
export const CHANGED_ELSEWHERE =
  "This person was changed by someone else — reload to see the latest version.";
export const NOTHING = "Nothing to save: no field was changed.";
export const EMAIL_TAKEN = "That email address is already used by another account.";

/** A person with an email made from their name, added to the organization. */
export async function person(
  db: Db,
  organizationId: string,
  firstName: string,
  lastName: string,
  options: { role?: "admin" | "member"; status?: "active" | "disabled" } = {},
) {
  const user = await createUser(db, {
    firstName,
    lastName,
    email: `${firstName}.${lastName}@acme.test`.toLowerCase(),
  });
  return addMember(db, organizationId, { user, ...options });
}

/**
 * Acme: Engineering > Backend > Payments, Engineering > Frontend, and Sales. Olive owns it; Ada and
 * Alan are admins; Mia manages Backend (so Payments too); Mo is a viewer of Backend; Dora is a
 * disabled admin. Globex: its owner, Gus, and Alan is a member there as well.
 */
export async function acmeWorld(db: Db) {
  const acme = await createOrganization(db, "Acme");
  const org = acme.organization.id;
  await db.user.update({
    where: { id: acme.owner.id },
    data: { email: "olive.owner@acme.test" },
  });
  const eng = await createWorkspace(db, org, "Engineering");
  const backend = await createWorkspace(db, org, "Backend", eng.id);
  const payments = await createWorkspace(db, org, "Payments", backend.id);
  const frontend = await createWorkspace(db, org, "Frontend", eng.id);
  const sales = await createWorkspace(db, org, "Sales");

  const admin = await person(db, org, "Ada", "Admin", { role: "admin" });
  const admin2 = await person(db, org, "Alan", "Second", { role: "admin" });
  const manager = await person(db, org, "Mia", "Manager");
  await grantWorkspaceRole(db, manager.membership, backend.id, "manager");
  const member = await person(db, org, "Mo", "Member");
  await grantWorkspaceRole(db, member.membership, backend.id, "viewer");
  const disabledAdmin = await person(db, org, "Dora", "Disabled", {
    role: "admin",
    status: "disabled",
  });

  const globex = await createOrganization(db, "Globex");
  const outsider = await person(db, globex.organization.id, "Gus", "Globex");
  const marketing = await createWorkspace(db, globex.organization.id, "Marketing");
  await addMember(db, globex.organization.id, { user: admin2.user });

  return {
    org,
    globexOrg: globex.organization.id,
    ws: { eng, backend, payments, frontend, sales, marketing },
    users: {
      owner: acme.owner,
      admin: admin.user,
      admin2: admin2.user,
      manager: manager.user,
      member: member.user,
      disabledAdmin: disabledAdmin.user,
      otherOwner: globex.owner,
      outsider: outsider.user,
    },
    memberships: { member: member.membership, manager: manager.membership },
  };
}
export type AcmeWorld = Awaited<ReturnType<typeof acmeWorld>>;

/**
 * Makes the next action run as one of the world's people (in a fresh session: its id is returned),
 * or signed out.
 */
export async function signInAs(
  db: Db,
  w: AcmeWorld,
  actor: keyof AcmeWorld["users"] | "signedOut",
): Promise<string | null> {
  if (actor === "signedOut") {
    signedOut();
    return null;
  }
  return actAs(db, w.users[actor].id);
}

export type Row = Record<string, unknown>;
export const rowsOf = (snapshot: Record<string, unknown[]>, table: string) =>
  (snapshot[table] ?? []) as Row[];

/**
 * Runs a refused action and checks both its answer and that the database did not change (apart
 * from the refusal's own audit event, when the matrix refused it).
 */
export async function expectRefused(
  db: Db,
  run: () => Promise<ActionResult>,
  error: string,
  fieldErrors?: Record<string, string[]>,
) {
  const before = await snapshotDatabase(db);
  const result = await run();
  expect(result).toEqual({ ok: false, error, ...(fieldErrors ? { fieldErrors } : {}) });
  expectUnchangedButRefusal(before, await snapshotDatabase(db), error);
}

export async function auditActions(db: Db) {
  const events = await db.auditEvent.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return events;
}
