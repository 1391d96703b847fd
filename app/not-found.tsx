import Link from "next/link";
import { buttonVariants } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main
      id="main"
      className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 text-center"
    >
      <p className="text-sm font-semibold text-link">404</p>
      <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="max-w-sm text-muted-foreground">
        The page you were looking for doesn&apos;t exist, or you don&apos;t have access to it.
      </p>
      <Link href="/" className={buttonVariants({ variant: "outline" })}>
        Go to Roster
      </Link>
    </main>
  );
}
