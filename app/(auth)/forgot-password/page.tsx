import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { hasOrganization } from "@/lib/organization";
import { ForgotPasswordForm } from "@/components/account/forgot-password-form";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage() {
  if (!(await hasOrganization())) redirect("/setup");
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Forgot your password?</h1>
        <CardDescription>
          Enter your email and we&apos;ll send you a link to choose a new one.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        <ForgotPasswordForm />
        <Link href="/sign-in" className="text-sm text-link hover:underline">
          Back to sign in
        </Link>
      </CardContent>
    </Card>
  );
}
