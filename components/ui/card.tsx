import type { ComponentProps } from "react";

import { cn } from "@/lib/utils/cn";

/** A raised surface: rounded, hairline border, soft shadow. Compose with the parts below. */
export function Card({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="card"
      className={cn(
        "rounded-lg border border-border bg-card text-card-foreground shadow-sm",
        className,
      )}
      {...props}
    />
  );
}

export function CardHeader({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="card-header"
      className={cn("flex flex-col gap-1 px-5 pt-5 pb-4 sm:px-6 sm:pt-6", className)}
      {...props}
    />
  );
}

type HeadingLevel = "h2" | "h3" | "h4";

export interface CardTitleProps extends ComponentProps<"h2"> {
  /** The heading element; h2 by default, pick what fits the page outline. */
  as?: HeadingLevel;
}

export function CardTitle({ as: Heading = "h2", className, ...props }: CardTitleProps) {
  return (
    <Heading
      data-slot="card-title"
      className={cn("text-base leading-6 font-semibold tracking-tight", className)}
      {...props}
    />
  );
}

export function CardDescription({ className, ...props }: ComponentProps<"p">) {
  return (
    <p
      data-slot="card-description"
      className={cn("text-sm leading-5 text-muted-foreground", className)}
      {...props}
    />
  );
}

export function CardContent({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="card-content"
      className={cn("px-5 pb-5 sm:px-6 sm:pb-6", className)}
      {...props}
    />
  );
}

/** Actions row at the bottom, separated by a hairline; wraps and right-aligns. */
export function CardFooter({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      data-slot="card-footer"
      className={cn(
        "flex flex-wrap items-center justify-end gap-2 rounded-b-lg border-t border-border bg-muted/40 px-5 py-3 sm:px-6",
        className,
      )}
      {...props}
    />
  );
}
