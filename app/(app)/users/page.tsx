import { ArrowDown, ArrowUp, ArrowUpDown, SearchX, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { JoinRequestsBadge } from "@/components/workspaces/join-requests-badge";
import { EditLink, UserRow, type RowAbilities } from "@/components/people/user-row";
import { NoAccess } from "@/components/shell/no-access";
import { buttonVariants } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Pagination } from "@/components/ui/pagination";
import { requireActiveActor } from "@/lib/auth/require";
import { loadWorkspaceTree } from "@/lib/people/queries";
import { listUsers, type UserListRow } from "@/lib/people/users-list";
import { getDb } from "@/lib/db";
import {
  can,
  personaOf,
  type WorkspaceTree,
  ORG_ROLE_LABELS,
  type Actor,
  type Target,
} from "@/lib/permissions";
import { cn } from "@/lib/utils/cn";
import { usersQuery, type UserSort, type UsersQuery } from "@/lib/people/schemas";
import { InviteDialog } from "@/components/invitations/invite-dialog";
import { UsersToolbar } from "@/components/people/users-toolbar";

export const metadata: Metadata = { title: "Users" };

function abilitiesFor(actor: Actor, tree: WorkspaceTree, row: UserListRow): RowAbilities {
  const none: RowAbilities = {
    resendInvitation: false,
    revokeInvitation: false,
    edit: false,
    changeRole: false,
    resetPassword: false,
    setStatus: false,
    remove: false,
  };
  if (row.kind === "invitation") {
    const manage = can(actor, "invitations.manage", {
      kind: "invitation",
      organizationId: actor.organizationId,
      role: row.role,
      workspaceIds: row.workspaceIds,
    });
    return { ...none, resendInvitation: manage, revokeInvitation: manage };
  }
  if (!row.userId) return none;
  const effective = new Set(row.workspaceIds);
  for (const id of row.workspaceIds)
    for (const node of tree.descendants(id)) effective.add(node.id);
  const target: Target = {
    kind: "user",
    organizationId: actor.organizationId,
    userId: row.userId,
    orgRole: row.role,
    workspaceIds: [...effective],
  };
  const canSetSomeWorkspace = [...actor.managedWorkspaceIds].some((workspaceId) =>
    can(actor, "users.setWorkspaceRoles", { ...target, workspaceId }),
  );
  return {
    ...none,
    edit: can(actor, "users.editProfile", target) || canSetSomeWorkspace,
    changeRole:
      can(actor, "users.changeOrgRole", { ...target, newRole: "admin" }) &&
      can(actor, "users.changeOrgRole", { ...target, newRole: "member" }),
    resetPassword: can(actor, "users.resetPassword", target),
    setStatus: can(actor, "users.setStatus", target),
    remove: can(actor, "users.remove", target),
  };
}

function toSearch(
  query: UsersQuery,
  changes: Partial<Record<keyof UsersQuery, string | number | undefined>>,
) {
  const merged: Record<string, string | number | undefined> = { ...query, ...changes };
  const params = new URLSearchParams();
  const defaults: Record<string, string | number> = { sort: "name", dir: "asc", page: 1, size: 25 };
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === "" || defaults[key] === value) continue;
    params.set(key, String(value));
  }
  const s = params.toString();
  return s ? `/users?${s}` : "/users";
}

const COLUMNS: { key: UserSort; label: string; className?: string }[] = [
  { key: "name", label: "Name" },
  { key: "email", label: "Email" },
  { key: "role", label: "Role" },
  { key: "status", label: "Status" },
  { key: "workspaces", label: "Workspaces", className: "text-right" },
];

