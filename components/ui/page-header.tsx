import type { ComponentProps, ReactNode } from "react";

import { cn } from "@/lib/utils/cn";

export interface PageHeaderProps extends Omit<ComponentProps<"div">, "title"> {
  /** The page's <h1>. */
  title: ReactNode;
  description?: ReactNode;
  /** Buttons at the right; they drop below the title on narrow screens. */
  actions?: ReactNode;
}

/** The top of a page: h1, one-line description, actions on the right. */
export function PageHeader({ title, description, actions, className, ...props }: PageHeaderProps) {
  return (
    <div
      data-slot="page-header"
      className={cn("flex flex-wrap items-start justify-between gap-x-6 gap-y-4", className)}
      {...props}
    >
      <div className="flex min-w-0 flex-[1_1_18rem] flex-col gap-1">
        <h1 className="text-2xl leading-8 font-semibold tracking-tight text-balance text-foreground">
          {title}
        </h1>
        {description ? (
          <p className="max-w-2xl text-sm leading-5 text-pretty text-muted-foreground">
            {description}
          </p>
        ) : null}
      </div>
      {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
