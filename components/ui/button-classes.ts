/*
 * The button's classes, for the Button component (button.tsx) and for elements styled as a
 * button. Built without tailwind-merge: no two classes here conflict, so this module costs a
 * page almost nothing — client components in every page's first JavaScript (stand-ins for
 * deferred menus and dialogs, the Users toolbar) use it directly. `buttonVariants` in button.tsx
 * adds a caller's classes, merged. What every button shares is one class, `.btn`, written once
 * in app/globals.css (a utility given by a caller still wins over it: utilities come later).
 */

/** The classes every button shares: `.btn` in app/globals.css. */
const base = "btn";

const variants = {
  primary: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
  secondary: "bg-muted text-foreground hover:bg-accent",
  outline:
    "border border-border bg-background text-foreground shadow-xs hover:bg-accent hover:text-accent-foreground",
  ghost: "text-foreground hover:bg-accent hover:text-accent-foreground",
  destructive: "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90",
  link: "h-auto px-0 text-link underline-offset-4 hover:underline",
} as const;

/** Each size's box (height and padding, which the link variant replaces) and the rest. */
const sizes = {
  sm: { box: "h-8 px-3", rest: "gap-1.5 text-[13px]" },
  md: { box: "h-9 px-4", rest: "gap-2 text-sm" },
  icon: { box: "size-9", rest: "gap-2 text-sm" },
} as const;

export type ButtonVariant = keyof typeof variants;
export type ButtonSize = keyof typeof sizes;

export interface ButtonClassOptions {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** A pending button is disabled but keeps its full colour (it shows a spinner instead). */
  pending?: boolean;
}

export function buttonClasses({
  variant = "primary",
  size = "md",
  pending = false,
}: ButtonClassOptions = {}): string {
  const { box, rest } = sizes[size];
  return [
    base,
    pending ? "disabled:opacity-100" : "",
    variant === "link" ? "" : box,
    rest,
    variants[variant],
  ]
    .filter(Boolean)
    .join(" ");
}
