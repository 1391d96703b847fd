"use client";

import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

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
      icon={<TriangleAlert />}
      title="This page couldn't be loaded"
      description="Something went wrong on our side. It has been logged; please try again."
      action={
        <Button variant="outline" onClick={reset}>
          Try again
        </Button>
      }
    />
  );
}
