"use client";

import Link from "next/link";
import { MenuRow } from "@/components/ui/row-menu";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";
import { LinkPending } from "@/components/ui/link-pending";

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

const loadMenus = () =>
  import("./invitation-row-menus").then((module) => module.InvitationRowMenus);

/**
 * An invitation in the Users list, with Edit user, Resend invitation and Revoke invitation in its
 * menu (right-click or ⋯), for viewers who may manage it (invitation-row-menus.tsx, loaded on the
 * row's first use).
 */
export function InvitationRow(row: InvitationRowData) {
  return (
    <MenuRow
      label={`Actions for ${row.name}`}
      hasItems={row.canManage}
      load={loadMenus}
      props={{ row }}
    >
      <td>
        {row.canManage ? (
          <Link href={invitationHref(row.id)}>
            {row.name}
            <LinkPending />
          </Link>
        ) : (
          row.name
        )}
      </td>
      <td>{row.email}</td>
      <td>{row.roleLabel}</td>
      <td>
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
      <td>{row.workspaceCount}</td>
    </MenuRow>
  );
}
