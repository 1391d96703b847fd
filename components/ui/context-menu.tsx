"use client";

import * as ContextMenuPrimitive from "@radix-ui/react-context-menu";
import { Check, ChevronRight, Circle } from "lucide-react";
import type { ComponentProps } from "react";

import { menuStyles, type MenuItemStyleProps } from "@/components/ui/dropdown-menu";
import { cn } from "@/lib/utils/cn";

/*
 * Right-click (and long-press, and Shift+F10 / the context-menu key) menu, styled exactly like
 * the dropdown menu. A context menu is a shortcut only: every action in it must also be
 * reachable another way (e.g. a row's "⋯" dropdown), since touch and keyboard users rarely
 * discover it.
 */

/** Not modal, as DropdownMenu (dropdown-menu.tsx) and for the same reason. */
export function ContextMenu(props: ComponentProps<typeof ContextMenuPrimitive.Root>) {
  return <ContextMenuPrimitive.Root modal={false} {...props} />;
}
export const ContextMenuTrigger = ContextMenuPrimitive.Trigger;
export const ContextMenuGroup = ContextMenuPrimitive.Group;
export const ContextMenuPortal = ContextMenuPrimitive.Portal;
export const ContextMenuSub = ContextMenuPrimitive.Sub;
export const ContextMenuRadioGroup = ContextMenuPrimitive.RadioGroup;

export function ContextMenuContent({
  className,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.Content>) {
  return (
    <ContextMenuPrimitive.Portal>
      <ContextMenuPrimitive.Content className={cn(menuStyles.content, className)} {...props} />
    </ContextMenuPrimitive.Portal>
  );
}

export function ContextMenuItem({
  className,
  inset = false,
  variant = "default",
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.Item> & MenuItemStyleProps) {
  return (
    <ContextMenuPrimitive.Item
      className={cn(
        menuStyles.item,
        inset && menuStyles.inset,
        variant === "destructive" && menuStyles.destructiveItem,
        className,
      )}
      {...props}
    />
  );
}

export function ContextMenuCheckboxItem({
  className,
  children,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.CheckboxItem>) {
  return (
    <ContextMenuPrimitive.CheckboxItem
      className={cn(menuStyles.item, menuStyles.indicatorItem, className)}
      {...props}
    >
      <span className={menuStyles.indicator}>
        <ContextMenuPrimitive.ItemIndicator>
          <Check className="size-4 text-foreground" aria-hidden="true" />
        </ContextMenuPrimitive.ItemIndicator>
      </span>
      {children}
    </ContextMenuPrimitive.CheckboxItem>
  );
}

export function ContextMenuRadioItem({
  className,
  children,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.RadioItem>) {
  return (
    <ContextMenuPrimitive.RadioItem
      className={cn(menuStyles.item, menuStyles.indicatorItem, className)}
      {...props}
    >
      <span className={menuStyles.indicator}>
        <ContextMenuPrimitive.ItemIndicator>
          <Circle className="size-2 fill-current text-foreground" aria-hidden="true" />
        </ContextMenuPrimitive.ItemIndicator>
      </span>
      {children}
    </ContextMenuPrimitive.RadioItem>
  );
}

export function ContextMenuLabel({
  className,
  inset = false,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.Label> & Pick<MenuItemStyleProps, "inset">) {
  return (
    <ContextMenuPrimitive.Label
      className={cn(menuStyles.label, inset && menuStyles.inset, className)}
      {...props}
    />
  );
}

export function ContextMenuSeparator({
  className,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.Separator>) {
  return (
    <ContextMenuPrimitive.Separator className={cn(menuStyles.separator, className)} {...props} />
  );
}

/** Keyboard-shortcut hint at the right of an item (purely visual; aria-hidden). */
export function ContextMenuShortcut({ className, ...props }: ComponentProps<"span">) {
  return <span aria-hidden="true" className={cn(menuStyles.shortcut, className)} {...props} />;
}

export function ContextMenuSubTrigger({
  className,
  inset = false,
  children,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.SubTrigger> & Pick<MenuItemStyleProps, "inset">) {
  return (
    <ContextMenuPrimitive.SubTrigger
      className={cn(
        menuStyles.item,
        menuStyles.subTriggerOpen,
        inset && menuStyles.inset,
        className,
      )}
      {...props}
    >
      {children}
      <ChevronRight className={menuStyles.subChevron} aria-hidden="true" />
    </ContextMenuPrimitive.SubTrigger>
  );
}

export function ContextMenuSubContent({
  className,
  ...props
}: ComponentProps<typeof ContextMenuPrimitive.SubContent>) {
  return (
    <ContextMenuPrimitive.Portal>
      <ContextMenuPrimitive.SubContent className={cn(menuStyles.content, className)} {...props} />
    </ContextMenuPrimitive.Portal>
  );
}
