"use client";

import { useEffect, useState, type ComponentType, type ReactNode } from "react";

/*
 * Toasts. Sonner (sonner-toaster.tsx) is not part of a page's first JavaScript: `Toaster` loads
 * and mounts it once the page is idle, so its live region is in place well before anything is
 * announced; a toast requested before that waits for it.
 */

export interface ToastRequest {
  kind: "success" | "error";
  message: string;
  options?: { description?: ReactNode };
}

let show: ((request: ToastRequest) => void) | null = null;
const waiting: ToastRequest[] = [];
const wanted = new Set<() => void>();

function request(toast: ToastRequest) {
  if (show) return show(toast);
  waiting.push(toast);
  for (const mount of wanted) mount();
}

/** Called by Sonner's toaster once it is mounted: shows the toasts that waited for it. */
export function toastsReady(showToast: (request: ToastRequest) => void) {
  show = showToast;
  for (const toast of waiting.splice(0)) showToast(toast);
  return () => {
    if (show === showToast) show = null;
  };
}

/**
 * From any client code: `toast.success("Invitation sent")`,
 * `toast.error("Could not remove member", { description })`.
 */
export const toast = {
  success: (message: string, options?: ToastRequest["options"]) =>
    request({ kind: "success", message, options }),
  error: (message: string, options?: ToastRequest["options"]) =>
    request({ kind: "error", message, options }),
};

const loadSonner = () => import("./sonner-toaster").then((module) => module.SonnerToaster);

/** Mount once, near the end of the root layout's <body>. */
export function Toaster() {
  const [Sonner, setSonner] = useState<ComponentType | null>(null);
  useEffect(() => {
    let cancelled = false;
    let started = false;
    const mount = () => {
      if (started) return;
      started = true;
      wanted.delete(mount);
      loadSonner().then(
        (component) => {
          if (!cancelled) setSonner(() => component);
        },
        (error: unknown) => console.error("[toaster] could not load the toasts", error),
      );
    };
    wanted.add(mount);
    const idle = window.requestIdleCallback
      ? window.requestIdleCallback(mount, { timeout: 2000 })
      : window.setTimeout(mount, 200);
    if (waiting.length > 0) mount();
    return () => {
      cancelled = true;
      wanted.delete(mount);
      if (window.cancelIdleCallback) window.cancelIdleCallback(idle);
      else window.clearTimeout(idle);
    };
  }, []);
  return Sonner ? <Sonner /> : null;
}
