"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef, type ReactNode } from "react";
import { useDeferred } from "@/components/ui/deferred";
import { Icon, type IconName } from "@/components/ui/icon";

export interface NavItem {
  href: string;
  label: string;
  icon: "users" | "workspaces" | "organization" | "account";
  /** Shown but not usable by this person: why not (a tooltip on the greyed-out item). */
  disabledReason?: string;
}

const ICONS: Record<NavItem["icon"], IconName> = {
  users: "users",
  workspaces: "folder-tree",
  organization: "building-2",
  account: "user-cog",
};

export function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {items.map((item) => {
        const icon: IconName = ICONS[item.icon] ?? "settings";
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        if (item.disabledReason) {
          return (
            <li key={item.href}>
              <DisabledNavLink reason={item.disabledReason}>
                <Icon name={icon} />
                {item.label}
              </DisabledNavLink>
            </li>
          );
        }
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className="nav-link"
            >
              <Icon name={icon} />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

export const DISABLED_NAV_LINK =
  "flex cursor-not-allowed items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground/60";

const loadTooltip = () =>
  import("./disabled-nav-link-tooltip").then((module) => module.DisabledNavLinkTooltip);

/**
 * A greyed-out item, focusable, whose tooltip says why it can't be used. The tooltip
 * (disabled-nav-link-tooltip.tsx) is loaded when the pointer or the focus first reaches the
 * item (components/ui/deferred.tsx).
 */
function DisabledNavLink({ reason, children }: { reason: string; children: ReactNode }) {
  const deferred = useDeferred(loadTooltip);
  const { reach, cancel, holdStandIn } = deferred;
  const triggerRef = useRef<HTMLSpanElement>(null);
  const WithTooltip = deferred.part;
  if (WithTooltip !== null) {
    return (
      <WithTooltip reason={reason} triggerRef={triggerRef}>
        {children}
      </WithTooltip>
    );
  }
  return (
    <span
      ref={holdStandIn}
      role="link"
      aria-disabled="true"
      tabIndex={0}
      className={DISABLED_NAV_LINK}
      onPointerEnter={(event) => {
        if (event.pointerType === "touch") return;
        const { pointerType, clientX, clientY } = event;
        reach({ type: "pointermove", pointerType, clientX, clientY }, triggerRef);
      }}
      onPointerLeave={cancel}
      onFocus={() => reach({ type: "focus" }, triggerRef)}
      onBlur={cancel}
    >
      {children}
    </span>
  );
}
