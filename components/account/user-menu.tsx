"use client";

import { useRef } from "react";
import { MenuTriggerStandIn, useDeferred } from "@/components/ui/deferred";
import { Icon } from "@/components/ui/icon";

export type Theme = "light" | "dark" | "system";

export const USER_MENU_TRIGGER =
  "flex w-full items-center gap-2.5 rounded-md p-1.5 text-left hover:bg-accent";

/** What the account menu's button shows: initials, name and email. */
/** The menu button's name: what it is, then exactly what it shows (so speech input finds it). */
export const userMenuLabel = (name: string, email: string) => `Account menu for ${name}, ${email}`;

export function UserMenuFace({ name, email }: { name: string; email: string }) {
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <>
      {/* The initials are drawn by CSS, not text: the button's visible text is then exactly the
          name and email its label ends with. */}
      <span
        aria-hidden="true"
        data-initials={initials}
        className="flex size-8 shrink-0 items-center justify-center rounded-full bg-primary/10 text-xs font-semibold text-link before:content-[attr(data-initials)]"
      />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-foreground">{name}</span>{" "}
        <span className="block truncate text-xs text-muted-foreground">{email}</span>
      </span>
      <Icon name="chevrons-up-down" className="text-muted-foreground" />
    </>
  );
}

const loadMenu = () => import("./user-menu-dropdown").then((module) => module.UserMenuDropdown);

/**
 * The signed-in person's menu (theme, account settings, sign out), at the foot of the navigation.
 * Its dropdown (user-menu-dropdown.tsx) is loaded on first use (components/ui/deferred.tsx).
 */
export function UserMenu({ name, email, theme }: { name: string; email: string; theme: Theme }) {
  const deferred = useDeferred(loadMenu);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const Dropdown = deferred.part;
  if (Dropdown !== null) {
    return <Dropdown name={name} email={email} theme={theme} triggerRef={triggerRef} />;
  }
  return (
    <MenuTriggerStandIn
      deferred={deferred}
      target={triggerRef}
      className={USER_MENU_TRIGGER}
      aria-label={userMenuLabel(name, email)}
    >
      <UserMenuFace name={name} email={email} />
    </MenuTriggerStandIn>
  );
}
