import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

/** "26–50 of 112 · page 2 of 5" with Previous / Next links (the hrefs carry the rest of the URL). */
export function Pagination({
  label = "Pagination",
  page,
  pages,
  total,
  pageSize,
  previousHref,
  nextHref,
}: {
  label?: string;
  page: number;
  pages: number;
  total: number;
  pageSize: number;
  previousHref: string;
  nextHref: string;
}) {
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <nav
      aria-label={label}
      className="flex flex-wrap items-center justify-between gap-3 text-sm text-muted-foreground"
    >
      <span>
        {first}–{last} of {total} · page {page} of {pages}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={previousHref}>
            Previous
          </Link>
        ) : null}
        {page < pages ? (
          <Link className={buttonVariants({ variant: "outline", size: "sm" })} href={nextHref}>
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
