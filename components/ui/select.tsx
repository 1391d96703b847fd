import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

/**
 * A styled native <select>: the platform's own list, keyboard and screen-reader behaviour, in
 * the Input primitive's look (light and dark through the theme tokens). All select props pass
 * through, `ref` included, so react-hook-form's `register()` result can be spread onto it.
 */
export function Select({
  className,
  size = "md",
  ...props
}: Omit<ComponentProps<"select">, "size"> & { size?: "sm" | "md" }) {
  return (
    <select
      data-slot="select"
      className={cn(
        "w-full min-w-0 rounded-md border border-input bg-background px-2.5 text-sm text-foreground shadow-xs",
        size === "sm" ? "h-8 px-2" : "h-9",
        "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
        "aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60",
        className,
      )}
      {...props}
    />
  );
}
