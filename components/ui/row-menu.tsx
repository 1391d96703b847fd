"use client";

import { MoreHorizontal } from "lucide-react";
import { useTransition, type ReactNode } from "react";
import * as CM from "@/components/ui/context-menu";
import * as DM from "@/components/ui/dropdown-menu";
import { toast } from "@/components/ui/toaster";
import type { ActionResult } from "@/lib/actions/result";
import { cn } from "@/lib/utils/cn";

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
 * A table row with one menu, opened by right-clicking anywhere on the row or by its ⋯ button
 * (keyboard reachable) in the last cell. `items` renders the menu's items from the parts given,
 * once for each of the two menus; without items, the row has no menu.
 */
export function MenuRow({
  label,
  items,
  hasItems,
  pending = false,
  children,
}: {
  /** Names the ⋯ button for screen readers: "Actions for Ada Lovelace". */
  label: string;
  items: (parts: MenuParts) => ReactNode;
  hasItems: boolean;
  pending?: boolean;
  children: ReactNode;
}) {
  return (
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
          <td className="w-12 px-2 py-1 text-right">
            {hasItems ? (
              <DM.DropdownMenu>
                <DM.DropdownMenuTrigger
                  aria-label={label}
                  className="inline-flex size-8 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring data-[state=open]:bg-accent"
                >
                  <MoreHorizontal className="size-4" aria-hidden="true" />
                </DM.DropdownMenuTrigger>
                <DM.DropdownMenuContent className="w-56">{items(DROPDOWN)}</DM.DropdownMenuContent>
              </DM.DropdownMenu>
            ) : null}
          </td>
        </tr>
      </CM.ContextMenuTrigger>
      {hasItems ? (
        <CM.ContextMenuContent className="w-56">{items(CONTEXT)}</CM.ContextMenuContent>
      ) : null}
    </CM.ContextMenu>
  );
}

/**
 * Runs a row's actions with toasts for their results: `run` for a menu item (the row shows it is
 * busy meanwhile), `confirm` for a confirmation dialog (which stays open when the action fails).
 */
export function useRowActions() {
  const [pending, startTransition] = useTransition();
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
  return { pending, run, confirm };
}
