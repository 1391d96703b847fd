"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RowMenusProps } from "@/components/ui/row-menu";
import { RowMenus, useRowActions, type MenuParts } from "@/components/ui/row-menus";
import {
  changeRoleAction,
  removeMemberAction,
  resetPasswordAction,
  setStatusAction,
} from "@/lib/people/actions";
import type { MemberRowData } from "./member-row";

type Dialog = "remove" | "disable" | "reset" | null;

/**
 * A member row's menus (loaded on the row's first use): only the items the viewer may use on this
 * person, and the confirmation dialogs some of them open.
 */
export function MemberRowMenus({
  row,
  onBusyChange,
  ...menus
}: RowMenusProps & { row: MemberRowData }) {
  const router = useRouter();
  const { run, confirm } = useRowActions(onBusyChange);
  const [dialog, setDialog] = useState<Dialog>(null);
  const { userId, abilities } = row;
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
      <RowMenus {...menus} items={items} />
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
