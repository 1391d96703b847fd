import type { ReactNode } from "react";
import { Logo } from "@/components/brand/logo";
import { MobileNav } from "./mobile-nav";
import { NavLinks, type NavItem } from "./nav-links";

export interface ShellProps {
  nav: NavItem[];
  organizationName: string;
  /** Above the navigation: the organization switcher. */
  header: ReactNode;
  /** Below it: the signed-in person's menu. */
  footer: ReactNode;
  /** Above every page: a notice for this person (e.g. the subscription is about to lapse). */
  notice?: ReactNode;
  children: ReactNode;
}

/** The app's frame: a sidebar on wide screens, a menu button on narrow ones. */
export function AppShell({ nav, organizationName, header, footer, notice, children }: ShellProps) {
  return (
    <div className="min-h-dvh bg-background lg:grid lg:grid-cols-[15rem_1fr]">
      <aside className="hidden border-r border-border bg-muted/40 lg:sticky lg:top-0 lg:flex lg:h-dvh lg:flex-col lg:gap-4 lg:p-3">
        <div className="px-1.5 pt-1.5">
          <Logo className="text-sm" />
        </div>
        {header}
        <nav aria-label="Main">
          <NavLinks items={nav} />
        </nav>
        <div className="mt-auto">{footer}</div>
      </aside>
      <div className="flex items-center gap-2 border-b border-border px-3 py-2 lg:hidden">
        <MobileNav items={nav} header={header} footer={footer} />
        <Logo className="text-sm" />
        <span className="ml-auto truncate text-sm text-muted-foreground">{organizationName}</span>
      </div>
      <main id="main" className="min-w-0 px-4 py-6 sm:px-6 lg:px-10 lg:py-8">
        <div className="mx-auto w-full max-w-6xl">
          {notice}
          {children}
        </div>
      </main>
    </div>
  );
}
