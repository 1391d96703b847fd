"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { MenuRow, useRowActions, type MenuParts } from "@/components/ui/row-menu";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/invitations/actions";

export interface InvitationRowData {
  id: string;
  name: string;
  email: string;
  roleLabel: string;
  status: PersonStatus;
  workspaceCount: number;
  emailStatus: "queued" | "sent" | "failed" | null;
  /** The viewer may edit, resend or revoke it (decided on the server by the permission matrix). */
  canManage: boolean;
}

const EMAIL_STATUS_LABELS = {
  queued: "Email queued",
  sent: "Email sent",
  failed: "Email failed",
} as const;

/** Where Edit user opens an invitee. */
export const invitationHref = (id: string) => `/users/invitations/${id}`;

/**
 * An invitation in the Users list, with Edit user, Resend invitation and Revoke invitation in its
 * menu (right-click or ⋯), for viewers who may manage it.
 */
export function InvitationRow({ row }: { row: InvitationRowData }) {
  const router = useRouter();
  const { pending, run, confirm } = useRowActions();
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
      <MenuRow
        label={`Actions for ${row.name}`}
        items={items}
        hasItems={row.canManage}
        pending={pending}
      >
        <td className="px-4 py-2">
          {row.canManage ? (
            <Link
              href={invitationHref(row.id)}
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
          {row.emailStatus ? (
            <span
              className={
                row.emailStatus === "failed"
                  ? "ml-2 text-xs font-medium text-danger"
                  : "ml-2 text-xs text-muted-foreground"
              }
            >
              {EMAIL_STATUS_LABELS[row.emailStatus]}
            </span>
          ) : null}
        </td>
        <td className="px-4 py-2 text-right tabular-nums">{row.workspaceCount}</td>
      </MenuRow>
      {row.canManage ? (
        <ConfirmDialog
          open={revoking}
          onOpenChange={setRevoking}
          title={`Revoke ${row.name}'s invitation?`}
          description={
            <>
              The invitation link sent to <strong>{row.email}</strong> stops working at once. You
              can invite them again later.
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
      ) : null}
    </>
  );
}
