"use server";

import { ActionError, memberAction } from "@/lib/actions/pipeline";
import { getDb } from "@/lib/db";
import { deliverQueued, queueEmail, templates } from "@/lib/email";
import { consumeRateLimit, formatRetryAfter, RATE_LIMITS } from "@/lib/rate-limit";
import { sendTestEmailInput } from "./schemas";

/**
 * Send a test email to the caller's own address (the owner), through the transport this server
 * uses, with the organization's sender name and reply-to: the answer says whether it was sent, or
 * the provider's error. A few per hour per organization.
 */
export const sendTestEmailAction = memberAction({
  name: "send-test-email",
  input: sendTestEmailInput,
  permission: ({ actor }) => ({
    action: "settings.edit",
    target: { kind: "organization", organizationId: actor.organizationId },
  }),
  async run({ tx, actor, caller }) {
    const limit = await consumeRateLimit(
      tx,
      RATE_LIMITS.testEmailsPerOrganization,
      actor.organizationId,
    );
    if (!limit.allowed) {
      throw new ActionError(
        `Enough test emails for now. Try again in ${formatRetryAfter(limit.retryAfterSeconds)}.`,
      );
    }
    const organization = await tx.organization.findUniqueOrThrow({
      where: { id: actor.organizationId },
      select: { id: true, name: true, emailSenderName: true, emailReplyTo: true },
    });
    const to = caller.user.email;
    const queued: { status: "queued" | "sent" | "failed"; error: string | null; to: string } = {
      status: "queued",
      error: null,
      to,
    };
    // Not retried later: it tests the settings now, and says how it went.
    const { id: emailId } = await queueEmail(tx, {
      organizationId: organization.id,
      to,
      template: "test",
      content: templates.testEmail({
        organizationName: organization.name,
        senderName:
          organization.emailSenderName ?? `${caller.user.firstName} ${caller.user.lastName}`,
      }),
      senderName: organization.emailSenderName,
      replyTo: organization.emailReplyTo,
      maxAttempts: 1,
    });
    return {
      result: queued,
      audit: {
        action: "organization.test_email_sent",
        target: { type: "organization", id: organization.id, label: organization.name },
        metadata: { to },
      },
      revalidate: ["/settings/organization"],
      afterCommit: async () => {
        const sent = (await deliverQueued(await getDb(), [emailId])).get(emailId);
        return { status: sent?.status ?? "queued", error: sent?.error ?? null };
      },
    };
  },
});
