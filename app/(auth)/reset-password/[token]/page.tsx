import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/account/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { readResetLink } from "@/lib/account";

export const metadata: Metadata = { title: "Choose a new password" };

const PROBLEMS = {
  unknown:
    "This reset link isn't valid. It may have been replaced by a newer one — use the link in the most recent email.",
  used: "This reset link has already been used. Each link works once.",
  expired: "This reset link has expired. Links are valid for one hour.",
} as const;

export default async function ResetPasswordPage({ params }: PageProps<"/reset-password/[token]">) {
  const { token } = await params;
  const link = await readResetLink(token);
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">
          {link.ok ? "Choose a new password" : "This link can't be used"}
        </h1>
        {link.ok ? <CardDescription>For {link.email}.</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {link.ok ? (
          <ResetPasswordForm token={token} userInputs={link.passwordUserInputs} />
        ) : (
          <>
            <Alert variant="warning">{PROBLEMS[link.problem]}</Alert>
            <p className="text-sm text-muted-foreground">
              <Link
                href="/forgot-password"
                className="text-link underline underline-offset-4 hover:decoration-2"
              >
                Ask for a new link
              </Link>
              , or ask an admin of your organization to send you one.
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}
