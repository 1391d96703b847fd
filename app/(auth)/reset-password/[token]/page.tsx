import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { hashToken, looksLikeToken } from "@/lib/tokens";
import { ResetPasswordForm } from "@/components/account/reset-password-form";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ params }: PageProps<"/reset-password/[token]">) {
  const { token } = await params;
  const db = await getDb();
  const record = looksLikeToken(token)
    ? await db.passwordResetToken.findUnique({
        where: { tokenHash: hashToken(token) },
        select: { expiresAt: true, usedAt: true, user: { select: { email: true } } },
      })
    : null;
  const problem = !record
    ? "This reset link isn't valid. It may have been replaced by a newer one — use the link in the most recent email."
    : record.usedAt
      ? "This reset link has already been used. Each link works once."
      : record.expiresAt <= new Date()
        ? "This reset link has expired. Links are valid for one hour."
        : null;

  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">
          {problem ? "This link can't be used" : "Choose a new password"}
        </h1>
        {record && !problem ? <CardDescription>For {record.user.email}.</CardDescription> : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {problem ? (
          <>
            <Alert variant="warning">{problem}</Alert>
            <p className="text-sm text-muted-foreground">
              <Link href="/forgot-password" className="text-link hover:underline">
                Ask for a new link
              </Link>
              , or ask an admin of your organization to send you one.
            </p>
          </>
        ) : (
          <ResetPasswordForm token={token} />
        )}
      </CardContent>
    </Card>
  );
}
