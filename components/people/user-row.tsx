"use client";

import { MoreHorizontal } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import {
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/invitations/actions";
import {
  changeRoleAction,
  removeMemberAction,
  resetPasswordAction,
  setStatusAction,
} from "@/lib/people/actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import * as CM from "@/components/ui/context-menu";
import * as DM from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/utils/cn";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";

/** What this viewer may do to this row, decided on the server by the permission matrix. */
export interface RowAbilities {
  resendInvitation: boolean;
  revokeInvitation: boolean;
  edit: boolean;
  changeRole: boolean;
  resetPassword: boolean;
  setStatus: boolean;
  remove: boolean;
}

export interface UserRowData {
  kind: "member" | "invitation";
  id: string;
  userId: string | null;
  name: string;
  email: string;
  role: "owner" | "admin" | "member";
  roleLabel: string;
  status: PersonStatus;
  workspaceCount: number;
  emailFailed: boolean;
}

type Dialog = "remove" | "disable" | "reset" | "revoke" | null;
type ActionResult = { ok: true } | { ok: false; error: string };

interface MenuParts {
  Item: typeof DM.DropdownMenuItem | typeof CM.ContextMenuItem;
  Sub: typeof DM.DropdownMenuSub | typeof CM.ContextMenuSub;
  SubTrigger: typeof DM.DropdownMenuSubTrigger | typeof CM.ContextMenuSubTrigger;
  SubContent: typeof DM.DropdownMenuSubContent | typeof CM.ContextMenuSubContent;
  RadioGroup: typeof DM.DropdownMenuRadioGroup | typeof CM.ContextMenuRadioGroup;
  RadioItem: typeof DM.DropdownMenuRadioItem | typeof CM.ContextMenuRadioItem;
  Separator: typeof DM.DropdownMenuSeparator | typeof CM.ContextMenuSeparator;
}

const DROPDOWN: MenuParts = {
  Item: DM.DropdownMenuItem,
  Sub: DM.DropdownMenuSub,
  SubTrigger: DM.DropdownMenuSubTrigger,
  SubContent: DM.DropdownMenuSubContent,
  RadioGroup: DM.DropdownMenuRadioGroup,
  RadioItem: DM.DropdownMenuRadioItem,
  Separator: DM.DropdownMenuSeparator,
};
const CONTEXT: MenuParts = {
  Item: CM.ContextMenuItem,
  Sub: CM.ContextMenuSub,
  SubTrigger: CM.ContextMenuSubTrigger,
  SubContent: CM.ContextMenuSubContent,
  RadioGroup: CM.ContextMenuRadioGroup,
  RadioItem: CM.ContextMenuRadioItem,
  Separator: CM.ContextMenuSeparator,
};

/**
 * One row of the Users list. Right-click anywhere on it, or its ⋯ button, opens the same menu,
 * holding only the items the viewer may use on this person.
 */
export function UserRow({
  row,
  abilities,
  children,
}: {
  row: UserRowData;
  abilities: RowAbilities;
  children: ReactNode;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [dialog, setDialog] = useState<Dialog>(null);
  const userId = row.userId;
  const disabled = row.status === "disabled";
  const hasItems = Object.values(abilities).some(Boolean);

  function run(action: () => Promise<ActionResult>, success: string) {
    startTransition(async () => {
      const result = await action();
      if (result.ok) toast.success(success);
      else toast.error(result.error);
    });
  }

  async function confirm(action: () => Promise<ActionResult>, success: string): Promise<boolean> {
    const result = await action();
    if (!result.ok) {
      toast.error(result.error);
      return false;
    }
    toast.success(success);
    return true;
  }

  function items(parts: MenuParts) {
    const { Item, Sub, SubTrigger, SubContent, RadioGroup, RadioItem, Separator } = parts;
    if (row.kind === "invitation") {
      return (
        <>
          {abilities.resendInvitation ? (
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
          ) : null}
          {abilities.revokeInvitation ? (
            <Item variant="destructive" onSelect={() => setDialog("revoke")}>
              Revoke invitation
            </Item>
          ) : null}
        </>
      );
    }
    if (!userId) return null;
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
          disabled ? (
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
      <CM.ContextMenu>
        <CM.ContextMenuTrigger asChild disabled={!hasItems}>
          <tr
            className={cn(
              "group hover:bg-muted/40 data-[state=open]:bg-muted/60",
              pending && "opacity-60",
            )}
            aria-busy={pending || undefined}
          >
            {children}
            <td className="px-4 py-2">
              <StatusBadge status={row.status} />
              {row.emailFailed ? (
                <span className="ml-2 text-xs font-medium text-danger">Email failed</span>
              ) : null}
            </td>
            <td className="px-4 py-2 text-right tabular-nums">{row.workspaceCount}</td>
            <td className="w-12 px-2 py-1 text-right">
              {hasItems ? (
                <DM.DropdownMenu>
                  <DM.DropdownMenuTrigger
                    aria-label={`Actions for ${row.name}`}
                    className="inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring data-[state=open]:bg-accent"
                  >
                    <MoreHorizontal className="size-4" aria-hidden="true" />
                  </DM.DropdownMenuTrigger>
                  <DM.DropdownMenuContent className="w-56">
                    {items(DROPDOWN)}
                  </DM.DropdownMenuContent>
                </DM.DropdownMenu>
              ) : null}
            </td>
          </tr>
        </CM.ContextMenuTrigger>
        {hasItems ? (
          <CM.ContextMenuContent className="w-56">{items(CONTEXT)}</CM.ContextMenuContent>
        ) : null}
      </CM.ContextMenu>

      {row.kind === "invitation" ? (
        <ConfirmDialog
          open={dialog === "revoke"}
          onOpenChange={(open) => setDialog(open ? "revoke" : null)}
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
      {userId ? (
        <>
          <ConfirmDialog
            open={dialog === "remove"}
            onOpenChange={(open) => setDialog(open ? "remove" : null)}
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
          <ConfirmDialog
            open={dialog === "disable"}
            onOpenChange={(open) => setDialog(open ? "disable" : null)}
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
          <ConfirmDialog
            open={dialog === "reset"}
            onOpenChange={(open) => setDialog(open ? "reset" : null)}
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
        </>
      ) : null}
    </>
  );
}

export function EditLink({ href, children }: { href: string | null; children: ReactNode }) {
  if (!href) return <>{children}</>;
  return (
    <Link
      href={href}
      className="font-medium text-foreground hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
    >
      {children}
    </Link>
  );
}
