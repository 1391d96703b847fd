import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { hasOrganization } from "@/lib/organization";
import { SetupForm } from "@/components/organization/setup-form";

export const metadata: Metadata = { title: "Set up Roster" };

/** First run only: once an organization exists, this page is gone. */
export default async function SetupPage() {
  if (await hasOrganization()) notFound();
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold tracking-tight">Set up Roster</h1>
        <CardDescription>
          Name your organization and create the owner&apos;s account. You can invite everyone else
          next.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <SetupForm />
      </CardContent>
    </Card>
  );
}
