import { cn } from "@/lib/utils/cn";

/** Roster's mark: three stacked rows, one highlighted. */
export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-2 font-semibold tracking-tight text-foreground",
        className,
      )}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6 shrink-0">
        <rect width="24" height="24" rx="6" className="fill-primary" />
        <rect x="6" y="6.5" width="12" height="2.5" rx="1.25" className="fill-primary-foreground" />
        <rect
          x="6"
          y="10.75"
          width="8"
          height="2.5"
          rx="1.25"
          className="fill-primary-foreground opacity-70"
        />
        <rect
          x="6"
          y="15"
          width="10"
          height="2.5"
          rx="1.25"
          className="fill-primary-foreground opacity-70"
        />
      </svg>
      {withName ? <span>Roster</span> : null}
    </span>
  );
}
