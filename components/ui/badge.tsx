import type { ComponentProps } from "react";

import { clsx } from "clsx";

const variants = {
  neutral: "bg-muted text-muted-foreground ring-border",
  success: "bg-success/10 text-success ring-success/25",
  warning: "bg-warning/10 text-warning ring-warning/25",
  danger: "bg-danger/10 text-danger ring-danger/25",
  info: "bg-info/10 text-info ring-info/25",
  outline: "bg-transparent text-foreground ring-border",
} as const;

const dots = {
  neutral: "bg-muted-foreground",
  success: "bg-success",
  warning: "bg-warning",
  danger: "bg-danger",
  info: "bg-info",
  outline: "bg-muted-foreground",
} as const;

export type BadgeVariant = keyof typeof variants;

export interface BadgeProps extends ComponentProps<"span"> {
  variant?: BadgeVariant;
  /** A small leading dot in the badge colour (status pills). */
  dot?: boolean;
}

/**
 * A short status label, e.g. Active (success), Pending (warning), Suspended (danger),
 * Disabled / Expired (neutral). The text carries the meaning; colour only reinforces it.
 */
export function Badge({
  variant = "neutral",
  dot = false,
  className,
  children,
  ...props
}: BadgeProps) {
  return (
    <span
      data-slot="badge"
      className={clsx(
        "inline-flex w-fit shrink-0 items-center gap-1.5 rounded-md px-2 py-0.5 text-xs leading-4 font-medium whitespace-nowrap ring-1 ring-inset",
        "[&_svg]:pointer-events-none [&_svg]:size-3 [&_svg]:shrink-0",
        variants[variant],
        className,
      )}
      {...props}
    >
      {dot ? (
        <span aria-hidden="true" className={clsx("size-1.5 rounded-full", dots[variant])} />
      ) : null}
      {children}
    </span>
  );
}
