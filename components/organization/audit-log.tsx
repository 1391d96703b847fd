import { ScrollText, SearchX } from "lucide-react";
import Form from "next/form";
import Link from "next/link";
import { Button, buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { formatDateTime } from "@/lib/format";
import type { AuditLogPage, AuditLogQuery } from "@/lib/organization";

export const AUDIT_LOG_PATH = "/settings/organization/audit-log";

/** The audit log's URL (or the CSV export's) with the filters of `query`, and a position. */
export function auditLogHref(
  query: AuditLogQuery,
  position: { after?: string; before?: string } = {},
  path = AUDIT_LOG_PATH,
): string {
  const params = new URLSearchParams();
  for (const key of ["actor", "action", "target", "from", "to"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (position.after) params.set("after", position.after);
  if (position.before) params.set("before", position.before);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** The filters: a plain GET form, so they live in the URL (shareable, Back works). */
export function AuditLogFilters({ page }: { page: AuditLogPage }) {
  const { query } = page;
  const field = "flex flex-col gap-1.5 text-sm font-medium";
  return (
    <Form
      action={AUDIT_LOG_PATH}
      role="search"
      aria-label="Filter the audit log"
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[1fr_1fr_1fr_auto_auto]"
    >
      <label className={field}>
        Actor
        <Input name="actor" type="search" defaultValue={query.actor} placeholder="Email" />
      </label>
      <label className={field}>
        Action
        <Select name="action" defaultValue={query.action ?? ""}>
          <option value="">Any action</option>
          {page.actions.map((action) => (
            <option key={action.value} value={action.value}>
              {action.label}
            </option>
          ))}
        </Select>
      </label>
      <label className={field}>
        Target
        <Input
          name="target"
          type="search"
          defaultValue={query.target}
          placeholder="Email or name"
        />
      </label>
      <label className={field}>
        From
        <Input name="from" type="date" defaultValue={query.from} />
      </label>
      <label className={field}>
        To
        <Input name="to" type="date" defaultValue={query.to} />
      </label>
      <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-5">
        <Button type="submit" variant="outline">
          Apply filters
        </Button>
        {page.filtered ? (
          <Link href={AUDIT_LOG_PATH} className={buttonVariants({ variant: "ghost" })}>
            Clear filters
          </Link>
        ) : null}
        <a
          href={auditLogHref(query, {}, `${AUDIT_LOG_PATH}/export`)}
          className={buttonVariants({ variant: "outline", className: "ml-auto" })}
          download
        >
          Download CSV
        </a>
      </div>
    </Form>
  );
}

/** One page of events, newest first, with links to newer and older ones. */
export function AuditLogTable({ page }: { page: AuditLogPage }) {
  if (page.rows.length === 0) {
    return page.filtered ? (
      <EmptyState
        icon={<SearchX />}
        title="No events match these filters"
        description="Try another actor, action or date range, or clear the filters."
        bordered
      />
    ) : (
      <EmptyState
        icon={<ScrollText />}
        title="Nothing recorded yet"
        description="Every change anyone makes in the organization appears here."
        bordered
      />
    );
  }
  return (
    <div className="flex flex-col gap-4">
      <div className="overflow-x-auto rounded-lg border border-border">
        <table className="w-full min-w-[48rem] text-left text-sm">
          <caption className="sr-only">Audit log, newest first</caption>
          <thead className="bg-muted/50 text-xs text-muted-foreground">
            <tr>
              {["Time", "Actor", "Action", "Target", "IP"].map((column) => (
                <th key={column} scope="col" className="px-4 py-2.5 font-medium">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {page.rows.map((event) => (
              <tr key={event.id}>
                <td className="px-4 py-2 whitespace-nowrap">
                  <time dateTime={event.createdAt.toISOString()}>
                    {formatDateTime(event.createdAt)}
                  </time>
                </td>
                <td className="px-4 py-2">{event.actorEmail ?? "System"}</td>
                <td className="px-4 py-2">
                  {event.actionLabel}
                  {event.detail ? (
                    <span className="block text-xs text-muted-foreground">{event.detail}</span>
                  ) : null}
                </td>
                <td className="px-4 py-2">{event.targetLabel ?? event.targetType}</td>
                <td className="px-4 py-2 text-muted-foreground tabular-nums">{event.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Audit log pages" className="flex justify-end gap-2">
        {page.newer ? (
          <Link
            href={auditLogHref(page.query, { before: page.newer })}
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            Newer
          </Link>
        ) : null}
        {page.older ? (
          <Link
            href={auditLogHref(page.query, { after: page.older })}
            className={buttonVariants({ variant: "outline", size: "sm" })}
          >
            Older
          </Link>
        ) : null}
      </nav>
    </div>
  );
}
