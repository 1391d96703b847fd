"use server";

import { ActionError, memberAction } from "@/lib/actions/pipeline";
import { signOut } from "@/lib/auth/auth";
import { leaveOrganizationInput, updateProfileInput } from "./schemas";

// One's own account, from /settings/account: the name everyone sees, and leaving an organization.

const PROFILE_CHANGED =
  "Your profile was changed meanwhile (in another tab?) — reload to see the latest version.";

/**
 * Profile: one's own first and last name, the owner's included (nobody else may edit the owner).
 * Recorded in each of the person's organizations, as each of them shows the name.
 */
export const updateProfileAction = memberAction({
  name: "update-profile",
  input: updateProfileInput,
  permission: () => "self",
  async run({ input, tx, caller }) {
    const before = { firstName: caller.user.firstName, lastName: caller.user.lastName };
    const after = { firstName: input.firstName, lastName: input.lastName };
    if (before.firstName === after.firstName && before.lastName === after.lastName) {
      throw new ActionError("Nothing to save: no field was changed.");
    }
    const updated = await tx.user.updateMany({
      where: { id: caller.user.id, version: input.version },
      data: { ...after, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ActionError(PROFILE_CHANGED);
    return {
      result: {},
      audit: {
        action: "account.updated",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: { before, after },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/"],
    };
  },
});

/**
 * Leave organization: the person's membership and their workspace roles in it go; the owner must
 * transfer ownership first. When it was their only organization, the account goes too (an account
 * belongs to at least one organization) and they are signed out.
 */
export const leaveOrganizationAction = memberAction({
  name: "leave-organization",
  input: leaveOrganizationInput,
  permission: () => "self",
  async run({ input, tx, caller, actor }) {
    if (input.organizationId !== actor.organizationId) {
      throw new ActionError("You are working in another organization now — reload and try again.");
    }
    if (actor.orgRole === "owner") {
      throw new ActionError(
        "You own this organization: transfer ownership to someone else first, in Organization settings.",
      );
    }
    // Never the owner: one who became owner a moment ago (a transfer that committed meanwhile)
    // keeps the membership.
    const left = await tx.membership.deleteMany({
      where: { id: actor.membershipId, role: { not: "owner" } },
    });
    if (left.count !== 1) {
      throw new ActionError("Your membership changed meanwhile — reload and try again.");
    }
    const organization = caller.membership.organization;
    const accountDeleted = (await tx.membership.count({ where: { userId: caller.user.id } })) === 0;
    if (accountDeleted) await tx.user.delete({ where: { id: caller.user.id } });
    return {
      result: { accountDeleted },
      audit: {
        action: "member.left",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: {
          organization: organization.name,
          before: { role: caller.membership.role },
          accountDeleted,
        },
      },
      revalidate: ["/"],
      afterCommit: async () => {
        if (accountDeleted) await signOut({ redirect: false });
      },
    };
  },
});
