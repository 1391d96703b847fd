"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { removeFromWorkspaceAction, setWorkspaceRoleAction } from "@/lib/workspaces/member-actions";
import { StatusBadge } from "@/components/ui/status-badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Pagination } from "@/components/ui/pagination";
import { toast } from "@/components/ui/toaster";
import { Select } from "@/components/ui/select";
import { SearchForm } from "./search-form";
import { defaultRoleKey, roleHint, roleWords, RoleSelectOptions } from "./role-options";
import type { RoleKey } from "@/lib/permissions/workspace-permissions";
import type { RoleOption, WorkspaceDetail, WorkspaceMemberRow } from "@/lib/workspaces";
import { LinkPending } from "@/components/ui/link-pending";

type MemberRow = WorkspaceMemberRow;
type AddablePerson = WorkspaceDetail["addable"]["people"][number];

/**
 * The people with a role in a workspace: effective role (a custom role by its name), where it is
 * inherited from, and, per person, a role picker and Remove for those who may change or remove
 * that person's role. The pickers offer only the roles the viewer may give here. An explicit role
 * may raise an inherited one, never lower it: the server refuses, naming the workspace where it
 * must change.
 */
export function WorkspaceMembers({
  workspace,
  members,
  memberList,
  pageSize,
  addable,
  canAdd,
  roleOptions,
}: {
  workspace: { id: string; name: string };
  /** This page of the members list. */
  members: MemberRow[];
  memberList: { q: string; page: number; pages: number; total: number };
  pageSize: number;
  /** People the viewer may add, found by `find` (the first few; `more` when others match). */
  addable: { find: string; people: AddablePerson[]; more: boolean };
  canAdd: boolean;
  /** The roles the viewer may give here: built-in, then the organization's custom roles. */
  roleOptions: RoleOption[];
}) {
  const [pending, startTransition] = useTransition();
  const [busyUser, setBusyUser] = useState<string | null>(null);
  const [removing, setRemoving] = useState<MemberRow | null>(null);
  const [addRoles, setAddRoles] = useState<Record<string, RoleKey>>({});
  const [addError, setAddError] = useState<{ userId: string; message: string } | null>(null);
  const base = `/workspaces/${workspace.id}`;
  const href = (params: { q?: string; page?: number; find?: string }) => {
    const search = new URLSearchParams();
    if (params.q) search.set("q", params.q);
    if (params.page && params.page > 1) search.set("page", String(params.page));
    if (params.find) search.set("find", params.find);
    const text = search.toString();
    return text ? `${base}?${text}` : base;
  };

  const optionOf = (key: string) => roleOptions.find((o) => o.key === key);
  const defaultRole = defaultRoleKey(roleOptions);

  function setRole(member: { userId: string; name: string }, role: RoleOption, added = false) {
    setBusyUser(member.userId);
    startTransition(async () => {
      const result = await setWorkspaceRoleAction({
        userId: member.userId,
        workspaceId: workspace.id,
        role: role.key,
      });
      // busyUser stays set: it counts only while `pending`, which lasts until the refresh is in.
      const label = roleWords(role);
      if (result.ok) {
        toast.success(
          added
            ? `Added ${member.name} to ${workspace.name} as ${label}`
            : `${member.name} is now ${label} of ${workspace.name}`,
        );
      } else {
        toast.error(result.error);
        if (added) setAddError({ userId: member.userId, message: result.error });
      }
    });
  }

  const canRemoveSome = members.some((m) => m.canRemove);
  const canAddHere = canAdd && defaultRole !== undefined;

  return (
    <div className="flex flex-col gap-5" aria-busy={pending || undefined}>
      {memberList.total > 0 || memberList.q ? (
        <SearchForm
          action={base}
          label={`Search the members of ${workspace.name}`}
          field={{ id: "members-q", name: "q", label: "Search members", value: memberList.q }}
          keep={{ find: addable.find }}
          button="Search"
          clearHref={memberList.q ? href({ find: addable.find }) : undefined}
        />
      ) : null}
      {members.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {memberList.q
            ? `Nobody with a role in ${workspace.name} matches “${memberList.q}”.`
            : `Nobody has a role in ${workspace.name} yet${canAddHere ? ": add someone below." : "."}`}
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[32rem] text-left text-sm">
            <caption className="sr-only">Members of {workspace.name}</caption>
            <thead className="text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Name
                </th>
                <th scope="col" className="py-2 pr-3 font-medium">
                  Role
                </th>
                {canRemoveSome ? (
                  <th scope="col" className="py-2 text-right font-medium">
                    <span className="sr-only">Remove</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {members.map((member) => {
                const selectId = `member-role-${member.userId}`;
                const busy = pending && busyUser === member.userId;
                return (
                  <tr key={member.userId} aria-busy={busy || undefined}>
                    <td className="py-2.5 pr-3 align-top">
                      <span className="flex flex-wrap items-center gap-2">
                        <span className="font-medium">{member.name}</span>
                        {member.status !== "active" ? <StatusBadge status={member.status} /> : null}
                      </span>
                      <span className="block text-xs text-muted-foreground">{member.email}</span>
                    </td>
                    <td className="py-2.5 pr-3 align-top">
                      {member.canChange ? (
                        <>
                          <label className="sr-only" htmlFor={selectId}>
                            Role of {member.name} in {workspace.name}
                          </label>
                          <Select
                            id={selectId}
                            size="sm"
                            className="w-48"
                            disabled={pending}
                            value={member.explicitRole?.key ?? ""}
                            title={member.explicitRole?.recipe ?? undefined}
                            aria-describedby={
                              member.inheritedFrom ? `${selectId}-inherited` : undefined
                            }
                            onChange={(event) => {
                              const role = optionOf(event.target.value);
                              if (role) setRole(member, role);
                            }}
                          >
                            {member.explicitRole === null ? (
                              <option value="">{`${member.effectiveRole.label} (inherited)`}</option>
                            ) : null}
                            <RoleSelectOptions
                              options={roleOptions}
                              current={member.explicitRole}
                            />
                          </Select>
                        </>
                      ) : (
                        <span
                          className="font-medium"
                          title={member.effectiveRole.recipe ?? undefined}
                        >
                          {member.effectiveRole.label}
                        </span>
                      )}
                      {member.inheritedFrom ? (
                        <span
                          id={`${selectId}-inherited`}
                          className="mt-1 block text-xs text-muted-foreground"
                        >
                          {member.effectiveRole.label}, inherited from{" "}
                          <Link
                            href={`/workspaces/${member.inheritedFrom.id}`}
                            className="font-medium text-link underline-offset-4 hover:underline"
                          >
                            {member.inheritedFrom.name}
                            <LinkPending />
                          </Link>
                          {member.explicitRole
                            ? ` (their own role here, ${roleWords(member.explicitRole)}, is lower)`
                            : null}
                        </span>
                      ) : member.explicitRole?.recipe && member.canChange ? (
                        <span className="mt-1 block text-xs text-muted-foreground">
                          {member.explicitRole.recipe}
                        </span>
                      ) : null}
                    </td>
                    {canRemoveSome ? (
                      <td className="py-2.5 text-right align-top">
                        {member.canRemove ? (
                          <Button
                            type="button"
                            variant="ghost"
                            size="sm"
                            disabled={pending}
                            onClick={() => setRemoving(member)}
                          >
                            Remove<span className="sr-only"> {member.name}</span>
                          </Button>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}

      {memberList.pages > 1 ? (
        <Pagination
          label={`Pages of ${workspace.name}'s members`}
          page={memberList.page}
          pages={memberList.pages}
          total={memberList.total}
          pageSize={pageSize}
          previousHref={href({ q: memberList.q, page: memberList.page - 1, find: addable.find })}
          nextHref={href({ q: memberList.q, page: memberList.page + 1, find: addable.find })}
        />
      ) : null}

      {canAddHere ? (
        <section
          aria-labelledby="add-someone-title"
          className="flex flex-col gap-3 border-t border-border pt-4"
        >
          <h3 id="add-someone-title" className="text-sm font-semibold">
            Add someone to {workspace.name}
          </h3>
          <SearchForm
            action={base}
            label={`Find someone to add to ${workspace.name}`}
            field={{
              id: "add-find",
              name: "find",
              label: "Find someone to add",
              value: addable.find,
            }}
            keep={{ q: memberList.q, page: memberList.page > 1 ? String(memberList.page) : "" }}
            button="Find"
          />
          {addable.people.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              {addable.find
                ? `Nobody you may add matches “${addable.find}”.`
                : "Everyone you may add already has a role here."}
            </p>
          ) : (
            <ul
              aria-label={`People you may add to ${workspace.name}`}
              className="flex flex-col divide-y divide-border text-sm"
            >
              {addable.people.map((person) => {
                const roleId = `add-role-${person.userId}`;
                const role = optionOf(addRoles[person.userId] ?? defaultRole) ?? roleOptions[0]!;
                const error = addError?.userId === person.userId ? addError.message : null;
                const hint = roleHint(role);
                const describedBy = [
                  hint ? `${roleId}-hint` : null,
                  error ? `${roleId}-error` : null,
                ]
                  .filter(Boolean)
                  .join(" ");
                return (
                  <li
                    key={person.userId}
                    aria-label={person.name}
                    className="flex flex-wrap items-center gap-x-3 gap-y-2 py-2"
                  >
                    <span className="min-w-0 flex-1">
                      <span className="block font-medium">{person.name}</span>
                      <span className="block truncate text-xs text-muted-foreground">
                        {person.email}
                      </span>
                    </span>
                    <label className="sr-only" htmlFor={roleId}>
                      Role for {person.name}
                    </label>
                    <Select
                      id={roleId}
                      size="sm"
                      className="w-36"
                      value={role.key}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={describedBy || undefined}
                      onChange={(event) => {
                        const chosen = optionOf(event.target.value);
                        if (chosen) setAddRoles((r) => ({ ...r, [person.userId]: chosen.key }));
                      }}
                    >
                      <RoleSelectOptions options={roleOptions} />
                    </Select>
                    <Button
                      type="button"
                      variant="outline"
                      size="sm"
                      disabled={pending && busyUser !== person.userId}
                      pending={pending && busyUser === person.userId}
                      onClick={() => {
                        setAddError(null);
                        setRole(person, role, true);
                      }}
                    >
                      Add<span className="sr-only"> {person.name}</span>
                    </Button>
                    {hint ? (
                      <p id={`${roleId}-hint`} className="basis-full text-xs text-muted-foreground">
                        {hint}
                      </p>
                    ) : null}
                    {error ? (
                      <p
                        id={`${roleId}-error`}
                        role="alert"
                        className="basis-full text-[13px] leading-5 font-medium text-danger"
                      >
                        {error}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
          {addable.more ? (
            <p className="text-[13px] text-muted-foreground">
              More people match: search by name or email to find someone else.
            </p>
          ) : null}
        </section>
      ) : null}

      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={removing ? `Remove ${removing.name} from ${workspace.name}?` : ""}
        description={
          removing ? (
            <>
              <strong>{removing.name}</strong> loses their role in <strong>{workspace.name}</strong>{" "}
              and in every workspace below it that they only had through it. They stay in the
              organization.
            </>
          ) : null
        }
        confirmLabel="Remove from workspace"
        destructive
        onConfirm={async () => {
          if (!removing) return false;
          const result = await removeFromWorkspaceAction({
            userId: removing.userId,
            workspaceId: workspace.id,
          });
          if (!result.ok) {
            toast.error(result.error);
            return false;
          }
          toast.success(`${removing.name} was removed from ${workspace.name}`);
          return true;
        }}
      />
    </div>
  );
}