export default async function UsersPage({ searchParams }: PageProps<"/users">) {
  const actor = await requireActiveActor();
  if (
    !actor ||
    !can(actor, "users.view", { kind: "organization", organizationId: actor.organizationId })
  ) {
    return <NoAccess description="The Users page is for owners, admins and workspace managers." />;
  }
  const query = usersQuery.parse(await searchParams);
  const db = await getDb();
  const [{ rows, total }, tree] = await Promise.all([
    listUsers(actor, query),
    loadWorkspaceTree(db, actor.organizationId),
  ]);
  const pages = Math.max(1, Math.ceil(total / query.size));
  const filtered = Boolean(query.q || query.role || query.status || query.workspace);
  const visibleWorkspaces = tree
    .all()
    .filter((w) => actor.orgRole !== "member" || actor.managedWorkspaceIds.has(w.id))
    .map((w) => ({ value: w.id, label: tree.path(w.id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const first = total === 0 ? 0 : (query.page - 1) * query.size + 1;
  const last = Math.min(total, query.page * query.size);
  const orgTarget = { kind: "organization" as const, organizationId: actor.organizationId };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Manage and invite users"
        description="Everyone in your organization, their role, status and workspaces."
        actions={
          <>
            <JoinRequestsBadge actor={actor} />
            {can(actor, "users.invite", orgTarget) ? (
              <InviteDialog
                canChooseRole={can(actor, "invitations.chooseOrgRole", orgTarget)}
                workspaceRequired={personaOf(actor) === "manager"}
                workspaces={visibleWorkspaces.map((w) => ({ id: w.value, path: w.label }))}
              />
            ) : null}
          </>
        }
      />
      <UsersToolbar workspaces={visibleWorkspaces} />
      {total === 0 ? (
        filtered ? (
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
        <div className="overflow-x-auto rounded-lg border border-border">
          <table className="w-full min-w-[48rem] text-left text-sm">
            <caption className="sr-only">
              Users {first}–{last} of {total}, sorted by {query.sort}{" "}
              {query.dir === "asc" ? "ascending" : "descending"}. Right-click a row, or use its
              actions button, for more.
            </caption>
            <thead className="bg-muted/50 text-xs text-muted-foreground">
              <tr>
                {COLUMNS.map((column) => {
                  const active = query.sort === column.key;
                  const nextDir = active && query.dir === "asc" ? "desc" : "asc";
                  const Icon = active ? (query.dir === "asc" ? ArrowUp : ArrowDown) : ArrowUpDown;
                  return (
                    <th
                      key={column.key}
                      scope="col"
                      aria-sort={
                        active ? (query.dir === "asc" ? "ascending" : "descending") : undefined
                      }
                      className={cn("px-4 py-2.5 font-medium", column.className)}
                    >
                      <Link
                        href={toSearch(query, { sort: column.key, dir: nextDir, page: 1 })}
                        className="inline-flex items-center gap-1 rounded hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
                      >
                        {column.label}
                        <Icon
                          className={cn("size-3.5", !active && "opacity-40")}
                          aria-hidden="true"
                        />
                      </Link>
                    </th>
                  );
                })}
                <th scope="col" className="px-4 py-2.5 text-right font-medium">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((row) => {
                const abilities = abilitiesFor(actor, tree, row);
                const name = `${row.firstName} ${row.lastName}`;
                return (
                  <UserRow
                    key={`${row.kind}-${row.id}`}
                    abilities={abilities}
                    row={{
                      kind: row.kind,
                      id: row.id,
                      userId: row.userId,
                      name,
                      email: row.email,
                      role: row.role,
                      roleLabel: ORG_ROLE_LABELS[row.role],
                      status: row.status,
                      workspaceCount: row.workspaceCount,
                      emailFailed: row.emailFailed,
                    }}
                  >
                    <td className="px-4 py-2">
                      <EditLink href={abilities.edit && row.userId ? `/users/${row.userId}` : null}>
                        {name}
                      </EditLink>
                    </td>
                    <td className="px-4 py-2 text-muted-foreground">{row.email}</td>
                    <td className="px-4 py-2">{ORG_ROLE_LABELS[row.role]}</td>
                  </UserRow>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 ? (
        <Pagination
          page={query.page}
          pages={pages}
          total={total}
          pageSize={query.size}
          previousHref={toSearch(query, { page: query.page - 1 })}
          nextHref={toSearch(query, { page: query.page + 1 })}
        />
      ) : null}
    </div>
  );
}
