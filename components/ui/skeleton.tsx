import type { ComponentProps } from "react";

import { clsx } from "clsx";

/**
 * A pulsing placeholder block; size it with classes (`h-4 w-32`, `size-8 rounded-full`).
 * Hidden from assistive technology: mark the loading region itself with aria-busy, or put a
 * sr-only "Loading…" next to it.
 */
export function Skeleton({ className, ...props }: ComponentProps<"div">) {
  return <div aria-hidden="true" className={clsx("skeleton", className)} {...props} />;
}
