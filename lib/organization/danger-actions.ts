"use server";

import { ActionError, memberAction, type MemberContext } from "@/lib/actions/pipeline";
import type { AuditEntry } from "@/lib/audit";
import { signOut } from "@/lib/auth/auth";
import { requireCurrentPassword } from "@/lib/auth/current-password";
import { subscriptionState } from "@/lib/permissions";
import { deleteOrganizationInput, transferOwnershipInput } from "./schemas";

// The settings page's Danger zone: handing the organization to someone else, and deleting it.
// Both are the owner's alone and ask for the owner's password again.

/** The caller's password, asked again (lib/auth/current-password.ts: limited per account). */
const confirmPassword = ({ db, caller, input }: MemberContext<{ password: string }>) =>
  requireCurrentPassword(db, caller.user.id, input.password);

const onOrganization =
  (action: "ownership.transfer" | "organization.delete") =>
  ({ actor }: MemberContext<unknown>) => ({
    action,
    target: { kind: "organization" as const, organizationId: actor.organizationId },
  });

const NOT_OWNER_ANYMORE =
  "You are no longer the owner of this organization — reload to see who is.";

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/**
 * Transfer ownership: an active admin or member becomes the owner and the owner becomes an admin,
 * in one transaction. Exactly one owner whatever runs at the same time: the demotion only applies
 * while the caller is still the owner (a second transfer waits for the first, then finds them an
 * admin), the promotion only while the person is still an active admin or member (a removal or a
 * disable that committed first makes it fail, and the demotion rolls back), and a removal of the
 * new owner that ran late re-reads the row and refuses (lib/people's remove never deletes an
 * owner). The database's unique owner column refuses two owners in any case.
 */
export const transferOwnershipAction = memberAction({
  name: "transfer-ownership",
  input: transferOwnershipInput,
  permission: onOrganization("ownership.transfer"),
  guard: confirmPassword,
  async run({ input, tx, actor, caller }) {
    const organizationId = actor.organizationId;
    const [organization, target] = await Promise.all([
      tx.organization.findUniqueOrThrow({
        where: { id: organizationId },
        select: { name: true, subscriptionActiveUntil: true },
      }),
      tx.membership.findFirst({
        where: { organizationId, user: { email: input.newOwnerEmail } },
        select: {
          id: true,
          role: true,
          status: true,
          user: { select: { id: true, email: true, firstName: true, lastName: true } },
        },
      }),
    ]);
    if (!target) {
      const message = `No one with the email ${input.newOwnerEmail} is a member of ${organization.name}.`;
      throw new ActionError(message, { newOwnerEmail: [message] });
    }
    if (target.id === actor.membershipId) {
      const message = "You are the owner already: choose someone else.";
      throw new ActionError(message, { newOwnerEmail: [message] });
    }
    if (target.status !== "active") {
      const message = `${name(target.user)} is disabled: enable them first, or choose someone else.`;
      throw new ActionError(message, { newOwnerEmail: [message] });
    }
    if (subscriptionState(organization.subscriptionActiveUntil).state === "lapsed") {
      throw new ActionError(
        "The subscription has lapsed and everyone but you is suspended: renew it first.",
      );
    }

    const demoted = await tx.membership.updateMany({
      where: { id: actor.membershipId, organizationId, role: "owner" },
      data: { role: "admin", ownerOfOrganizationId: null, version: { increment: 1 } },
    });
    if (demoted.count !== 1) throw new ActionError(NOT_OWNER_ANYMORE);
    const promoted = await tx.membership.updateMany({
      where: { id: target.id, organizationId, status: "active", role: { in: ["admin", "member"] } },
      data: { role: "owner", ownerOfOrganizationId: organizationId, version: { increment: 1 } },
    });
    if (promoted.count !== 1) {
      throw new ActionError(
        `${name(target.user)} was changed or removed meanwhile — reload and try again.`,
      );
    }

    const from = { type: "user" as const, id: caller.user.id, label: caller.user.email };
    const to = { type: "user" as const, id: target.user.id, label: target.user.email };
    const audit: AuditEntry[] = [
      {
        action: "organization.ownership_transferred",
        target: { type: "organization", id: organizationId, label: organization.name },
        metadata: { before: { owner: caller.user.email }, after: { owner: target.user.email } },
      },
      {
        action: "member.role_changed",
        target: from,
        metadata: { before: { role: "owner" }, after: { role: "admin" } },
      },
      {
        action: "member.role_changed",
        target: to,
        metadata: { before: { role: target.role }, after: { role: "owner" } },
      },
    ];
    return {
      result: { newOwner: name(target.user) },
      audit,
      revalidate: ["/"],
    };
  },
});

/**
 * Delete organization: everything of it goes in one transaction — its members, workspaces,
 * invitations, join requests, outbox and audit log (the database cascades from the organization)
 * — and so do the accounts that belong to no other organization. Everyone else in it finds it gone
 * on their next request (memberships are read live). The deletion itself is written to the server
 * log, as the organization's own log goes with it. When it was the server's last organization,
 * first-run /setup is open again.
 */
export const deleteOrganizationAction = memberAction({
  name: "delete-organization",
  input: deleteOrganizationInput,
  permission: onOrganization("organization.delete"),
  async guard(ctx) {
    const organization = await ctx.db.organization.findUniqueOrThrow({
      where: { id: ctx.actor.organizationId },
      select: { name: true },
    });
    if (ctx.input.confirmName !== organization.name) {
      const message = `Type the organization's name exactly: ${organization.name}`;
      throw new ActionError(message, { confirmName: [message] });
    }
    await confirmPassword(ctx);
  },
  async run({ tx, actor, caller }) {
    const organizationId = actor.organizationId;
    // Still the owner? A transfer that holds the row makes this wait, then find an admin.
    const owner = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "Membership"
      WHERE "id" = ${actor.membershipId} AND "organizationId" = ${organizationId} AND "role" = 'owner'
      FOR UPDATE`;
    if (owner.length !== 1) throw new ActionError(NOT_OWNER_ANYMORE);
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: organizationId },
      select: {
        name: true,
        slug: true,
        _count: { select: { memberships: true, workspaces: true, invitations: true } },
      },
    });
    // Accounts whose only organization this is (their memberships go with them).
    const accountsDeleted = await tx.$executeRaw`
      DELETE FROM "User" u
      WHERE EXISTS (
        SELECT 1 FROM "Membership" m WHERE m."userId" = u."id" AND m."organizationId" = ${organizationId}
      ) AND NOT EXISTS (
        SELECT 1 FROM "Membership" o WHERE o."userId" = u."id" AND o."organizationId" <> ${organizationId}
      )`;
    await tx.organization.delete({ where: { id: organizationId } });
    const [organizationsLeft, ownAccountKept] = await Promise.all([
      tx.organization.count(),
      tx.user.count({ where: { id: caller.user.id } }),
    ]);
    return {
      result: {
        organizationsLeft,
        signedOut: ownAccountKept === 0,
      },
      audit: {
        action: "organization.deleted",
        target: { type: "organization", id: organizationId, label: organization.name },
        metadata: {
          slug: organization.slug,
          members: organization._count.memberships,
          workspaces: organization._count.workspaces,
          invitations: organization._count.invitations,
          accountsDeleted,
        },
      },
      auditIn: "server-log",
      revalidate: ["/"],
      afterCommit: async () => {
        // The caller's account went with it: end the session too (the cookie would read as
        // signed out anyway, as the account is gone).
        if (ownAccountKept === 0) await signOut({ redirect: false });
      },
    };
  },
});
