import type { ComponentProps } from "react";
import { clsx } from "clsx";
import { setsWidth } from "@/lib/utils/classes";

/**
 * A styled native <select>: the platform's own list, keyboard and screen-reader behaviour, in
 * the Input primitive's look (light and dark through the theme tokens). All select props pass
 * through, `ref` included, so react-hook-form's `register()` result can be spread onto it.
 * `className` adds classes; a width among them (`w-auto`) replaces the default full width.
 */
export function Select({
  className,
  size = "md",
  ...props
}: Omit<ComponentProps<"select">, "size"> & { size?: "sm" | "md" }) {
  return (
    <select
      data-slot="select"
      className={clsx(
        setsWidth(className) ? null : "w-full",
        "select",
        size === "sm" ? "h-8 px-2" : "h-9 px-2.5",
        className,
      )}
      {...props}
    />
  );
}
