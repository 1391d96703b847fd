"use client";

import { useEffect, useRef, useState, type ComponentProps, type RefObject } from "react";
import { toast } from "@/components/ui/toaster";

/*
 * Deferred parts: a menu, a dialog or a tooltip whose code (Radix, the forms, the actions it
 * calls) is not in a page's first JavaScript. Until someone reaches for it, the page shows a
 * stand-in trigger that looks the same; the first press or key on it loads the part (or finds it
 * already loaded: hovering or focusing the stand-in starts the download), mounts it in place of
 * the stand-in, and replays that press or key on the part's own trigger. From then on the part
 * handles everything itself, as if it had been there from the start.
 */

/** How someone reached for a part, replayed on its trigger once it is mounted. */
export type Approach =
  | { type: "pointerdown"; pointerType: string; clientX: number; clientY: number }
  | { type: "keydown"; key: string; code: string }
  | { type: "click" }
  | { type: "contextmenu"; clientX: number; clientY: number }
  | { type: "pointermove"; pointerType: string; clientX: number; clientY: number }
  | { type: "focus" };

export type Loader<T> = () => Promise<T>;

const loaded = new WeakMap<Loader<unknown>, unknown>();
const loading = new WeakMap<Loader<unknown>, Promise<unknown>>();

/** Starts loading a part (once per loader); resolves with it. */
export function preload<T>(load: Loader<T>): Promise<T> {
  const started = loading.get(load) as Promise<T> | undefined;
  if (started) return started;
  const promise = load().then(
    (part) => {
      loaded.set(load, part);
      return part;
    },
    (error: unknown) => {
      // A failed download (e.g. the network dropped) may be tried again on the next approach.
      loading.delete(load);
      throw error;
    },
  );
  loading.set(load, promise);
  return promise;
}

/** Dispatches `approach` on `element` as the browser would have. */
export function replay(element: HTMLElement, approach: Approach) {
  const init = { bubbles: true, cancelable: true, composed: true };
  switch (approach.type) {
    case "pointerdown":
    case "pointermove":
      element.dispatchEvent(
        new PointerEvent(approach.type, {
          ...init,
          button: approach.type === "pointerdown" ? 0 : -1,
          buttons: approach.type === "pointerdown" ? 1 : 0,
          isPrimary: true,
          pointerType: approach.pointerType,
          clientX: approach.clientX,
          clientY: approach.clientY,
        }),
      );
      return;
    case "keydown":
      element.dispatchEvent(
        new KeyboardEvent("keydown", { ...init, key: approach.key, code: approach.code }),
      );
      return;
    case "click":
      element.click();
      return;
    case "contextmenu":
      element.dispatchEvent(
        new MouseEvent("contextmenu", {
          ...init,
          button: 2,
          clientX: approach.clientX,
          clientY: approach.clientY,
        }),
      );
      return;
    case "focus":
      element.focus();
      return;
  }
}

interface Queued {
  approach: Approach;
  target: RefObject<HTMLElement | null>;
  refocus: boolean;
}

/**
 * A deferred part for one place on the page. `part` is null until someone reaches for it
 * (`reach`), then the loaded part, which the caller renders in place of its stand-in. `reach`
 * replays the approach on `target` (an element the part renders) once the part is mounted —
 * focusing it first when the stand-in had the focus, since the stand-in is gone by then.
 */
export function useDeferred<T>(load: Loader<T>) {
  const [part, setPart] = useState<T | null>(null);
  const queued = useRef<Queued | null>(null);
  const standIn = useRef<HTMLElement | null>(null);

  // A parent's effects run after its children's: the part has set itself up (Radix's document
  // listeners included) by the time its approach is replayed.
  useEffect(() => {
    const next = queued.current;
    if (part === null || next === null) return;
    queued.current = null;
    const element = next.target.current;
    if (!element) return;
    if (next.refocus) element.focus();
    replay(element, next.approach);
  }, [part]);

  function prefetch() {
    preload(load).catch(() => undefined);
  }

  function holdStandIn(element: HTMLElement | null) {
    standIn.current = element;
  }

  function reach(approach: Approach, target: RefObject<HTMLElement | null>) {
    const refocus = standIn.current !== null && standIn.current === document.activeElement;
    if (part !== null) {
      const element = target.current;
      if (element) replay(element, approach);
      return;
    }
    queued.current = { approach, target, refocus };
    if (loaded.has(load)) {
      setPart(() => loaded.get(load) as T);
      return;
    }
    preload(load).then(
      (value) => setPart(() => value),
      (error: unknown) => {
        queued.current = null;
        console.error("[deferred] could not load a part of the page", error);
        toast.error("Something went wrong. Please try again.");
      },
    );
  }

  /** Someone turned away before the part was there (e.g. the pointer left): replay nothing. */
  function cancel() {
    queued.current = null;
  }

  return { part, reach, cancel, prefetch, holdStandIn };
}

export type Deferred<T> = ReturnType<typeof useDeferred<T>>;

type StandInProps<T> = Omit<ComponentProps<"button">, "ref" | "type"> & {
  deferred: Deferred<T>;
  /** The part's own trigger, which the approach is replayed on. */
  target: RefObject<HTMLElement | null>;
};

/**
 * A stand-in for a menu's trigger (a Radix DropdownMenu.Trigger once loaded): it opens on a
 * primary-button press, and on Enter, Space or ArrowDown, as that trigger does.
 */
export function MenuTriggerStandIn<T>({ deferred, target, ...props }: StandInProps<T>) {
  const { holdStandIn, prefetch, reach } = deferred;
  return (
    <button
      {...props}
      ref={holdStandIn}
      type="button"
      aria-haspopup="menu"
      aria-expanded="false"
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onPointerDown={(event) => {
        if (event.button !== 0 || event.ctrlKey) return;
        event.preventDefault();
        const { pointerType, clientX, clientY } = event;
        reach({ type: "pointerdown", pointerType, clientX, clientY }, target);
      }}
      onKeyDown={(event) => {
        if (!["Enter", " ", "ArrowDown"].includes(event.key)) return;
        event.preventDefault();
        reach({ type: "keydown", key: event.key, code: event.code }, target);
      }}
    />
  );
}

/** A stand-in for a dialog's trigger (a Radix Dialog.Trigger once loaded): it opens on click. */
export function DialogTriggerStandIn<T>({ deferred, target, ...props }: StandInProps<T>) {
  const { holdStandIn, prefetch, reach } = deferred;
  return (
    <button
      {...props}
      ref={holdStandIn}
      type="button"
      aria-haspopup="dialog"
      aria-expanded="false"
      onPointerEnter={prefetch}
      onFocus={prefetch}
      onClick={() => reach({ type: "click" }, target)}
    />
  );
}
