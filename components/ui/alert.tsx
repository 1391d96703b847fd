import type { ComponentProps, ReactNode } from "react";

import { Icon, type IconName } from "@/components/ui/icon";
import { cn } from "@/lib/utils/cn";

const variants = {
  error: {
    box: "border-danger/30 bg-danger/8 [&_[data-slot=alert-icon]]:text-danger",
    icon: "circle-exclamation-point",
  },
  warning: {
    box: "border-warning/30 bg-warning/8 [&_[data-slot=alert-icon]]:text-warning",
    icon: "triangle-alert",
  },
  success: {
    box: "border-success/30 bg-success/8 [&_[data-slot=alert-icon]]:text-success",
    icon: "circle-check",
  },
  info: { box: "border-info/30 bg-info/8 [&_[data-slot=alert-icon]]:text-info", icon: "info" },
} as const satisfies Record<string, { box: string; icon: IconName }>;

export type AlertVariant = keyof typeof variants;

export interface AlertProps extends Omit<ComponentProps<"div">, "title"> {
  variant?: AlertVariant;
  /** Bold first line; the children follow as the body. */
  title?: ReactNode;
  /** Replace the variant's icon, or pass `null` to show none. */
  icon?: ReactNode;
}

/**
 * An inline message box, e.g. a form-level error above the submit button.
 * `error` renders role="alert" (announced as soon as it appears); the other variants use
 * role="status" (polite). Override with `role` if the box is static page content.
 */
export function Alert({
  variant = "info",
  title,
  icon,
  className,
  children,
  role,
  ...props
}: AlertProps) {
  const { box, icon: variantIcon } = variants[variant];
  const shownIcon = icon === undefined ? <Icon name={variantIcon} /> : icon;
  return (
    <div
      data-slot="alert"
      role={role ?? (variant === "error" ? "alert" : "status")}
      className={cn(
        "flex gap-3 rounded-lg border px-4 py-3 text-sm leading-5 text-foreground",
        box,
        className,
      )}
      {...props}
    >
      {shownIcon ? (
        <span data-slot="alert-icon" aria-hidden="true" className="mt-0.5 shrink-0 [&_svg]:size-4">
          {shownIcon}
        </span>
      ) : null}
      <div className="flex min-w-0 flex-col gap-0.5">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? (
          <div className="text-foreground/85 [&_a]:font-medium [&_a]:underline">{children}</div>
        ) : null}
      </div>
    </div>
  );
}
