"use client";

import {
  useEffect,
  useRef,
  useState,
  type MouseEvent,
  type PointerEvent,
  type ReactNode,
  type ComponentType,
  type RefObject,
} from "react";
import { MenuTriggerStandIn, useDeferred, type Loader } from "@/components/ui/deferred";

/**
 * The ⋯ button's look (app/globals.css, written once for every row), shared by its stand-in
 * (below) and the menu's own trigger; the focus ring is every element's.
 */
export const ROW_MENU_BUTTON = "row-menu-button";

/** What a row hands to its menus (components/ui/row-menus.tsx) once they are loaded. */
export interface RowMenusProps {
  /** Names the ⋯ button for screen readers: "Actions for Ada Lovelace". */
  label: string;
  /** The ⋯ button: the dropdown menu's trigger. */
  triggerRef: RefObject<HTMLButtonElement | null>;
  /** The context menu's trigger: an empty element that the row hands its right-clicks to. */
  contextRef: RefObject<HTMLSpanElement | null>;
  /** The context menu opened or closed: the row shows it is the one the menu is about. */
  onContextOpenChange: (open: boolean) => void;
  /** An action from the menu is under way: the row shows it is busy meanwhile. */
  onBusyChange: (busy: boolean) => void;
}

const LONG_PRESS_MS = 700;
const isTouchOrPen = (event: PointerEvent) => event.pointerType !== "mouse";

/**
 * A table row with one menu, opened by right-clicking anywhere on the row (or a long press, or
 * Shift+F10 / the context-menu key) or by its ⋯ button (keyboard reachable) in the last cell;
 * without items (`hasItems` false) the row has no menu and right-click is the browser's own.
 *
 * The menus — two Radix menus with the same items, their dialogs and the actions they call —
 * are loaded and mounted on the row's first use (`load`, rendered with `props`), not rendered
 * with every row: until then the ⋯ button is a stand-in that looks the same, and the first press, key
 * or right-click is replayed on the real menus once they are there (components/ui/deferred.ts).
 */
export function MenuRow<P extends object>({
  label,
  hasItems,
  load,
  props,
  children,
}: {
  label: string;
  hasItems: boolean;
  load: Loader<ComponentType<P & RowMenusProps>>;
  /** The row's own props for its menus (e.g. the row's data). */
  props: P;
  children: ReactNode;
}) {
  const deferred = useDeferred(load);
  const { part: Menus, reach, prefetch } = deferred;
  const triggerRef = useRef<HTMLButtonElement>(null);
  const contextRef = useRef<HTMLSpanElement>(null);
  const [contextOpen, setContextOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const longPress = useRef<number | undefined>(undefined);

  const clearLongPress = () => window.clearTimeout(longPress.current);
  useEffect(() => () => window.clearTimeout(longPress.current), []);

  const rowHandlers = hasItems
    ? {
        onPointerEnter: prefetch,
        onContextMenu(event: MouseEvent) {
          // The replayed right-click on the context menu's trigger bubbles up to here: it is the
          // menu's, not a new one.
          if (event.target === contextRef.current) return;
          clearLongPress();
          event.preventDefault();
          reach(
            { type: "contextmenu", clientX: event.clientX, clientY: event.clientY },
            contextRef,
          );
        },
        // A long press opens the context menu on touch screens that send no contextmenu event.
        onPointerDown(event: PointerEvent) {
          if (!isTouchOrPen(event) || !event.nativeEvent.isTrusted) return;
          clearLongPress();
          prefetch();
          const { clientX, clientY } = event;
          longPress.current = window.setTimeout(
            () => reach({ type: "contextmenu", clientX, clientY }, contextRef),
            LONG_PRESS_MS,
          );
        },
        onPointerMove: (event: PointerEvent) => isTouchOrPen(event) && clearLongPress(),
        onPointerUp: (event: PointerEvent) => isTouchOrPen(event) && clearLongPress(),
        onPointerCancel: (event: PointerEvent) => isTouchOrPen(event) && clearLongPress(),
      }
    : {};

  return (
    <tr
      className="menu-row"
      data-state={contextOpen ? "open" : undefined}
      aria-busy={busy || undefined}
      {...rowHandlers}
    >
      {children}
      <td>
        {!hasItems ? null : Menus !== null ? (
          <Menus
            {...props}
            label={label}
            triggerRef={triggerRef}
            contextRef={contextRef}
            onContextOpenChange={setContextOpen}
            onBusyChange={setBusy}
          />
        ) : (
          <MenuTriggerStandIn
            deferred={deferred}
            target={triggerRef}
            aria-label={label}
            className={ROW_MENU_BUTTON}
          />
        )}
      </td>
    </tr>
  );
}
