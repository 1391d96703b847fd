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
      {/* Drawn by `.logo` in app/globals.css: the bars are round-capped strokes. */}
      <svg viewBox="0 0 24 24" aria-hidden="true" className="logo">
        <rect width="24" height="24" rx="6" />
        <path d="M7.25 7.75h9.5" />
        <path d="M7.25 12h5.5M7.25 16.25h7.5" />
      </svg>
      {withName ? <span>Roster</span> : null}
    </span>
  );
}
