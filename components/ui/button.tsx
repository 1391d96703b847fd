import type { ComponentProps } from "react";

import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils/cn";

const base =
  "inline-flex shrink-0 select-none items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-[color,background-color,border-color,box-shadow] " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring " +
  "disabled:pointer-events-none disabled:opacity-50 aria-disabled:pointer-events-none aria-disabled:opacity-50 " +
  "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4";

const variants = {
  primary: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
  secondary: "bg-muted text-foreground hover:bg-accent",
  outline:
    "border border-border bg-background text-foreground shadow-xs hover:bg-accent hover:text-accent-foreground",
  ghost: "text-foreground hover:bg-accent hover:text-accent-foreground",
  destructive: "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90",
  link: "h-auto px-0 text-link underline-offset-4 hover:underline",
} as const;

const sizes = {
  sm: "h-8 gap-1.5 px-3 text-[13px]",
  md: "h-9 px-4",
  icon: "size-9",
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

export interface ButtonStyleOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  className?: string;
}

/**
 * The button classes on their own, to style a Next.js <Link> (or any element) as a button:
 * `<Link href="/users/new" className={buttonVariants({ variant: "outline" })}>New user</Link>`.
 */
export function buttonVariants({
  variant = "primary",
  size = "md",
  className,
}: ButtonStyleOptions = {}): string {
  // Variant after size, so `link` can drop the height and padding.
  return cn(base, sizes[size], variants[variant], className);
}

export interface ButtonProps extends ComponentProps<"button"> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /**
   * Work is in progress: shows a spinner, sets aria-busy and disables the button. With
   * size="icon" the spinner replaces the icon, so give icon buttons an aria-label.
   */
  pending?: boolean;
}

/**
 * A native <button>; `ref` is an ordinary prop in React 19 and reaches the element.
 * Like any <button>, it submits its form unless you pass type="button".
 */
export function Button({
  variant = "primary",
  size = "md",
  pending = false,
  disabled,
  className,
  children,
  ...props
}: ButtonProps) {
  return (
    <button
      data-slot="button"
      disabled={disabled || pending}
      aria-busy={pending || undefined}
      className={buttonVariants({
        variant,
        size,
        className: cn(pending && "disabled:opacity-100", className),
      })}
      {...props}
    >
      {pending ? <Spinner /> : null}
      {pending && size === "icon" ? null : children}
    </button>
  );
}
