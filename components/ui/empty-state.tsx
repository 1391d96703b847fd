import type { ComponentProps, ReactNode } from "react";

import { clsx } from "clsx";

export interface EmptyStateProps extends Omit<ComponentProps<"div">, "title"> {
  /** An icon element, e.g. <Icon name="users" /> (sized and coloured for you). */
  icon?: ReactNode;
  title: ReactNode;
  description?: ReactNode;
  /** Call to action, e.g. <Button>Invite people</Button>, or a retry button for errors. */
  action?: ReactNode;
  /** `danger` tints the icon for error states ("Couldn't load members"). */
  tone?: "neutral" | "danger";
  /** Heading level of the title; h2 by default (h1 when the state is the whole page). */
  titleAs?: "h1" | "h2" | "h3";
  /** Dashed outline around the block, for use inside a page rather than inside a card. */
  bordered?: boolean;
}

/** A designed empty / no-results / error state: icon, title, one sentence, one action. */
export function EmptyState({
  icon,
  title,
  description,
  action,
  tone = "neutral",
  titleAs: Title = "h2",
  bordered = false,
  className,
  ...props
}: EmptyStateProps) {
  return (
    <div
      data-slot="empty-state"
      className={clsx(
        "flex flex-col items-center justify-center gap-4 px-6 py-12 text-center",
        bordered && "rounded-lg border border-dashed border-border",
        className,
      )}
      {...props}
    >
      {icon ? (
        <div
          aria-hidden="true"
          className={clsx(
            "flex size-11 items-center justify-center rounded-lg border border-border bg-card shadow-xs [&_svg]:size-5",
            tone === "danger" ? "text-danger" : "text-muted-foreground",
          )}
        >
          {icon}
        </div>
      ) : null}
      <div className="flex max-w-sm flex-col gap-1">
        <Title className="text-base leading-6 font-semibold tracking-tight text-foreground">
          {title}
        </Title>
        {description ? (
          <p className="text-sm leading-5 text-pretty text-muted-foreground">{description}</p>
        ) : null}
      </div>
      {action ? (
        <div className="flex flex-wrap items-center justify-center gap-2">{action}</div>
      ) : null}
    </div>
  );
}
