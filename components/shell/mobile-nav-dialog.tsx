"use client";

import { Menu } from "lucide-react";
import { useState, type ReactNode, type RefObject } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { NavLinks, type NavItem } from "./nav-links";

/** The navigation as a dialog, loaded on first use by MobileNav (mobile-nav.tsx). */
export function MobileNavDialog({
  items,
  header,
  footer,
  triggerRef,
}: {
  items: NavItem[];
  header: ReactNode;
  footer: ReactNode;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button ref={triggerRef} variant="ghost" size="icon" aria-label="Open navigation">
          <Menu />
        </Button>
      </DialogTrigger>
      <DialogContent className="top-0 left-0 h-dvh max-w-72 translate-x-0 translate-y-0 rounded-none p-3">
        <DialogTitle className="sr-only">Navigation</DialogTitle>
        <div className="flex h-full flex-col gap-4">
          {header}
          <nav aria-label="Main">
            <NavLinks items={items} onNavigate={() => setOpen(false)} />
          </nav>
          <div className="mt-auto">{footer}</div>
        </div>
      </DialogContent>
    </Dialog>
  );
}
