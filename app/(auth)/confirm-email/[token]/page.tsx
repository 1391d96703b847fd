import type { Metadata } from "next";
import Link from "next/link";
import { ConfirmEmailForm } from "@/components/account/confirm-email-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { readEmailChangeLink } from "@/lib/account";

export const metadata: Metadata = { title: "Confirm your new email address" };

const PROBLEMS = {
  unknown:
    "This confirmation link isn't valid. It may have been replaced by a newer one or cancelled — use the link in the most recent email.",
  used: "This confirmation link has already been used. Each link works once.",
  expired: "This confirmation link has expired. Links are valid for 24 hours.",
  taken:
    "This email address now belongs to another account, so the change can't be made. The account keeps its current address.",
  shared:
    "An admin asked for this change, and the account now belongs to more than one organization: only its owner can change its email now, from their account settings.",
} as const;

// Opening the link changes nothing (mail scanners open links): the button does.
export default async function ConfirmEmailPage({ params }: PageProps<"/confirm-email/[token]">) {
  const { token } = await params;
  const link = await readEmailChangeLink(token);
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">
          {link.ok ? "Confirm your new email address" : "This link can't be used"}
        </h1>
        {link.ok ? (
          <CardDescription>
            The Roster account {link.currentEmail} will sign in with {link.newEmail} from now on.
          </CardDescription>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {link.ok ? (
          <ConfirmEmailForm token={token} newEmail={link.newEmail} />
        ) : (
          <>
            <Alert variant="warning">{PROBLEMS[link.problem]}</Alert>
            <p className="text-sm text-muted-foreground">
              Ask for the change again in{" "}
              <Link
                href="/settings/account"
                className="text-link underline underline-offset-4 hover:decoration-2"
              >
                your account settings
              </Link>
              , or ask an admin of your organization.
            </p>
          </>
        )}
      </CardContent>
    </Card>
  );
}
