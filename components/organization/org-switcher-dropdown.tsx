"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition, type RefObject } from "react";
import { switchOrganizationAction } from "@/lib/organization/actions";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import {
  ORG_SWITCHER_TRIGGER,
  OrgLabel,
  OrgMark,
  orgSwitcherLabel,
  type Org,
} from "./org-switcher";

/** The organization switcher's dropdown, loaded on first use by OrgSwitcher (org-switcher.tsx). */
export function OrgSwitcherDropdown({
  current,
  organizations,
  canCreate,
  triggerRef,
}: {
  current: Org;
  organizations: Org[];
  canCreate: boolean;
  triggerRef: RefObject<HTMLButtonElement | null>;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        ref={triggerRef}
        className={ORG_SWITCHER_TRIGGER}
        aria-label={orgSwitcherLabel(current)}
        aria-busy={pending || undefined}
      >
        <OrgLabel current={current} />
        <ChevronsUpDown className="size-4 text-muted-foreground" aria-hidden="true" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-60">
        <DropdownMenuLabel>Organizations</DropdownMenuLabel>
        {organizations.map((org) => (
          <DropdownMenuItem
            key={org.id}
            onSelect={() =>
              startTransition(async () => {
                const result = await switchOrganizationAction({ organizationId: org.id });
                if (result && !result.ok) toast.error(result.error);
              })
            }
          >
            <OrgMark name={org.name} />
            <span className="min-w-0 flex-1 truncate">{org.name}</span>
            {org.id === current.id ? <Check aria-label="Current organization" /> : null}
          </DropdownMenuItem>
        ))}
        {canCreate ? (
          <>
            <DropdownMenuSeparator />
            <DropdownMenuItem onSelect={() => router.push("/organizations/new")}>
              <Plus aria-hidden="true" />
              Create organization
            </DropdownMenuItem>
          </>
        ) : null}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
