"use client";

import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";

/**
 * What a page that failed on the server shows (app/error.tsx, app/(app)/error.tsx): the cause is
 * logged on the server; the browser only learns that something failed. "Try again" renders the
 * page again from the server (`retry`), so it works once the cause is gone (the database is back).
 */
export function PageError({ retry, titleAs }: { retry: () => void; titleAs?: "h1" | "h2" }) {
  return (
    <EmptyState
      tone="danger"
      icon={<Icon name="triangle-alert" />}
      title="This page couldn't be loaded"
      titleAs={titleAs}
      description="Something went wrong on our side. It has been logged; please try again."
      action={
        // A plain button with the Button's classes: this boundary is in every page's first
        // JavaScript, and Button brings tailwind-merge for the classes it merges.
        <button type="button" className={buttonClasses({ variant: "outline" })} onClick={retry}>
          Try again
        </button>
      }
    />
  );
}
