import type { ComponentProps } from "react";

import { clsx } from "clsx";

/** Each variant's colours are `.badge-<variant>` in app/globals.css. */
export const BADGE_VARIANTS = [
  "neutral",
  "success",
  "warning",
  "danger",
  "info",
  "outline",
] as const;
export type BadgeVariant = (typeof BADGE_VARIANTS)[number];

export interface BadgeProps extends ComponentProps<"span"> {
  variant?: BadgeVariant;
  /** A small leading dot in the badge colour (status pills). */
  dot?: boolean;
}

/**
 * A short status label, e.g. Active (success), Pending (warning), Suspended (danger),
 * Disabled / Expired (neutral). The text carries the meaning; colour only reinforces it. Its
 * classes are in app/globals.css (`.badge`, written once: the Users list shows one per row);
 * `className` adds classes, and a utility in it wins over them.
 */
export function Badge({
  variant = "neutral",
  dot = false,
  className,
  children,
  ...props
}: BadgeProps) {
  return (
    <span className={clsx("badge", `badge-${variant}`, dot && "badge-dot", className)} {...props}>
      {children}
    </span>
  );
}
