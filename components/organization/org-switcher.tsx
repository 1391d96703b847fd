"use client";

import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
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

interface Org {
  id: string;
  name: string;
  roleLabel: string;
}

function OrgMark({ name }: { name: string }) {
  return (
    <span
      aria-hidden="true"
      className="flex size-7 shrink-0 items-center justify-center rounded-md bg-foreground text-xs font-semibold text-background"
    >
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}

/**
 * The organization's name, and a switcher when the person belongs to several or may create
 * another (ALLOW_ORG_CREATION=true).
 */
export function OrgSwitcher({
  current,
  organizations,
  canCreate = false,
}: {
  current: Org;
  organizations: Org[];
  canCreate?: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const label = (
    <>
      <OrgMark name={current.name} />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-semibold text-foreground">{current.name}</span>
        <span className="block truncate text-xs text-muted-foreground">{current.roleLabel}</span>
      </span>
    </>
  );
  if (organizations.length < 2 && !canCreate) {
    return <div className="flex items-center gap-2.5 p-1.5">{label}</div>;
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-2.5 rounded-md p-1.5 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        aria-label={`Switch organization (current: ${current.name})`}
        aria-busy={pending || undefined}
      >
        {label}
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
