"use client";

import { PageError } from "@/components/shell/page-error";

// A page of the app failed on the server; its shell (navigation, account menu) stays.
export default function AppError({
  retry,
}: {
  error: Error & { digest?: string };
  retry: () => void;
}) {
  return <PageError retry={retry} />;
}
