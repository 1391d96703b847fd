"use client";

import { buttonClasses } from "@/components/ui/button-classes";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";

// The cause is logged on the server; the browser only learns that something failed.
export default function AppError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <EmptyState
      tone="danger"
      icon={<Icon name="triangle-alert" />}
      title="This page couldn't be loaded"
      description="Something went wrong on our side. It has been logged; please try again."
      action={
        // A plain button with the Button's classes: this boundary is in every page's first
        // JavaScript, and Button brings tailwind-merge for the classes it merges.
        <button type="button" className={buttonClasses({ variant: "outline" })} onClick={reset}>
          Try again
        </button>
      }
    />
  );
}
