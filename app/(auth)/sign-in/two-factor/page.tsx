import type { Metadata } from "next";
import { cookies } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { SECOND_STEP_COOKIE } from "@/lib/auth/auth";
import { getCaller } from "@/lib/auth/caller";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { SecondStepForm } from "@/components/account/second-step-form";

export const metadata: Metadata = { title: "Two-factor authentication" };

/** Between the password and the app, for an account with two-factor authentication. */
export default async function SignInSecondStepPage({
  searchParams,
}: PageProps<"/sign-in/two-factor">) {
  const { callbackUrl } = await searchParams;
  const target = safeCallbackUrl(callbackUrl);
  if (await getCaller()) redirect(target);
  if (!(await cookies()).has(SECOND_STEP_COOKIE)) {
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(target)}`);
  }
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Two-factor authentication</h1>
        <CardDescription>
          Your password was right. To finish signing in, prove it&apos;s you with your authenticator
          app.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <SecondStepForm callbackUrl={target} />
        <p className="text-muted-foreground text-sm">
          Not you, or another account?{" "}
          <Link
            href="/sign-in"
            className="text-link underline underline-offset-4 hover:decoration-2"
          >
            Sign in again
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
