import type { ComponentProps } from "react";

import { cn } from "@/lib/utils/cn";

/** A styled native <label>; bind it with `htmlFor` (or use <Field>, which does it for you). */
export function Label({ className, ...props }: ComponentProps<"label">) {
  return (
    <label
      data-slot="label"
      className={cn(
        "text-sm leading-5 font-medium text-foreground select-none peer-disabled:cursor-not-allowed peer-disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
