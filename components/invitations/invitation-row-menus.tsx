"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { RowMenusProps } from "@/components/ui/row-menu";
import { RowMenus, useRowActions, type MenuParts } from "@/components/ui/row-menus";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/invitations/actions";
import { invitationHref, type InvitationRowData } from "./invitation-row";

/**
 * An invitation row's menus (loaded on the row's first use): Edit user, Resend invitation and
 * Revoke invitation, which asks first.
 */
export function InvitationRowMenus({
  row,
  onBusyChange,
  ...menus
}: RowMenusProps & { row: InvitationRowData }) {
  const router = useRouter();
  const { run, confirm } = useRowActions(onBusyChange);
  const [revoking, setRevoking] = useState(false);

  function items({ Item, Separator }: MenuParts) {
    return (
      <>
        <Item onSelect={() => router.push(invitationHref(row.id))}>Edit user</Item>
        <Item
          onSelect={() =>
            run(async () => {
              const result = await resendInvitationAction({ invitationId: row.id });
              if (result.ok && result.emailStatus === "failed") {
                return {
                  ok: false,
                  error: `The invitation was renewed, but the email to ${row.email} couldn't be sent. Try again later.`,
                };
              }
              return result;
            }, `Invitation sent again to ${row.email}`)
          }
        >
          Resend invitation
        </Item>
        <Separator />
        <Item variant="destructive" onSelect={() => setRevoking(true)}>
          Revoke invitation
        </Item>
      </>
    );
  }

  return (
    <>
      <RowMenus {...menus} items={items} />
      <ConfirmDialog
        open={revoking}
        onOpenChange={setRevoking}
        title={`Revoke ${row.name}'s invitation?`}
        description={
          <>
            The invitation link sent to <strong>{row.email}</strong> stops working at once. You can
            invite them again later.
          </>
        }
        confirmLabel="Revoke invitation"
        destructive
        onConfirm={() =>
          confirm(
            () => revokeInvitationAction({ invitationId: row.id }),
            `${row.name}'s invitation was revoked`,
          )
        }
      />
    </>
  );
}
