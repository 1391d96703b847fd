import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { SSO_LOGIN_MINUTES, SSO_STATE_COOKIE, SSO_STATE_COOKIE_PATH } from "./flow";

/**
 * Whether Auth.js would use its secure session cookie for this request: it looks at the
 * protocol the request arrived with (X-Forwarded-Proto, which Next.js sets, else the URL's).
 */
export function ssoSessionCookieSecure(request: { headers: Headers; url: string }): boolean {
  const forwarded = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const protocol = forwarded ? `${forwarded.replace(/:$/, "")}:` : new URL(request.url).protocol;
  return protocol === "https:";
}

/**
 * Sends the browser to the identity provider, the flow's state in an httpOnly cookie that only
 * /api/sso sees: the callback accepts an answer only in the browser that started the flow.
 */
export async function redirectToProvider(started: {
  state: string;
  redirect: URL | string;
}): Promise<NextResponse> {
  (await cookies()).set(SSO_STATE_COOKIE, started.state, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.isProduction && config.appUrl.startsWith("https://"),
    path: SSO_STATE_COOKIE_PATH,
    maxAge: SSO_LOGIN_MINUTES * 60,
  });
  return NextResponse.redirect(started.redirect, 303);
}
