"use client";

import { LogOut, Monitor, Moon, Sun, UserCog } from "lucide-react";
import Link from "next/link";
import { useTransition, type RefObject } from "react";
import { setThemeAction } from "@/lib/account/actions";
import { signOutAction } from "@/lib/account/sign-in-actions";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { USER_MENU_TRIGGER, UserMenuFace, userMenuLabel, type Theme } from "./user-menu";

/** The account menu's dropdown, loaded on first use by UserMenu (user-menu.tsx). */
export function UserMenuDropdown({
  name,
  email,
  theme,
  triggerRef,
}: {
  name: string;
  email: string;
  theme: Theme;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const [pending, startTransition] = useTransition();

  function changeTheme(value: string) {
    if (value !== "light" && value !== "dark" && value !== "system") return;
    // Apply at once; the server keeps the preference for every later page.
    document.documentElement.classList.remove("light", "dark", "system");
    document.documentElement.classList.add(value);
    startTransition(async () => {
      const result = await setThemeAction({ theme: value });
      if (!result.ok) toast.error(result.error);
    });
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        ref={triggerRef}
        className={USER_MENU_TRIGGER}
        aria-label={userMenuLabel(name, email)}
      >
        <UserMenuFace name={name} email={email} />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" side="top" className="w-60">
        <DropdownMenuLabel>Theme</DropdownMenuLabel>
        <DropdownMenuRadioGroup
          value={theme}
          onValueChange={changeTheme}
          aria-busy={pending || undefined}
        >
          <DropdownMenuRadioItem value="light">
            <Sun aria-hidden="true" /> Light
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="dark">
            <Moon aria-hidden="true" /> Dark
          </DropdownMenuRadioItem>
          <DropdownMenuRadioItem value="system">
            <Monitor aria-hidden="true" /> System
          </DropdownMenuRadioItem>
        </DropdownMenuRadioGroup>
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/settings/account">
            <UserCog aria-hidden="true" /> Account settings
          </Link>
        </DropdownMenuItem>
        <DropdownMenuItem onSelect={() => startTransition(() => signOutAction())}>
          <LogOut aria-hidden="true" /> Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
