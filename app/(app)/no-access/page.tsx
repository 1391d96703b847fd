import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NoAccess } from "@/components/shell/no-access";
import { getCaller } from "@/lib/auth/caller";

export const metadata: Metadata = { title: "No access" };

/** Where a disabled or suspended member lands, whatever page they were heading for. */
export default async function NoAccessPage() {
  const caller = await getCaller();
  if (!caller) redirect("/sign-in");
  const { membership } = caller;
  if (membership.status === "active") redirect("/");
  return membership.status === "disabled" ? (
    <NoAccess
      title={`Your access to ${membership.organization.name} has been disabled`}
      description="An owner or admin of the organization disabled your account here. Ask them to enable it again."
    />
  ) : (
    <NoAccess
      title={`${membership.organization.name} is suspended`}
      description="The organization's subscription has lapsed. Ask its owner to renew it."
    />
  );
}
