"use client";

import { useEffect, useTransition, type ReactNode } from "react";
import * as CM from "@/components/ui/context-menu";
import * as DM from "@/components/ui/dropdown-menu";
import { ROW_MENU_BUTTON, type RowMenusProps } from "@/components/ui/row-menu";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";

/*
 * A row's two menus, loaded on the row's first use (MenuRow in row-menu.tsx). Each feature's
 * row menus (member-row-menus.tsx, invitation-row-menus.tsx) render them with their items.
 */

/** The parts a row's menu is built from: the same items render in both of its menus. */
export interface MenuParts {
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
 * The ⋯ button with its dropdown menu, and the row's context menu, both holding the items that
 * `items` renders from the parts given (once for each menu). The context menu's trigger is an
 * empty element: the row hands it its right-clicks, and the menu opens where the click was.
 */
export function RowMenus({
  label,
  triggerRef,
  contextRef,
  onContextOpenChange,
  items,
}: Omit<RowMenusProps, "onBusyChange"> & { items: (parts: MenuParts) => ReactNode }) {
  return (
    <>
      <DM.DropdownMenu>
        <DM.DropdownMenuTrigger ref={triggerRef} aria-label={label} className={ROW_MENU_BUTTON} />
        <DM.DropdownMenuContent className="w-56">{items(DROPDOWN)}</DM.DropdownMenuContent>
      </DM.DropdownMenu>
      <CM.ContextMenu onOpenChange={onContextOpenChange}>
        <CM.ContextMenuTrigger ref={contextRef} hidden />
        <CM.ContextMenuContent className="w-56">{items(CONTEXT)}</CM.ContextMenuContent>
      </CM.ContextMenu>
    </>
  );
}

/**
 * Runs a row's actions with toasts for their results: `run` for a menu item (the row shows it is
 * busy meanwhile, through `onBusyChange`), `confirm` for a confirmation dialog (which stays open
 * when the action fails).
 */
export function useRowActions(onBusyChange: (busy: boolean) => void) {
  const [pending, startTransition] = useTransition();
  useEffect(() => onBusyChange(pending), [pending, onBusyChange]);
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
  return { run, confirm };
}
