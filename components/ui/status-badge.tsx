import { Badge, type BadgeVariant } from "@/components/ui/badge";

export type PersonStatus = "active" | "pending" | "expired" | "disabled" | "suspended";

const STYLES: Record<PersonStatus, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  pending: { label: "Pending", variant: "info" },
  expired: { label: "Expired", variant: "warning" },
  disabled: { label: "Disabled", variant: "neutral" },
  suspended: { label: "Suspended", variant: "danger" },
};

export function StatusBadge({ status }: { status: PersonStatus }) {
  const { label, variant } = STYLES[status];
  return (
    <Badge variant={variant} dot>
      {label}
    </Badge>
  );
}
