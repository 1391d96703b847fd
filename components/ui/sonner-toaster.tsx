"use client";

import {
  CircleCheck,
  CircleExclamationPoint,
  Info,
  TriangleExclamationPoint,
  X,
} from "lucide-react";
import type { CSSProperties } from "react";
import { useEffect } from "react";
import { Toaster as Sonner, toast } from "sonner";

import { Spinner } from "@/components/ui/spinner";
import { toastsReady, type ToastRequest } from "@/components/ui/toaster";

/** Shows a toast requested through `toast` in toaster.tsx. */
function show({ kind, message, options }: ToastRequest) {
  toast[kind](message, options);
}

/*
 * Sonner's own stylesheet is unlayered, so it outranks Tailwind's layered utilities; the
 * class overrides below therefore use the `!` (important) suffix. Colours come from the
 * theme tokens, so toasts follow light / dark / system exactly like the rest of the page.
 */
const themeVars: CSSProperties & Record<`--${string}`, string> = {
  "--normal-bg": "var(--popover)",
  "--normal-text": "var(--popover-foreground)",
  "--normal-border": "var(--border)",
  "--normal-bg-hover": "var(--accent)",
  "--normal-border-hover": "var(--border)",
  "--border-radius": "0.5rem",
};

/**
 * Sonner's toaster, loaded and mounted by `Toaster` (toaster.tsx) once the page is idle; the toasts
 * requested before are shown then.
 */
export function SonnerToaster() {
  // After Sonner's own effects: it listens for toasts by then.
  useEffect(() => toastsReady(show), []);
  return (
    <Sonner
      position="bottom-right"
      richColors={false}
      closeButton
      style={themeVars}
      icons={{
        success: <CircleCheck className="size-4 text-success" aria-hidden="true" />,
        error: <CircleExclamationPoint className="size-4 text-danger" aria-hidden="true" />,
        warning: <TriangleExclamationPoint className="size-4 text-warning" aria-hidden="true" />,
        info: <Info className="size-4 text-info" aria-hidden="true" />,
        loading: <Spinner className="text-muted-foreground" />,
        close: <X className="size-3" aria-hidden="true" />,
      }}
      toastOptions={{
        classNames: {
          toast:
            "font-sans! text-sm! shadow-lg! gap-2.5! items-start! focus-visible:outline-2! focus-visible:outline-offset-2! focus-visible:outline-ring!",
          title: "font-medium! leading-5!",
          description: "text-muted-foreground! text-[13px]! leading-5!",
          icon: "mt-0.5!",
          closeButton:
            "bg-popover! text-muted-foreground! border-border! hover:bg-accent! hover:text-foreground! focus-visible:outline-2! focus-visible:outline-offset-2! focus-visible:outline-ring!",
          actionButton:
            "bg-primary! text-primary-foreground! h-7! rounded-md! px-2.5! text-xs! focus-visible:outline-2! focus-visible:outline-offset-2! focus-visible:outline-ring!",
          cancelButton:
            "bg-muted! text-foreground! h-7! rounded-md! px-2.5! text-xs! focus-visible:outline-2! focus-visible:outline-offset-2! focus-visible:outline-ring!",
        },
      }}
    />
  );
}
