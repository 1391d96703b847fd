"use client";

import Link from "next/link";
import { MenuRow } from "@/components/ui/row-menu";
import { StatusBadge, type PersonStatus } from "@/components/ui/status-badge";
import type { MemberAbilities } from "@/lib/people/users-page";
import { LinkPending } from "@/components/ui/link-pending";

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

const loadMenus = () => import("./member-row-menus").then((module) => module.MemberRowMenus);

/**
 * A member in the Users list. Right-click anywhere on it, or its ⋯ button, opens the same menu,
 * holding only the items the viewer may use on this person (member-row-menus.tsx, loaded on the
 * row's first use).
 */
export function MemberRow(row: MemberRowData) {
  const { userId, abilities } = row;
  return (
    <MenuRow
      label={`Actions for ${row.name}`}
      hasItems={Object.values(abilities).some(Boolean)}
      load={loadMenus}
      props={{ row }}
    >
      <td>
        {abilities.edit ? (
          <Link href={`/users/${userId}`}>
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
      </td>
      <td>{row.workspaceCount}</td>
    </MenuRow>
  );
}
