import { buttonVariants } from "@/components/ui/button";

/** The Users page's access review: the whole organization. */
export const ACCESS_REVIEW_PATH = "/users/access-review";

/** A workspace's access review: it and everything below it. */
export const workspaceAccessReviewPath = (workspaceId: string) =>
  `/workspaces/${encodeURIComponent(workspaceId)}/access-review`;

/**
 * "Export access review": downloads the CSV of who holds which role where. A plain link, so the
 * browser streams the file to disk however large it is; shown only to those the export allows.
 */
export function AccessReviewButton({ href, scope }: { href: string; scope: string }) {
  return (
    <a
      href={href}
      download
      title={`Who holds which role where in ${scope}, as CSV`}
      className={buttonVariants({ variant: "outline" })}
    >
      Export access review
    </a>
  );
}
