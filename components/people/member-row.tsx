"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MenuRow, useRowActions, type MenuParts } from "@/components/ui/row-menu";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";
import {
  changeRoleAction,
  removeMemberAction,
  resetPasswordAction,
  setStatusAction,
} from "@/lib/people/actions";
import type { MemberAbilities } from "@/lib/people/users-page";

export interface MemberRowData {
  userId: string;
  name: string;
  email: string;
  role: "owner" | "admin" | "member";
  roleLabel: string;
  status: PersonStatus;
  workspaceCount: number;
  /** What the viewer may do to this person (decided on the server by the permission matrix). */
  abilities: MemberAbilities;
}

type Dialog = "remove" | "disable" | "reset" | null;

/**
 * A member in the Users list. Right-click anywhere on it, or its ⋯ button, opens the same menu,
 * holding only the items the viewer may use on this person.
 */
export function MemberRow({ row }: { row: MemberRowData }) {
  const router = useRouter();
  const { pending, run, confirm } = useRowActions();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { userId, abilities } = row;
  const hasItems = Object.values(abilities).some(Boolean);
  const dialogProps = (name: Exclude<Dialog, null>) => ({
    open: dialog === name,
    onOpenChange: (open: boolean) => setDialog(open ? name : null),
  });

  function items({
    Item,
    Sub,
    SubTrigger,
    SubContent,
    RadioGroup,
    RadioItem,
    Separator,
  }: MenuParts) {
    const destructive = abilities.setStatus || abilities.remove;
    return (
      <>
        {abilities.edit ? (
          <Item onSelect={() => router.push(`/users/${userId}`)}>Edit user</Item>
        ) : null}
        {abilities.changeRole ? (
          <Sub>
            <SubTrigger>Change role</SubTrigger>
            <SubContent>
              <RadioGroup
                value={row.role}
                onValueChange={(value) => {
                  if ((value === "admin" || value === "member") && value !== row.role) {
                    run(
                      () => changeRoleAction({ userId, role: value }),
                      `${row.name} is now ${value === "admin" ? "an admin" : "a member"}`,
                    );
                  }
                }}
              >
                <RadioItem value="admin">Admin</RadioItem>
                <RadioItem value="member">Member</RadioItem>
              </RadioGroup>
            </SubContent>
          </Sub>
        ) : null}
        {abilities.resetPassword ? (
          <Item onSelect={() => setDialog("reset")}>Reset password</Item>
        ) : null}
        {destructive && (abilities.edit || abilities.changeRole || abilities.resetPassword) ? (
          <Separator />
        ) : null}
        {abilities.setStatus ? (
          row.status === "disabled" ? (
            <Item
              onSelect={() =>
                run(
                  () => setStatusAction({ userId, status: "active" }),
                  `${row.name} is enabled again`,
                )
              }
            >
              Enable
            </Item>
          ) : (
            <Item onSelect={() => setDialog("disable")}>Disable</Item>
          )
        ) : null}
        {abilities.remove ? (
          <Item variant="destructive" onSelect={() => setDialog("remove")}>
            Remove from organization…
          </Item>
        ) : null}
      </>
    );
  }

  return (
    <>
      <MenuRow
        label={`Actions for ${row.name}`}
        items={items}
        hasItems={hasItems}
        pending={pending}
      >
        <td className="px-4 py-2">
          {abilities.edit ? (
            <Link
              href={`/users/${userId}`}
              className="font-medium text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              {row.name}
            </Link>
          ) : (
            row.name
          )}
        </td>
        <td className="px-4 py-2 text-muted-foreground">{row.email}</td>
        <td className="px-4 py-2">{row.roleLabel}</td>
        <td className="px-4 py-2">
          <StatusBadge status={row.status} />
        </td>
        <td className="px-4 py-2 text-right tabular-nums">{row.workspaceCount}</td>
      </MenuRow>
      {abilities.remove ? (
        <ConfirmDialog
          {...dialogProps("remove")}
          title={`Remove ${row.name} from the organization?`}
          description={
            <>
              <strong>{row.name}</strong> ({row.email}) loses access at once, with their workspace
              roles and pending invitations here. If they belong to no other organization, their
              account is deleted. The audit log keeps their history.
            </>
          }
          confirmLabel="Remove from organization"
          destructive
          onConfirm={() =>
            confirm(
              () => removeMemberAction({ userId }),
              `${row.name} was removed from the organization`,
            )
          }
        />
      ) : null}
      {abilities.setStatus ? (
        <ConfirmDialog
          {...dialogProps("disable")}
          title={`Disable ${row.name}?`}
          description={
            <>
              <strong>{row.name}</strong> loses access to this organization on their next click.
              Nothing is deleted: you can enable them again at any time.
            </>
          }
          confirmLabel="Disable"
          destructive
          onConfirm={() =>
            confirm(
              () => setStatusAction({ userId, status: "disabled" }),
              `${row.name} is disabled`,
            )
          }
        />
      ) : null}
      {abilities.resetPassword ? (
        <ConfirmDialog
          {...dialogProps("reset")}
          title={`Reset ${row.name}'s password?`}
          description={
            <>
              We&apos;ll email <strong>{row.email}</strong> a link to choose a new password, valid
              for one hour, and sign them out everywhere. You never see their password.
            </>
          }
          confirmLabel="Send reset link"
          onConfirm={() =>
            confirm(() => resetPasswordAction({ userId }), `Reset link sent to ${row.email}`)
          }
        />
      ) : null}
    </>
  );
}
