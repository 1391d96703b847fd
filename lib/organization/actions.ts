"use server";

import { redirect } from "next/navigation";
import type { z } from "zod";
import { ActionError, memberAction, publicAction, type ActionResult } from "@/lib/actions/pipeline";
import { signIn } from "@/lib/auth/auth";
import { getCaller, rememberOrganization } from "@/lib/auth/caller";
import { hashPassword } from "@/lib/auth/password";
import { requireStrongPassword } from "@/lib/auth/password-rule";
import { isUniqueViolation } from "@/lib/db";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { hasOrganization, organizationCreationAllowed, uniqueSlug } from "./queries";
import { createOrganizationInput, setupInput, switchOrganizationInput } from "./schemas";

const ALREADY_SET_UP = "Roster is already set up on this server. Sign in instead.";

/** First run: organization, owner account and owner membership in one transaction. */
export const setupAction = publicAction({
  name: "setup",
  input: setupInput,
  async guard({ db, input, request }) {
    const limit = await consumeRateLimit(db, RATE_LIMITS.setupPerIp, request.ip ?? "unknown");
    if (!limit.allowed)
      throw new ActionError(
        `Too many attempts. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
      );
    if (await hasOrganization()) throw new ActionError(ALREADY_SET_UP);
    await requireStrongPassword(input.password, [
      input.firstName,
      input.lastName,
      input.email,
      input.organizationName,
    ]);
  },
  // Hashed before the transaction, which would otherwise hold a pooled connection meanwhile.
  prepare: ({ input }) => hashPassword(input.password),
  async run({ input, tx, prepared: passwordHash }) {
    // Two first runs racing: the second waits here, then sees the first one's organization.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72010001)`;
    if ((await tx.organization.count()) > 0) throw new ActionError(ALREADY_SET_UP);

    const user = await tx.user.create({
      data: {
        email: input.email,
        firstName: input.firstName,
        lastName: input.lastName,
        passwordHash,
      },
      select: { id: true, email: true },
    });
    const organization = await tx.organization.create({
      data: { name: input.organizationName, slug: await uniqueSlug(tx, input.organizationName) },
      select: { id: true, name: true, slug: true },
    });
    await tx.membership.create({
      data: {
        userId: user.id,
        organizationId: organization.id,
        role: "owner",
        ownerOfOrganizationId: organization.id,
      },
    });
    return {
      result: {},
      organizationIds: [organization.id],
      actor: user,
      audit: {
        action: "organization.created",
        target: { type: "organization", id: organization.id, label: organization.name },
        metadata: { slug: organization.slug, owner: user.email },
      },
      revalidate: ["/", "/setup"],
    };
  },
  async after({ input }) {
    await signIn("credentials", {
      email: input.email,
      password: input.password,
      redirectTo: "/users",
    });
  },
});

/**
 * Switches the organization the caller works in. Changes no data (only which membership the
 * next requests read), so there is nothing to audit; the membership is checked live.
 */
export async function switchOrganizationAction(
  raw: z.input<typeof switchOrganizationInput>,
): Promise<ActionResult> {
  const parsed = switchOrganizationInput.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "Choose an organization." };
  const caller = await getCaller();
  if (!caller) return { ok: false, error: "Your session has ended. Sign in again to continue." };
  if (!caller.memberships.some((m) => m.organization.id === parsed.data.organizationId)) {
    return { ok: false, error: "Not found. You are not a member of that organization." };
  }
  await rememberOrganization(parsed.data.organizationId);
  redirect("/");
}

/**
 * A further organization, when the server allows it (ALLOW_ORG_CREATION=true): any signed-in
 * person may create one and becomes its owner; they then work in it. Its first audit event is in
 * its own log.
 */
export const createOrganizationAction = memberAction({
  name: "create-organization",
  input: createOrganizationInput,
  permission: () => "self",
  async guard() {
    if (!organizationCreationAllowed()) {
      throw new ActionError("Creating organizations is turned off on this server.");
    }
  },
  async run({ input, tx, caller }) {
    let organization: { id: string; name: string; slug: string };
    try {
      organization = await tx.organization.create({
        data: { name: input.name, slug: await uniqueSlug(tx, input.name) },
        select: { id: true, name: true, slug: true },
      });
    } catch (error) {
      // Another organization took the same slug a moment ago.
      if (!isUniqueViolation(error)) throw error;
      throw new ActionError("That name was just taken by another organization — try again.");
    }
    await tx.membership.create({
      data: {
        userId: caller.user.id,
        organizationId: organization.id,
        role: "owner",
        ownerOfOrganizationId: organization.id,
      },
    });
    return {
      result: { organizationId: organization.id },
      audit: {
        action: "organization.created",
        target: { type: "organization", id: organization.id, label: organization.name },
        metadata: { slug: organization.slug, owner: caller.user.email },
      },
      auditIn: { organizationIds: [organization.id] },
      revalidate: ["/"],
      afterCommit: async () => {
        await rememberOrganization(organization.id);
      },
    };
  },
});
