import { cookies } from "next/headers";
import { NextResponse, type NextRequest } from "next/server";
import { rememberOrganization } from "@/lib/auth/caller";
import { sessionCookieFor } from "@/lib/auth/session";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getRequestInfo } from "@/lib/request/info";
import {
  finishSso,
  SSO_STATE_COOKIE,
  SSO_STATE_COOKIE_PATH,
  ssoSessionCookieSecure,
} from "@/lib/sso";

// Where the identity provider sends the browser back (Roster's redirect URI). A sign-in ends
// with the same session cookie a password sign-in gets; a Test connection ends on its result
// page; anything refused goes back to /sign-in with a reason the page puts in words.

export async function GET(request: NextRequest) {
  const jar = await cookies();
  const cookieState = jar.get(SSO_STATE_COOKIE)?.value;
  jar.delete({ name: SSO_STATE_COOKIE, path: SSO_STATE_COOKIE_PATH });
  const outcome = await finishSso(
    await getDb(),
    { query: request.nextUrl.searchParams, cookieState },
    await getRequestInfo(),
  );
  const to = (path: string) => NextResponse.redirect(new URL(path, config.appUrl), 303);
  switch (outcome.kind) {
    case "refused":
      return to(`/sign-in?sso=${encodeURIComponent(outcome.reason)}`);
    case "tested":
      return to(`/settings/organization/sso-test?id=${encodeURIComponent(outcome.loginId)}`);
    case "signed-in": {
      const cookie = await sessionCookieFor(
        { userId: outcome.userId, token: outcome.sessionToken },
        ssoSessionCookieSecure(request),
      );
      jar.set(cookie.name, cookie.value, cookie.options);
      await rememberOrganization(outcome.organizationId);
      return to(outcome.callbackUrl);
    }
  }
}
