import type { ComponentProps } from "react";
import { cn } from "@/lib/utils/cn";

/** A styled native <textarea>, in the Input primitive's look. All textarea props pass through. */
export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea
      data-slot="textarea"
      className={cn(
        "flex min-h-20 w-full min-w-0 rounded-md border border-input bg-background px-3 py-2 text-base text-foreground shadow-xs sm:text-sm",
        "transition-[border-color,box-shadow] outline-hidden placeholder:text-muted-foreground",
        "focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/25",
        "aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/25",
        className,
      )}
      {...props}
    />
  );
}
