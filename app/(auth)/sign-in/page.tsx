import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { signInChoiceFor } from "@/lib/account";
import { getCaller } from "@/lib/auth/caller";
import { signInEmailInput } from "@/lib/auth/sign-in-input";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { hasOrganization } from "@/lib/organization";
import { ssoRefusalMessage } from "@/lib/sso";
import { SignInForm } from "@/components/account/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  if (!(await hasOrganization())) redirect("/setup");
  const { callbackUrl, reset, email, expired, sso } = await searchParams;
  const ssoMessage = ssoRefusalMessage(sso);
  const target = safeCallbackUrl(callbackUrl);
  if (await getCaller()) redirect(target);
  const parsed = signInEmailInput.safeParse({ email: typeof email === "string" ? email : "" });
  const prefilled = parsed.success ? parsed.data.email : "";
  const prefilledSso = prefilled ? await signInChoiceFor(prefilled) : null;
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Sign in</h1>
        <CardDescription>Welcome back. Sign in with your work email.</CardDescription>
      </CardHeader>
      <CardContent>
        {reset === "done" ? (
          <Alert variant="success" className="mb-4">
            Your password was changed and you were signed out everywhere. Sign in with your new
            password.
          </Alert>
        ) : null}
        {expired === "two-factor" ? (
          <Alert variant="error" className="mb-4">
            That sign-in took too long: the code must follow the password within 5 minutes. Sign in
            again.
          </Alert>
        ) : null}
        {ssoMessage ? (
          <Alert variant="error" className="mb-4">
            {ssoMessage}
          </Alert>
        ) : null}
        <SignInForm callbackUrl={target} email={prefilled} sso={prefilledSso} />
      </CardContent>
    </Card>
  );
}
