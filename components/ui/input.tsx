import type { ComponentProps } from "react";

import { clsx } from "clsx";
import { setsWidth } from "@/lib/utils/classes";

/**
 * A styled native <input>. All input props pass through, `ref` included (React 19), so
 * react-hook-form's `register()` result can be spread onto it. `aria-invalid` turns it red.
 * `className` adds classes; a width among them (`w-48`) replaces the default full width.
 */
export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return (
    <input
      type={type}
      data-slot="input"
      className={clsx(
        setsWidth(className) ? null : "w-full",
        "flex h-9 min-w-0 rounded-md border border-input bg-background px-3 py-1 text-base text-foreground shadow-xs sm:text-sm",
        "transition-[border-color,box-shadow] outline-hidden placeholder:text-muted-foreground",
        "focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/25",
        "aria-invalid:border-danger aria-invalid:focus-visible:border-danger aria-invalid:focus-visible:ring-danger/25",
        "disabled:cursor-not-allowed disabled:bg-muted disabled:opacity-60 [&[readonly]]:bg-muted",
        "file:mr-3 file:h-full file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
    />
  );
}
