"use client";

import type { ReactNode, RefObject } from "react";
import { Tooltip } from "@/components/ui/tooltip";
import { DISABLED_NAV_LINK } from "./nav-links";

/** A disabled navigation item with its tooltip, loaded on first use by nav-links.tsx. */
export function DisabledNavLinkTooltip({
  reason,
  triggerRef,
  children,
}: {
  reason: string;
  triggerRef: RefObject<HTMLSpanElement | null>;
  children: ReactNode;
}) {
  return (
    <Tooltip content={reason}>
      <span
        ref={triggerRef}
        role="link"
        aria-disabled="true"
        tabIndex={0}
        className={DISABLED_NAV_LINK}
      >
        {children}
      </span>
    </Tooltip>
  );
}
