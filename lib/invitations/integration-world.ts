// Shared by this folder's integration tests: a database and a recording mailbox for each test, one
// organization with a person for every kind of caller the invitation actions must answer, and
// helpers to invite someone and to read the invitation links that were emailed.
import { afterEach, beforeEach, expect, vi } from "vitest";
import type { Db } from "@/lib/db";
import { inviteUsersAction } from "@/lib/invitations/actions";
import type { InviteRowOutcome } from "@/lib/invitations/schemas";
import { actAs, resetTestSession, signedOut } from "@/lib/testing/actors";
import { setUpTestDatabase } from "@/lib/testing/db";
import {
  addMember,
  createOrganization,
  createWorkspace,
  grantWorkspaceRole,
} from "@/lib/testing/fixtures";
import { recordEmails, type Mailbox } from "@/lib/testing/mailbox";

export const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION = "Your session has ended. Sign in again to continue.";
export const INACTIVE = "You no longer have access to this organization.";
export const FORBIDDEN = "You don't have permission to do that.";
export const NOT_FOUND =
  "Not found. It may have been removed, or it belongs to another organization.";
export const OUT_OF_SCOPE = "You can only do that within your workspaces.";
export const INVALID_ROLE = "That role can't be given here.";
export const NO_WORKSPACE =
  "One of the chosen workspaces no longer exists. Reload and choose again.";
export const NOBODY = "Nobody was invited — see each row.";
export const resendInstead = (email: string) =>
  `${email} already has a pending invitation — resend it instead.`;
export const alreadyMember = (email: string) => `${email} is already a member.`;

export interface InvitationTests {
  /** The file's database, emptied before each test. */
  readonly db: Db;
  /** Records the emails sent during the current test (none reach the log or a provider). */
  readonly mailbox: Mailbox;
}

/**
 * The set-up of an invitation test file: one database for the file, emptied (and the session
 * signed out) before each test, and a fresh mailbox for each test. Environment stubs and spies a
 * test makes are undone after it.
 */
export function setUpInvitationTests(): InvitationTests {
  const database = setUpTestDatabase();
  let mailbox: Mailbox | undefined;
  beforeEach(() => {
    // The default sender, whatever the environment says: `Roster <roster@localhost>`.
    vi.stubEnv("EMAIL_FROM", "");
    mailbox = recordEmails();
  });
  afterEach(() => {
    mailbox?.restore();
    mailbox = undefined;
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
  return {
    get db() {
      return database.db;
    },
    get mailbox() {
      if (!mailbox) throw new Error("The mailbox only records inside tests and their hooks.");
      return mailbox;
    },
  };
}

/**
 * Acme: owner, admin, a manager of Engineering (Backend below it), a member of Backend, a disabled
 * admin; Design is nobody's. Globex: its owner.
 */
export async function invitationWorld(db: Db) {
  const acme = await createOrganization(db, "Acme");
  const org = acme.organization.id;
  const admin = await addMember(db, org, { role: "admin" });
  const manager = await addMember(db, org);
  const member = await addMember(db, org);
  const disabledAdmin = await addMember(db, org, { role: "admin", status: "disabled" });
  const eng = await createWorkspace(db, org, "Engineering");
  const backend = await createWorkspace(db, org, "Backend", eng.id);
  const design = await createWorkspace(db, org, "Design");
  await grantWorkspaceRole(db, manager.membership, eng.id, "manager");
  await grantWorkspaceRole(db, member.membership, backend.id, "member");
  const globex = await createOrganization(db, "Globex");
  return {
    org,
    otherOrg: globex.organization.id,
    ws: { eng: eng.id, backend: backend.id, design: design.id },
    users: {
      owner: acme.owner,
      admin: admin.user,
      manager: manager.user,
      member: member.user,
      disabledAdmin: disabledAdmin.user,
      otherOwner: globex.owner,
    },
  };
}

export type World = Awaited<ReturnType<typeof invitationWorld>>;
export type UserKey = keyof World["users"];
export type ActorKey = UserKey | "signedOut";
export type WsKey = keyof World["ws"];
export type WsRole = "manager" | "member" | "viewer" | "guest";

/** Makes the next action run as one of the world's people, or signed out. */
export async function signInAs(db: Db, w: World, actor: ActorKey) {
  if (actor === "signedOut") signedOut();
  else await actAs(db, w.users[actor].id);
}

/** The raw token of an invitation link (`…/invite/<token>`). */
export function invitationToken(link: string): string {
  const token = /^\/invite\/([A-Za-z0-9_-]+)$/.exec(new URL(link).pathname)?.[1];
  if (!token) throw new Error(`Not an invitation link: ${link}`);
  return token;
}

/** The raw tokens of the invitation links in every email recorded so far, oldest first. */
export function emailedTokens(mailbox: Mailbox): string[] {
  return mailbox.messages.map((message) => invitationToken(mailbox.linkIn(message)));
}

/** The raw token of the newest email to `email`. */
export function lastTokenTo(mailbox: Mailbox, email: string): string {
  return invitationToken(mailbox.lastLink(email));
}

export function outcomesOf(
  result: Awaited<ReturnType<typeof inviteUsersAction>>,
): InviteRowOutcome[] {
  if (!result.ok) throw new Error(`expected ok, got: ${result.error}`);
  return result.outcomes;
}

/** `expiresAt` is `days` after a moment between `from` and `to`. */
export function expectExpiry(expiresAt: Date, days: number, from: number, to: number) {
  expect(expiresAt.getTime()).toBeGreaterThanOrEqual(from + days * DAY_MS);
  expect(expiresAt.getTime()).toBeLessThanOrEqual(to + days * DAY_MS);
}

/** One row of the invite modal. */
export const row = (email: string, firstName = "Nia", lastName = "New") => ({
  firstName,
  lastName,
  email,
});

/**
 * Invites one person as `actor` (default: the owner) and returns the invitation and the raw token
 * of the link emailed to them. Signs out afterwards.
 */
export async function invite(
  t: InvitationTests,
  w: World,
  email: string,
  opts: { actor?: UserKey; role?: "admin" | "member"; workspaces?: WsKey[] } = {},
) {
  await actAs(t.db, w.users[opts.actor ?? "owner"].id);
  const result = await inviteUsersAction({
    rows: [row(email)],
    role: opts.role,
    workspaces: (opts.workspaces ?? []).map((k) => ({ workspaceId: w.ws[k], role: "member" })),
  });
  const [outcome] = outcomesOf(result);
  if (outcome?.status !== "invited") throw new Error(`not invited: ${JSON.stringify(outcome)}`);
  const raw = lastTokenTo(t.mailbox, email);
  resetTestSession();
  return { id: outcome.invitationId, raw };
}
