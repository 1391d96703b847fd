import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format";
import type { OutboxRow } from "@/lib/organization";

const STATUS = {
  queued: { label: "Queued", variant: "info" },
  sent: { label: "Sent", variant: "success" },
  failed: { label: "Failed", variant: "danger" },
} as const;

/** The organization's latest emails: to whom, which, and what became of them (never bodies). */
export function Outbox({ rows }: { rows: OutboxRow[] }) {
  if (rows.length === 0) {
    return <p className="text-sm text-muted-foreground">No emails sent yet.</p>;
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] text-left text-sm">
        <caption className="sr-only">Recent emails, newest first</caption>
        <thead className="text-xs text-muted-foreground">
          <tr>
            {["Time", "Recipient", "Email", "Status", "Attempts", "Last error"].map((column) => (
              <th key={column} scope="col" className="py-2 pr-3 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="py-2 pr-3 whitespace-nowrap">
                <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
              </td>
              <td className="py-2 pr-3">{row.recipient}</td>
              <td className="py-2 pr-3">{row.template}</td>
              <td className="py-2 pr-3">
                <Badge variant={STATUS[row.status].variant}>{STATUS[row.status].label}</Badge>
              </td>
              <td className="py-2 pr-3 tabular-nums">{row.attempts}</td>
              <td className="py-2 pr-3 text-muted-foreground">{row.lastError ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
