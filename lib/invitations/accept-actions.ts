"use server";

import { redirect } from "next/navigation";
import { ActionError, publicAction } from "@/lib/actions/pipeline";
import { signIn, signOut } from "@/lib/auth/auth";
import { rememberOrganization } from "@/lib/auth/caller";
import { hashPassword } from "@/lib/auth/password";
import { requireStrongPassword } from "@/lib/auth/password-rule";
import { getSession } from "@/lib/auth/session";
import { hiddenBySso } from "@/lib/auth/sso-enforcement";
import { liveSessionUser } from "@/lib/auth/sessions";
import {
  acceptInvitation,
  InvitationGoneError,
  readInvitation,
  type InvitationView,
} from "@/lib/invitations/acceptance";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { acceptExistingInput, acceptNewAccountInput } from "@/lib/invitations/schemas";
import { isUniqueViolation, type Db } from "@/lib/db";
import type { RequestInfo } from "@/lib/request/info";

const GONE = "This invitation is no longer valid. Reload the page to see why.";

async function limitByIp(db: Db, request: RequestInfo) {
  const limit = await consumeRateLimit(
    db,
    RATE_LIMITS.acceptInvitationPerIp,
    request.ip ?? "unknown",
  );
  if (!limit.allowed)
    throw new ActionError(
      `Too many attempts. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
    );
}

function valid(invitation: InvitationView | null): InvitationView {
  if (!invitation || invitation.state !== "valid") throw new ActionError(GONE);
  return invitation;
}

function acceptedAudit(invitation: InvitationView, alreadyMember: boolean) {
  return {
    action: "invitation.accepted" as const,
    target: {
      type: "invitation" as const,
      id: invitation.id,
      label: `${invitation.firstName} ${invitation.lastName} <${invitation.email}>`,
    },
    metadata: {
      role: invitation.role,
      workspaces: invitation.workspaces.map((w) => w.name),
      alreadyMember,
    },
  };
}

/** No account for the invited email: create it, join, and sign in — one transaction. */
export const acceptWithNewAccountAction = publicAction({
  name: "accept-invitation-new-account",
  input: acceptNewAccountInput,
  async guard({ db, input, request }) {
    await limitByIp(db, request);
    const invitation = await readInvitation(db, input.token);
    if (invitation?.state !== "valid") return; // run() says what became of it
    // Where the organization signs this email in only through its identity provider, a password
    // account would be refused at once: the invitation is accepted by single sign-on instead.
    const organization = await db.organization.findUnique({
      where: { id: invitation.organization.id },
      select: { id: true, ssoEnforcedDomains: true },
    });
    if (
      organization &&
      hiddenBySso({ role: invitation.role, organization }, invitation.email, null)
    ) {
      throw new ActionError(
        `${invitation.organization.name} signs you in with single sign-on: choose "Accept with single sign-on".`,
      );
    }
    // Checked against the person's name and email and the organization's name too.
    await requireStrongPassword(input.password, [
      input.firstName,
      input.lastName,
      invitation.email,
      invitation.organization.name,
    ]);
  },
  // Hashed before the transaction: it takes a while, and many people may follow one link at once.
  prepare: ({ input }) => hashPassword(input.password),
  async run({ input, tx, prepared: passwordHash }) {
    const invitation = valid(await readInvitation(tx, input.token));
    if (invitation.accountExists)
      throw new ActionError(
        `An account for ${invitation.email} already exists: sign in to accept.`,
      );
    const user = await tx.user
      .create({
        data: {
          email: invitation.email,
          firstName: input.firstName,
          lastName: input.lastName,
          passwordHash,
        },
        select: { id: true, email: true },
      })
      .catch((error: unknown) => {
        // A second submission racing the first: the account it wanted now exists.
        if (isUniqueViolation(error)) {
          throw new ActionError(
            `An account for ${invitation.email} already exists: sign in to accept.`,
          );
        }
        throw error;
      });
    const { alreadyMember } = await acceptInvitation(tx, invitation, user.id).catch(
      (error: unknown) => {
        throw error instanceof InvitationGoneError ? new ActionError(GONE) : error;
      },
    );
    return {
      result: { organizationId: invitation.organization.id, email: invitation.email },
      organizationIds: [invitation.organization.id],
      actor: user,
      audit: acceptedAudit(invitation, alreadyMember),
      revalidate: ["/users"],
    };
  },
  async after({ input }, result) {
    await rememberOrganization(result.organizationId);
    await signIn("credentials", { email: result.email, password: input.password, redirectTo: "/" });
  },
});

/** An existing account, signed in as the invited email: one click joins the organization. */
export const acceptAsSignedInAction = publicAction({
  name: "accept-invitation",
  input: acceptExistingInput,
  guard: ({ db, request }) => limitByIp(db, request),
  async run({ input, tx }) {
    const invitation = valid(await readInvitation(tx, input.token));
    // Signed in: a live session, read in this transaction.
    const user = await liveSessionUser(tx, await getSession());
    if (!user) {
      throw new ActionError(`Sign in as ${invitation.email} to accept this invitation.`);
    }
    if (user.email !== invitation.email) {
      throw new ActionError(
        `This invitation is for ${invitation.email}, but you're signed in as ${user.email}.`,
      );
    }
    const { alreadyMember } = await acceptInvitation(tx, invitation, user.id).catch(
      (error: unknown) => {
        throw error instanceof InvitationGoneError ? new ActionError(GONE) : error;
      },
    );
    return {
      result: { organizationId: invitation.organization.id },
      organizationIds: [invitation.organization.id],
      actor: { id: user.id, email: user.email },
      audit: acceptedAudit(invitation, alreadyMember),
      revalidate: ["/users", "/"],
    };
  },
  async after(_ctx, result) {
    await rememberOrganization(result.organizationId);
    redirect("/");
  },
});

/** Signed in as someone else: sign out, then come back to the invitation. */
export async function switchAccountAction(token: string): Promise<void> {
  const back = /^[A-Za-z0-9_-]{43}$/.test(token) ? `/invite/${token}` : "/sign-in";
  await signOut({ redirectTo: `/sign-in?callbackUrl=${encodeURIComponent(back)}` });
}
