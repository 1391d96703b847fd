import "server-only";
import type { Actor } from "@/lib/permissions";
import { actorFor, getCaller, twoFactorSetupRequired, type Caller } from "./caller";

/**
 * The caller of a download (a route handler, where no page redirects them), read live: signed
 * out answers 401, a membership no longer active 403, an owner or admin who must set up two-factor
 * first 403. `what` completes "Sign in to download …".
 */
export async function downloadCaller(
  what: string,
): Promise<{ caller: Caller; actor: Actor } | Response> {
  const caller = await getCaller();
  if (!caller) return new Response(`Sign in to download ${what}.\n`, { status: 401 });
  if (caller.membership.status !== "active") {
    return new Response("You no longer have access to this organization.\n", { status: 403 });
  }
  if (twoFactorSetupRequired(caller)) {
    return new Response(
      "This organization requires two-factor authentication for owners and admins. Set it up in Account settings first.\n",
      { status: 403 },
    );
  }
  return { caller, actor: await actorFor(caller) };
}
