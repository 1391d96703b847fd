import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db";
import { ORG_ROLE_LABELS } from "@/lib/permissions";
import { pendingEmailChangeOf, type PendingEmailChange } from "./email-change";

export interface AccountPage {
  profile: { firstName: string; lastName: string; email: string; version: number };
  theme: "light" | "dark" | "system";
  /** A change of the email waiting for the new address to confirm it (by them or an admin). */
  emailChange: PendingEmailChange | null;
  organizations: { id: string; name: string; roleLabel: string }[];
  /** What the new-password meter judges a password against: the person's names, email, organizations. */
  passwordUserInputs: string[];
  /** Leaving the organization the person works in now. */
  leave: {
    organizationId: string;
    organizationName: string;
    /** The owner can't leave: they transfer ownership first. */
    allowed: boolean;
    /** It is their only organization: the account goes with it. */
    deletesAccount: boolean;
  };
}

/** /settings/account for the signed-in person: their profile, organizations, and leaving. */
export async function accountPageFor(caller: Caller): Promise<AccountPage> {
  const db = await getDb();
  // The version the profile form sends back (a concurrent edit is refused, not overwritten).
  const { version } = caller.user;
  const emailChange = await pendingEmailChangeOf(db, caller.user.id);
  const { user, membership, memberships } = caller;
  return {
    profile: { firstName: user.firstName, lastName: user.lastName, email: user.email, version },
    theme: user.themePreference,
    emailChange,
    organizations: memberships.map((m) => ({
      id: m.organization.id,
      name: m.organization.name,
      roleLabel: ORG_ROLE_LABELS[m.role],
    })),
    passwordUserInputs: [
      user.firstName,
      user.lastName,
      user.email,
      ...memberships.map((m) => m.organization.name),
    ],
    leave: {
      organizationId: membership.organization.id,
      organizationName: membership.organization.name,
      allowed: membership.role !== "owner",
      deletesAccount: memberships.length === 1,
    },
  };
}
