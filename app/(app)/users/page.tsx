import { Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { StatusBadge } from "@/components/people/status-badge";
import { NoAccess } from "@/components/shell/no-access";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getActor } from "@/lib/auth/caller";
import { listMembers } from "@/lib/data/members";
import { can, ORG_ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Users" };

const PAGE_SIZE = 50;

export default async function UsersPage({ searchParams }: PageProps<"/users">) {
  const actor = await getActor();
  if (
    !actor ||
    !can(actor, "users.view", { kind: "organization", organizationId: actor.organizationId })
  ) {
    return <NoAccess description="The Users page is for owners, admins and workspace managers." />;
  }
  const pageParam = Number((await searchParams).page);
  const page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
  const { rows, total } = await listMembers(actor, { page, pageSize: PAGE_SIZE });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Manage and invite users"
        description="Everyone in your organization, their role and their status."
      />
      {total === 0 ? (
        <EmptyState
          icon={<Users />}
          title="Nobody here yet"
          description="People appear here once they belong to your organization or to your workspaces."
          bordered
        />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">
              Users, page {page} of {pages}
            </caption>
            <thead className="bg-muted/50 text-xs font-medium text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Name
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Email
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Role
                </th>
                <th scope="col" className="px-4 py-2.5 font-medium">
                  Status
                </th>
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  Workspaces
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((row) => (
                <tr key={row.membershipId} className="hover:bg-muted/40">
                  <td className="px-4 py-2.5 font-medium text-foreground">{row.name}</td>
                  <td className="px-4 py-2.5 text-muted-foreground">{row.email}</td>
                  <td className="px-4 py-2.5">{ORG_ROLE_LABELS[row.role]}</td>
                  <td className="px-4 py-2.5">
                    <StatusBadge status={row.status} />
                  </td>
                  <td className="px-4 py-2.5 text-right tabular-nums">{row.workspaceCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 ? (
        <nav
          aria-label="Pagination"
          className="flex items-center justify-between text-sm text-muted-foreground"
        >
          <span>
            Page {page} of {pages} · {total} people
          </span>
          <span className="flex gap-2">
            {page > 1 ? (
              <Link
                className={buttonVariants({ variant: "outline", size: "sm" })}
                href={`/users?page=${page - 1}`}
              >
                Previous
              </Link>
            ) : null}
            {page < pages ? (
              <Link
                className={buttonVariants({ variant: "outline", size: "sm" })}
                href={`/users?page=${page + 1}`}
              >
                Next
              </Link>
            ) : null}
          </span>
        </nav>
      ) : null}
    </div>
  );
}
