"use client";

import Link from "next/link";
import { MenuRow } from "@/components/ui/row-menu";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";

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
export function InvitationRow({ row }: { row: InvitationRowData }) {
  return (
    <MenuRow
      label={`Actions for ${row.name}`}
      hasItems={row.canManage}
      load={loadMenus}
      props={{ row }}
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
  );
}
