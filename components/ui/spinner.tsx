import { clsx } from "clsx";
import type { ComponentProps } from "react";
import { Icon } from "@/components/ui/icon";

const sizes = {
  sm: "size-3.5",
  md: "size-4",
  lg: "size-6",
} as const;

export type SpinnerSize = keyof typeof sizes;

export interface SpinnerProps extends Omit<ComponentProps<"svg">, "children" | "name"> {
  size?: SpinnerSize;
  /**
   * Announced to assistive technology (role="status"). Leave it out when the spinner only
   * decorates something that already says it is busy (e.g. a button with aria-busy).
   */
  label?: string;
}

/** An indeterminate loading indicator; it inherits the current text colour. */
export function Spinner({ size = "md", label, className, ...props }: SpinnerProps) {
  const icon = (
    <Icon
      focusable="false"
      className={clsx(
        "animate-spin motion-reduce:animate-[spin_1.5s_linear_infinite]",
        sizes[size],
        className,
      )}
      {...props}
      name="loader-circle"
    />
  );
  if (!label) return icon;
  return (
    <span role="status" className="inline-flex items-center">
      {icon}
      <span className="sr-only">{label}</span>
    </span>
  );
}
