import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getCaller } from "@/lib/auth/caller";
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
        <SignInForm
          callbackUrl={target}
          email={typeof email === "string" ? email.slice(0, 254) : ""}
        />
      </CardContent>
    </Card>
  );
}
