import { SearchX, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { InvitationRow } from "@/components/invitations/invitation-row";
import { InviteDialog } from "@/components/invitations/invite-dialog";
import { MemberRow } from "@/components/people/member-row";
import { usersHref, UsersTable } from "@/components/people/users-table";
import { UsersToolbar } from "@/components/people/users-toolbar";
import { NoAccess } from "@/components/shell/no-access";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { JoinRequestsBadge } from "@/components/workspaces/join-requests-badge";
import { requireActiveActor } from "@/lib/auth/require";
import { usersPageFor, usersQuery } from "@/lib/people";
import { ORG_ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage({ searchParams }: PageProps<"/users">) {
  const actor = await requireActiveActor();
  const page = await usersPageFor(actor, usersQuery.parse(await searchParams));
  if (!page) {
    return <NoAccess description="The Users page is for owners, admins and workspace managers." />;
  }
  const { query, total } = page;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Manage and invite users"
        description="Everyone in your organization, their role, status and workspaces."
        actions={
          <>
            <JoinRequestsBadge actor={actor} />
            {page.can.invite ? (
              <InviteDialog
                canChooseRole={page.can.chooseInviteRole}
                workspaceRequired={page.can.mustChooseWorkspace}
                workspaces={page.workspaces}
              />
            ) : null}
          </>
        }
      />
      <UsersToolbar workspaces={page.workspaces.map((w) => ({ value: w.id, label: w.path }))} />
      {total === 0 ? (
        page.filtered ? (
          <EmptyState
            icon={<SearchX />}
            title="No users match these filters"
            description="Try another name or email, or clear the filters to see everyone."
            action={
              <Link href="/users" className={buttonVariants({ variant: "outline" })}>
                Clear filters
              </Link>
            }
            bordered
          />
        ) : (
          <EmptyState
            icon={<Users />}
            title="Nobody here yet"
            description="People appear here once they belong to your organization or to your workspaces."
            bordered
          />
        )
      ) : (
        <UsersTable query={query} first={page.first} last={page.last} total={total}>
          {page.rows.map((row) =>
            row.kind === "member" ? (
              <MemberRow
                key={`member-${row.id}`}
                row={{ ...row, roleLabel: ORG_ROLE_LABELS[row.role] }}
              />
            ) : (
              <InvitationRow
                key={`invitation-${row.id}`}
                row={{ ...row, roleLabel: ORG_ROLE_LABELS[row.role] }}
              />
            ),
          )}
        </UsersTable>
      )}
      {total > 0 ? (
        <Pagination
          page={query.page}
          pages={page.pages}
          total={total}
          pageSize={query.size}
          previousHref={usersHref(query, { page: query.page - 1 })}
          nextHref={usersHref(query, { page: query.page + 1 })}
        />
      ) : null}
    </div>
  );
}
