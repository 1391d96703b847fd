"use server";

import { ActionError, memberAction } from "@/lib/actions/pipeline";
import { endSessions } from "@/lib/auth/sessions";
import { describeUserAgent } from "./sessions-page";
import { revokeSessionInput, signOutOtherSessionsInput } from "./schemas";

// One's own signed-in sessions, from /settings/account: sign one out, or every one but this.

const NOT_FOUND = "That session has already ended.";

/**
 * Signs out one of the person's sessions (another browser, a lost phone). Only their own: another
 * account's session id answers as an ended one. Takes effect on that browser's next request.
 */
export const revokeSessionAction = memberAction({
  name: "revoke-session",
  input: revokeSessionInput,
  permission: () => "self",
  async run({ input, tx, caller }) {
    if (input.sessionId === caller.sessionId) {
      throw new ActionError("That is this browser: use Sign out in the menu instead.");
    }
    const session = await tx.session.findFirst({
      where: { id: input.sessionId, userId: caller.user.id },
      select: { id: true, userAgent: true, ip: true, createdAt: true },
    });
    if (!session) throw new ActionError(NOT_FOUND);
    await tx.session.delete({ where: { id: session.id } });
    return {
      result: {},
      audit: {
        action: "account.session_revoked",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: {
          device: describeUserAgent(session.userAgent),
          ip: session.ip,
          signedInAt: session.createdAt.toISOString(),
        },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/settings/account"],
    };
  },
});

/** Sign out everywhere else: every session of the person's but this browser's ends. */
export const signOutOtherSessionsAction = memberAction({
  name: "sign-out-other-sessions",
  input: signOutOtherSessionsInput,
  permission: () => "self",
  async run({ tx, caller }) {
    const ended = await endSessions(tx, caller.user.id, { except: caller.sessionId });
    if (ended === 0) throw new ActionError("You aren't signed in anywhere else.");
    return {
      result: { ended },
      audit: {
        action: "account.other_sessions_revoked",
        target: { type: "user", id: caller.user.id, label: caller.user.email },
        metadata: { sessionsEnded: ended },
      },
      auditIn: { organizationIds: caller.memberships.map((m) => m.organization.id) },
      revalidate: ["/settings/account"],
    };
  },
});
