import { NextResponse, type NextRequest } from "next/server";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { emailField } from "@/lib/forms/fields";
import { getRequestInfo } from "@/lib/request/info";
import { redirectToProvider, startSsoSignIn } from "@/lib/sso";

// "Continue with single sign-on" on the sign-in page: a link here (a navigation, so the page's
// form-action policy doesn't stop the redirect to the provider) with the email and where to go
// afterwards. The flow's state goes to an httpOnly cookie the callback checks.

export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const callbackUrl = safeCallbackUrl(params.get("callbackUrl"));
  const email = emailField.safeParse(params.get("email") ?? "");
  const back = (query: Record<string, string>) =>
    NextResponse.redirect(
      new URL(`/sign-in?${new URLSearchParams({ ...query, callbackUrl })}`, config.appUrl),
      303,
    );
  if (!email.success) return back({});
  const outcome = await startSsoSignIn(
    await getDb(),
    { email: email.data, callbackUrl },
    await getRequestInfo(),
  );
  if ("refused" in outcome) return back({ sso: outcome.refused, email: email.data });
  return redirectToProvider(outcome);
}
