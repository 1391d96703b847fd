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
      className={clsx(setsWidth(className) ? null : "w-full", "input", className)}
      {...props}
    />
  );
}
