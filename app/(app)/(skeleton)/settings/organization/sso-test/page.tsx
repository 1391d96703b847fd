import type { Metadata } from "next";
import { SsoTestResultView } from "@/components/sso/sso-test-result";
import { NoAccess } from "@/components/shell/no-access";
import { PageHeader } from "@/components/ui/page-header";
import { requireActiveActor } from "@/lib/auth/require";
import { ssoTestResultFor } from "@/lib/sso";

export const metadata: Metadata = { title: "Test single sign-on" };

/** Where a Test connection's popup ends (/api/sso/callback sends it here with the flow's id). */
export default async function SsoTestPage({
  searchParams,
}: PageProps<"/settings/organization/sso-test">) {
  const actor = await requireActiveActor();
  const { id, problem } = await searchParams;
  const result = await ssoTestResultFor(actor, { id, problem });
  if (!result)
    return <NoAccess description="Only the organization's owner can test single sign-on." />;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Test single sign-on"
        description="What your identity provider sent when you signed in with it. Nobody was signed in to Roster."
      />
      <SsoTestResultView
        ok={result.ok}
        error={result.ok ? undefined : result.error}
        claims={result.claims}
      />
    </div>
  );
}
