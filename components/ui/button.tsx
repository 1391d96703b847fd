import type { ComponentProps } from "react";

import { buttonClasses, type ButtonSize, type ButtonVariant } from "@/components/ui/button-classes";
import { Spinner } from "@/components/ui/spinner";
import { cn } from "@/lib/utils/cn";

export type { ButtonSize, ButtonVariant } from "@/components/ui/button-classes";

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
  return cn(buttonClasses({ variant, size }), className);
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
      className={cn(buttonClasses({ variant, size, pending }), className)}
      {...props}
    >
      {pending ? <Spinner /> : null}
      {pending && size === "icon" ? null : children}
    </button>
  );
}
