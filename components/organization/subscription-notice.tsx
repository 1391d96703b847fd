import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatDay } from "@/lib/format";
import type { Shell } from "@/lib/organization";

/** The banner owners and admins see before the subscription lapses, and while it has. */
export function SubscriptionNotice({
  notice,
}: {
  notice: NonNullable<Shell["subscriptionNotice"]>;
}) {
  const renew = notice.canRenew ? (
    <>
      {" "}
      <Link href="/settings/organization#subscription-title" className="font-medium underline">
        Renew it in Organization settings
      </Link>
      .
    </>
  ) : (
    " Ask the owner to renew it."
  );
  return notice.state === "lapsed" ? (
    <Alert variant="error" className="mb-6">
      The subscription lapsed on {formatDay(notice.since)}: everyone but the owner is suspended.
      {renew}
    </Alert>
  ) : (
    <Alert variant="warning" className="mb-6">
      The subscription ends on {formatDay(notice.until)}. After that, everyone but the owner is
      suspended.
      {renew}
    </Alert>
  );
}
