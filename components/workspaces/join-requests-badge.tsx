import Link from "next/link";
import { Icon } from "@/components/ui/icon";
import { pendingJoinRequestCount } from "@/lib/workspaces/join-requests";
import type { Actor } from "@/lib/permissions";
import { cn } from "@/lib/utils/cn";

/**
 * "3 join requests": a link to the requests waiting for this viewer's decision (owners and
 * admins: all; a workspace manager: those for their workspaces). Renders nothing when there are
 * none, or when the viewer decides none.
 */
export async function JoinRequestsBadge({
  actor,
  className,
}: {
  actor: Actor;
  className?: string;
}) {
  const count = await pendingJoinRequestCount(actor);
  if (count === 0) return null;
  return (
    <Link
      href="/workspaces#join-requests"
      className={cn(
        "inline-flex w-fit items-center gap-1.5 rounded-md bg-warning/10 px-2.5 py-1 text-xs font-medium text-warning ring-1 ring-warning/25 ring-inset",
        "hover:bg-warning/15 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        className,
      )}
    >
      <Icon name="inbox" className="size-3.5" />
      {count} {count === 1 ? "join request" : "join requests"}
    </Link>
  );
}
