"use client";

import { useLinkStatus } from "next/link";
import { Spinner } from "@/components/ui/spinner";

/**
 * Put inside a `<Link>` to a page that shows no skeleton while it loads — a person, an invitation,
 * a workspace: those answer 404 when there is nothing at the address, so their response waits for
 * the page (docs/architecture.md, "A page"). While that page loads, a small spinner follows the
 * link's text (after 150 ms: `.link-pending` in app/globals.css).
 */
export function LinkPending() {
  const { pending } = useLinkStatus();
  if (!pending) return null;
  return (
    <span className="link-pending ml-1.5 inline-flex align-[-2px]" data-pending="">
      <Spinner size="sm" />
    </span>
  );
}
