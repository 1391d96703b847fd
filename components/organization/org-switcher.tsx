"use client";

import { useRef } from "react";
import { MenuTriggerStandIn, useDeferred } from "@/components/ui/deferred";
import { Icon } from "@/components/ui/icon";

export interface Org {
  id: string;
  name: string;
  roleLabel: string;
}

export const ORG_SWITCHER_TRIGGER =
  "flex w-full items-center gap-2.5 rounded-md p-1.5 text-left hover:bg-accent";

export function OrgMark({ name }: { name: string }) {
  return (
    // The letter is drawn by CSS, not text: a menu button's visible text is then exactly the
    // organization and role its label ends with.
    <span
      aria-hidden="true"
      data-initial={name.slice(0, 1).toUpperCase()}
      className="flex size-7 shrink-0 items-center justify-center rounded-md bg-foreground text-xs font-semibold text-background before:content-[attr(data-initial)]"
    />
  );
}

/** The switcher's name: what it is, then exactly what it shows (so speech input finds it). */
export const orgSwitcherLabel = (current: Org) =>
  `Switch organization (current: ${current.name}) ${current.roleLabel}`;

/** The current organization: its mark, name and the person's role in it. */
export function OrgLabel({ current }: { current: Org }) {
  return (
    <>
      <OrgMark name={current.name} />
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-semibold text-foreground">{current.name}</span>{" "}
        <span className="block truncate text-xs text-muted-foreground">{current.roleLabel}</span>
      </span>
    </>
  );
}

const loadSwitcher = () =>
  import("./org-switcher-dropdown").then((module) => module.OrgSwitcherDropdown);

/**
 * The organization's name, and a switcher when the person belongs to several or may create
 * another (ALLOW_ORG_CREATION=true). Its dropdown (org-switcher-dropdown.tsx) is loaded on first
 * use (components/ui/deferred.tsx).
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
  const deferred = useDeferred(loadSwitcher);
  const triggerRef = useRef<HTMLButtonElement>(null);
  if (organizations.length < 2 && !canCreate) {
    return (
      <div className="flex items-center gap-2.5 p-1.5">
        <OrgLabel current={current} />
      </div>
    );
  }
  const Dropdown = deferred.part;
  if (Dropdown !== null) {
    return (
      <Dropdown
        current={current}
        organizations={organizations}
        canCreate={canCreate}
        triggerRef={triggerRef}
      />
    );
  }
  return (
    <MenuTriggerStandIn
      deferred={deferred}
      target={triggerRef}
      className={ORG_SWITCHER_TRIGGER}
      aria-label={orgSwitcherLabel(current)}
    >
      <OrgLabel current={current} />
      <Icon name="chevrons-up-down" className="text-muted-foreground" />
    </MenuTriggerStandIn>
  );
}
