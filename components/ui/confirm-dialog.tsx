"use client";

import { useRef, useState, type ReactNode } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";

export interface ConfirmDialogProps {
  /** Question as a heading, e.g. "Remove Ada Lovelace?". */
  title: ReactNode;
  /** What will happen; a ReactNode, so it can name the person: <>…<strong>{name}</strong>…</>. */
  description: ReactNode;
  /** Runs on confirm. While its promise is pending the buttons are disabled and the dialog
   * cannot be dismissed. It closes when the promise resolves, unless it resolves to `false`
   * (say you showed your own error). If it throws, the dialog stays open with `errorMessage`. */
  onConfirm: () => void | boolean | Promise<void | boolean>;
  /** Default "Confirm". Name the action: "Remove member", "Revoke invitation". */
  confirmLabel?: ReactNode;
  /** Default "Cancel". */
  cancelLabel?: ReactNode;
  /** Red confirm button; focus starts on Cancel instead of Confirm. */
  destructive?: boolean;
  /** Shown inside the dialog when onConfirm throws. */
  errorMessage?: ReactNode;
  /** Optional element that opens the dialog (rendered asChild, so pass a <Button>). */
  trigger?: ReactNode;
  /** Controlled open state; leave out both to let `trigger` drive it. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Extra content between the description and the buttons (e.g. a consequence list). */
  children?: ReactNode;
}

/**
 * An "are you sure?" dialog (role="alertdialog"). Clicking outside does not close it;
 * Escape and Cancel do, except while the confirmation is pending.
 *
 *   <ConfirmDialog
 *     trigger={<Button variant="destructive">Remove</Button>}
 *     title="Remove member?"
 *     description={<><strong>{user.name}</strong> loses access to every workspace.</>}
 *     confirmLabel="Remove member"
 *     destructive
 *     onConfirm={async () => { await removeMember(user.id); toast.success("Member removed"); }}
 *   />
 */
export function ConfirmDialog({
  title,
  description,
  onConfirm,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  destructive = false,
  errorMessage = "Something went wrong. Please try again.",
  trigger,
  open: openProp,
  onOpenChange,
  children,
}: ConfirmDialogProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);

  const open = openProp ?? uncontrolledOpen;

  function setOpen(next: boolean) {
    if (!next && pending) return;
    if (next) setFailed(false);
    if (openProp === undefined) setUncontrolledOpen(next);
    onOpenChange?.(next);
  }

  async function handleConfirm() {
    // The buttons are about to be disabled: keep focus inside the dialog meanwhile.
    contentRef.current?.focus();
    setPending(true);
    setFailed(false);
    let result: void | boolean;
    try {
      result = await onConfirm();
    } catch {
      setPending(false);
      setFailed(true);
      return;
    }
    setPending(false);
    if (result === false) return;
    if (openProp === undefined) setUncontrolledOpen(false);
    onOpenChange?.(false);
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent
        ref={contentRef}
        role="alertdialog"
        hideCloseButton
        aria-busy={pending || undefined}
        onInteractOutside={(event) => event.preventDefault()}
        onOpenAutoFocus={(event) => {
          if (!destructive) return;
          event.preventDefault();
          cancelRef.current?.focus();
        }}
        className="max-w-md"
      >
        <DialogHeader className="pr-0">
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription asChild>
            <div>{description}</div>
          </DialogDescription>
        </DialogHeader>
        {children}
        {failed ? <Alert variant="error">{errorMessage}</Alert> : null}
        <DialogFooter>
          <Button
            ref={cancelRef}
            type="button"
            variant="outline"
            disabled={pending}
            onClick={() => setOpen(false)}
          >
            {cancelLabel}
          </Button>
          <Button
            type="button"
            variant={destructive ? "destructive" : "primary"}
            pending={pending}
            onClick={handleConfirm}
          >
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
