"use client";

import { Building2, FolderTree, Settings, UserCog, Users } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { Tooltip } from "@/components/ui/tooltip";
import { cn } from "@/lib/utils/cn";

export interface NavItem {
  href: string;
  label: string;
  icon: "users" | "workspaces" | "organization" | "account";
  /** Shown but not usable by this person: why not (a tooltip on the greyed-out item). */
  disabledReason?: string;
}

const ICONS = {
  users: Users,
  workspaces: FolderTree,
  organization: Building2,
  account: UserCog,
} as const;

export function NavLinks({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.icon] ?? Settings;
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        if (item.disabledReason) {
          return (
            <li key={item.href}>
              <Tooltip content={item.disabledReason}>
                <span
                  role="link"
                  aria-disabled="true"
                  tabIndex={0}
                  className="flex cursor-not-allowed items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground/60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                >
                  <Icon className="size-4" aria-hidden="true" />
                  {item.label}
                </span>
              </Tooltip>
            </li>
          );
        }
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-muted-foreground transition-colors",
                "hover:bg-accent hover:text-accent-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
                active && "bg-accent text-foreground",
              )}
            >
              <Icon className="size-4" aria-hidden="true" />
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
