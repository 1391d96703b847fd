"use client";

import * as DropdownMenuPrimitive from "@radix-ui/react-dropdown-menu";
import { Check, ChevronRight, Circle } from "lucide-react";
import type { ComponentProps } from "react";

import { cn } from "@/lib/utils/cn";

/**
 * Menu class strings, shared by the dropdown menu and the context menu (context-menu.tsx
 * imports them). Radix sets data-highlighted on the keyboard/pointer-highlighted item,
 * data-disabled and data-state; the --radix-popper-* variables are set by both menus.
 */
export const menuStyles = {
  content:
    "z-50 max-h-(--radix-popper-available-height) min-w-44 overflow-x-hidden overflow-y-auto rounded-lg border border-border bg-popover p-1 text-popover-foreground shadow-lg outline-hidden " +
    "origin-(--radix-popper-transform-origin) data-[state=open]:animate-pop-in data-[state=closed]:animate-pop-out motion-reduce:animate-none",
  item:
    "relative flex cursor-default items-center gap-2 rounded-md px-2 py-1.5 text-sm leading-5 outline-hidden select-none " +
    "data-[highlighted]:bg-accent data-[highlighted]:text-accent-foreground " +
    "data-[disabled]:pointer-events-none data-[disabled]:opacity-50 " +
    "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4 [&_svg:not([class*='text-'])]:text-muted-foreground",
  destructiveItem:
    "text-danger data-[highlighted]:bg-danger/10 data-[highlighted]:text-danger [&_svg:not([class*='text-'])]:text-danger",
  inset: "pl-8",
  indicatorItem: "pl-8",
  indicator: "pointer-events-none absolute left-2 flex size-4 items-center justify-center",
  label: "px-2 py-1.5 text-xs leading-4 font-medium text-muted-foreground",
  separator: "-mx-1 my-1 h-px bg-border",
  shortcut: "ml-auto pl-4 text-xs tracking-widest text-muted-foreground",
  subTriggerOpen: "data-[state=open]:bg-accent data-[state=open]:text-accent-foreground",
  subChevron: "ml-auto",
} as const;

export interface MenuItemStyleProps {
  /** Indent the item to line up with checkbox / radio items. */
  inset?: boolean;
  /** Red text, for actions such as "Remove from workspace". */
  variant?: "default" | "destructive";
}

/**
 * Not modal, as a native menu is: focus moves into the menu and Escape brings it back, but the
 * page behind is not hidden from assistive technology (a modal Radix menu marks it aria-hidden
 * while its links stay focusable, which axe reports as serious) and a click outside just closes it.
 */
export function DropdownMenu(props: ComponentProps<typeof DropdownMenuPrimitive.Root>) {
  return <DropdownMenuPrimitive.Root modal={false} {...props} />;
}
export const DropdownMenuTrigger = DropdownMenuPrimitive.Trigger;
export const DropdownMenuGroup = DropdownMenuPrimitive.Group;
export const DropdownMenuPortal = DropdownMenuPrimitive.Portal;
export const DropdownMenuSub = DropdownMenuPrimitive.Sub;
export const DropdownMenuRadioGroup = DropdownMenuPrimitive.RadioGroup;

export function DropdownMenuContent({
  className,
  sideOffset = 6,
  align = "end",
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.Content>) {
  return (
    <DropdownMenuPrimitive.Portal>
      <DropdownMenuPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        className={cn(menuStyles.content, className)}
        {...props}
      />
    </DropdownMenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({
  className,
  inset = false,
  variant = "default",
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.Item> & MenuItemStyleProps) {
  return (
    <DropdownMenuPrimitive.Item
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

export function DropdownMenuCheckboxItem({
  className,
  children,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.CheckboxItem>) {
  return (
    <DropdownMenuPrimitive.CheckboxItem
      className={cn(menuStyles.item, menuStyles.indicatorItem, className)}
      {...props}
    >
      <span className={menuStyles.indicator}>
        <DropdownMenuPrimitive.ItemIndicator>
          <Check className="size-4 text-foreground" aria-hidden="true" />
        </DropdownMenuPrimitive.ItemIndicator>
      </span>
      {children}
    </DropdownMenuPrimitive.CheckboxItem>
  );
}

export function DropdownMenuRadioItem({
  className,
  children,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.RadioItem>) {
  return (
    <DropdownMenuPrimitive.RadioItem
      className={cn(menuStyles.item, menuStyles.indicatorItem, className)}
      {...props}
    >
      <span className={menuStyles.indicator}>
        <DropdownMenuPrimitive.ItemIndicator>
          <Circle className="size-2 fill-current text-foreground" aria-hidden="true" />
        </DropdownMenuPrimitive.ItemIndicator>
      </span>
      {children}
    </DropdownMenuPrimitive.RadioItem>
  );
}

export function DropdownMenuLabel({
  className,
  inset = false,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.Label> & Pick<MenuItemStyleProps, "inset">) {
  return (
    <DropdownMenuPrimitive.Label
      className={cn(menuStyles.label, inset && menuStyles.inset, className)}
      {...props}
    />
  );
}

export function DropdownMenuSeparator({
  className,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.Separator>) {
  return (
    <DropdownMenuPrimitive.Separator className={cn(menuStyles.separator, className)} {...props} />
  );
}

/** Keyboard-shortcut hint at the right of an item (purely visual; aria-hidden). */
export function DropdownMenuShortcut({ className, ...props }: ComponentProps<"span">) {
  return <span aria-hidden="true" className={cn(menuStyles.shortcut, className)} {...props} />;
}

export function DropdownMenuSubTrigger({
  className,
  inset = false,
  children,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.SubTrigger> & Pick<MenuItemStyleProps, "inset">) {
  return (
    <DropdownMenuPrimitive.SubTrigger
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
    </DropdownMenuPrimitive.SubTrigger>
  );
}

export function DropdownMenuSubContent({
  className,
  sideOffset = 4,
  ...props
}: ComponentProps<typeof DropdownMenuPrimitive.SubContent>) {
  return (
    <DropdownMenuPrimitive.Portal>
      <DropdownMenuPrimitive.SubContent
        sideOffset={sideOffset}
        className={cn(menuStyles.content, className)}
        {...props}
      />
    </DropdownMenuPrimitive.Portal>
  );
}
