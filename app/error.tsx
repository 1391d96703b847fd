"use client";

import { PageError } from "@/components/shell/page-error";

// A page or layout below the root failed on the server — the app's layout itself (it reads the
// caller from the database) or a page outside it, such as sign-in: the error alone, full page.
export default function RootError({
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  return (
    <main id="main" className="flex min-h-dvh items-center justify-center px-4">
      <PageError retry={retry} titleAs="h1" />
    </main>
  );
}
