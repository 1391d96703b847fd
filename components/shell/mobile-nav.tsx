"use client";

import { useRef, type ReactNode } from "react";
import { buttonClasses } from "@/components/ui/button-classes";
import { DialogTriggerStandIn, useDeferred } from "@/components/ui/deferred";
import { Icon } from "@/components/ui/icon";
import type { NavItem } from "./nav-links";

const loadDialog = () => import("./mobile-nav-dialog").then((module) => module.MobileNavDialog);

/**
 * Below the lg breakpoint the sidebar becomes a menu behind a button. The menu
 * (mobile-nav-dialog.tsx) is loaded on first use (components/ui/deferred.tsx).
 */
export function MobileNav({
  items,
  header,
  footer,
}: {
  items: NavItem[];
  header: ReactNode;
  footer: ReactNode;
}) {
  const deferred = useDeferred(loadDialog);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const Dialog = deferred.part;
  if (Dialog !== null) {
    return <Dialog items={items} header={header} footer={footer} triggerRef={triggerRef} />;
  }
  return (
    <DialogTriggerStandIn
      deferred={deferred}
      target={triggerRef}
      className={buttonClasses({ variant: "ghost", size: "icon" })}
      aria-label="Open navigation"
    >
      <Icon name="menu" />
    </DialogTriggerStandIn>
  );
}
