import type { Metadata } from "next";
import Link from "next/link";
import { InvitationRow, type InvitationRowData } from "@/components/invitations/invitation-row";
import { InviteDialog } from "@/components/invitations/invite-dialog";
import { ACCESS_REVIEW_PATH, AccessReviewButton } from "@/components/people/access-review-button";
import { MemberRow, type MemberRowData } from "@/components/people/member-row";
import { usersHref, UsersTable } from "@/components/people/users-table";
import { UsersToolbar } from "@/components/people/users-toolbar";
import { NoAccess } from "@/components/shell/no-access";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Icon } from "@/components/ui/icon";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { RowsByKind, type RowOfKind } from "@/components/ui/rows-by-kind";
import { JoinRequestsBadge } from "@/components/workspaces/join-requests-badge";
import { requireActiveActor } from "@/lib/auth/require";
import { usersPageFor, usersQuery, type UsersPageRow } from "@/lib/people";
import { ORG_ROLE_LABELS } from "@/lib/permissions";

export const metadata: Metadata = { title: "Users" };

type UsersRows = { member: MemberRowData; invitation: InvitationRowData };

/** The viewer's workspaces to filter by (JSON), loaded when first needed. */
const WORKSPACE_CHOICES = "/api/users/workspace-choices";
/** The invite modal's workspaces and roles (JSON), loaded when it is first opened. */
const INVITE_CHOICES = "/api/users/invite-choices";

/** What a row's component needs, and no more: the page's React data carries it for every row. */
function rowOf(row: UsersPageRow): RowOfKind<UsersRows> {
  const common = {
    name: row.name,
    email: row.email,
    roleLabel: ORG_ROLE_LABELS[row.role],
    status: row.status,
    workspaceCount: row.workspaceCount,
  };
  return row.kind === "member"
    ? {
        kind: "member",
        props: { ...common, userId: row.userId, role: row.role, abilities: row.abilities },
      }
    : {
        kind: "invitation",
        props: { ...common, id: row.id, emailStatus: row.emailStatus, canManage: row.canManage },
      };
}

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
            {page.can.exportAccessReview ? (
              <AccessReviewButton href={ACCESS_REVIEW_PATH} scope="the whole organization" />
            ) : null}
            {page.can.invite ? (
              <InviteDialog
                canChooseRole={page.can.chooseInviteRole}
                workspaceRequired={page.can.mustChooseWorkspace}
                choices={{ url: INVITE_CHOICES }}
              />
            ) : null}
          </>
        }
      />
      <UsersToolbar
        workspaceFilter={
          page.workspaces.length > 0
            ? {
                url: WORKSPACE_CHOICES,
                chosen: page.workspaces.find((w) => w.id === query.workspace) ?? null,
              }
            : null
        }
        workspaceRoles={page.workspaceRoles}
      />
      {total === 0 ? (
        page.filtered ? (
          <EmptyState
            icon={<Icon name="search-x" />}
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
            icon={<Icon name="users" />}
            title="Nobody here yet"
            description="People appear here once they belong to your organization or to your workspaces."
            bordered
          />
        )
      ) : (
        <UsersTable query={query} first={page.first} last={page.last} total={total}>
          <RowsByKind<UsersRows>
            rows={page.rows.map(rowOf)}
            components={{ member: MemberRow, invitation: InvitationRow }}
            keys={{ member: "userId", invitation: "id" }}
          />
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
