import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";

/** Shown instead of a page the caller may not open (the server decided; the nav hides it too). */
export function NoAccess({
  title = "You don't have access to this page",
  description,
}: {
  title?: string;
  description?: string;
}) {
  return (
    <EmptyState
      icon={<Icon name="shield-off" />}
      title={title}
      description={
        description ?? "Ask an owner or admin of your organization if you think you should."
      }
    />
  );
}
