import Link from "next/link";
import type { ReactNode } from "react";
import { Icon } from "@/components/ui/icon";
import type { UserSort, UsersQuery } from "@/lib/people/schemas";

/**
 * The columns, in order; the rows' cells (member-row.tsx, invitation-row.tsx) follow it, and their
 * looks by column are in app/globals.css (`.users-table`), then the Actions column.
 */
const COLUMNS: { key: UserSort; label: string; className?: string }[] = [
  { key: "name", label: "Name" },
  { key: "email", label: "Email" },
  { key: "role", label: "Role" },
  { key: "status", label: "Status" },
  { key: "workspaces", label: "Workspaces", className: "text-right" },
];

/** The unsorted columns' icon: one element, which the page's React data then carries once. */
const UNSORTED = <Icon name="arrow-up-down" className="size-3.5 opacity-40" />;

const DEFAULTS: Record<string, string | number> = { sort: "name", dir: "asc", page: 1, size: 25 };

/** The Users list's URL for `query` with `changes` (defaults left out, so links stay short). */
export function usersHref(
  query: UsersQuery,
  changes: Partial<Record<keyof UsersQuery, string | number | undefined>> = {},
): string {
  const merged: Record<string, string | number | undefined> = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === "" || DEFAULTS[key] === value) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/users?${search}` : "/users";
}

/**
 * The Users table: column headers that sort (a link per column, the order in the URL) and the
 * rows given as children (members and invitations).
 */
export function UsersTable({
  query,
  first,
  last,
  total,
  children,
}: {
  query: UsersQuery;
  first: number;
  last: number;
  total: number;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border">
      <table className="users-table w-full min-w-[48rem] text-left text-sm">
        <caption className="sr-only">
          Users {first}–{last} of {total}, sorted by {query.sort}{" "}
          {query.dir === "asc" ? "ascending" : "descending"}. Right-click a row, or use its actions
          button, for more.
        </caption>
        <thead className="bg-muted/50 text-xs text-muted-foreground">
          <tr>
            {COLUMNS.map((column) => {
              const active = query.sort === column.key;
              const nextDir = active && query.dir === "asc" ? "desc" : "asc";
              const icon = active ? (
                <Icon name={query.dir === "asc" ? "arrow-up" : "arrow-down"} className="size-3.5" />
              ) : (
                UNSORTED
              );
              return (
                <th
                  key={column.key}
                  scope="col"
                  {...(active && { "aria-sort": query.dir === "asc" ? "ascending" : "descending" })}
                  {...(column.className && { className: column.className })}
                >
                  <Link href={usersHref(query, { sort: column.key, dir: nextDir, page: 1 })}>
                    {column.label}
                    {icon}
                  </Link>
                </th>
              );
            })}
            <th scope="col" className="text-right">
              Actions
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">{children}</tbody>
      </table>
    </div>
  );
}
