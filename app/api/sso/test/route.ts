import { NextResponse } from "next/server";
import { actorFor, getCaller } from "@/lib/auth/caller";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { can } from "@/lib/permissions";
import { redirectToProvider, startSsoTest } from "@/lib/sso";

// The owner's Test connection, opened in a popup from the organization settings: a real sign-in
// at the provider that signs nobody in; the callback shows the claims on
// /settings/organization/sso-test. Works before the connection is enabled.

export async function GET() {
  const caller = await getCaller();
  const to = (path: string) => NextResponse.redirect(new URL(path, config.appUrl), 303);
  if (!caller) return to(`/sign-in?callbackUrl=${encodeURIComponent("/api/sso/test")}`);
  const actor = await actorFor(caller);
  const organization = { kind: "organization" as const, organizationId: actor.organizationId };
  if (caller.membership.status !== "active" || !can(actor, "settings.edit", organization)) {
    return new NextResponse("Only the organization's owner can test single sign-on.\n", {
      status: 403,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const outcome = await startSsoTest(await getDb(), {
    organizationId: actor.organizationId,
    userId: actor.userId,
  });
  if (!outcome) return to("/settings/organization/sso-test?problem=none");
  if ("refused" in outcome) return to("/settings/organization/sso-test?problem=unavailable");
  return redirectToProvider(outcome);
}
