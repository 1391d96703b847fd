"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import type { RoleKey } from "@/lib/permissions";
import type { CustomRoleListItem } from "@/lib/roles";
import { deleteCustomRoleAction } from "@/lib/roles/actions";
import { usageSentence } from "./usage";

/**
 * Delete a custom role: the confirmation names it and what it affects; when it is in use, it asks
 * which role its holders and invitations get instead ("Give them instead").
 */
export function DeleteRoleDialog({
  role,
  replacements,
  onClose,
  onDeleted,
}: {
  /**
   * The role to delete: the dialog is open while there is one. It lives outside the table, so it
   * stays while the deleted role's row (and the button that opened it) goes away.
   */
  role: CustomRoleListItem | null;
  /** Every role, built-in and custom: the choices other than this one. */
  replacements: { key: string; label: string }[];
  onClose: () => void;
  /** Where focus goes once the role, and the button that opened this, is gone. */
  onDeleted: () => void;
}) {
  // The role shown: kept while the dialog closes, after the page no longer lists it.
  const [shown, setShown] = useState(role);
  if (role && role !== shown) setShown(role);
  if (!shown) return null;
  return (
    <DeleteRoleContent
      key={shown.id}
      role={shown}
      open={role !== null}
      replacements={replacements.filter((r) => r.key !== `custom:${shown.id}`)}
      onClose={onClose}
      onDeleted={onDeleted}
    />
  );
}

function DeleteRoleContent({
  role,
  open,
  replacements,
  onClose,
  onDeleted,
}: {
  role: CustomRoleListItem;
  open: boolean;
  replacements: { key: string; label: string }[];
  onClose: () => void;
  onDeleted: () => void;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [replacement, setReplacement] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const deleted = useRef(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const inUse = role.usage.people > 0 || role.usage.invitations > 0;
  const selectId = `replacement-${role.id}`;

  function onOpenChange(next: boolean) {
    if (pending || next) return;
    onClose();
  }

  async function confirm() {
    setError(null);
    setFieldError(null);
    if (inUse && !replacement) {
      setFieldError("Choose the role they get instead.");
      document.getElementById(selectId)?.focus();
      return;
    }
    setPending(true);
    const result = await deleteCustomRoleAction({
      roleId: role.id,
      ...(inUse ? { replacement: replacement as RoleKey } : {}),
      expected: role.usage,
    });
    setPending(false);
    if (!result.ok) {
      const onField = result.fieldErrors?.replacement?.[0];
      if (onField) setFieldError(onField);
      else setError(result.error);
      return;
    }
    const label = replacements.find((r) => r.key === replacement)?.label;
    toast.success(
      inUse && label
        ? `Deleted ${role.name}: its holders now have ${label}`
        : `Deleted ${role.name}`,
    );
    deleted.current = true;
    onClose();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        role="alertdialog"
        hideCloseButton
        aria-busy={pending || undefined}
        className="max-w-md"
        onInteractOutside={(event) => event.preventDefault()}
        onOpenAutoFocus={(event) => {
          if (inUse) return;
          event.preventDefault();
          cancelRef.current?.focus();
        }}
        onCloseAutoFocus={(event) => {
          if (!deleted.current) return;
          event.preventDefault();
          onDeleted();
        }}
      >
        <DialogHeader className="pr-0">
          <DialogTitle>Delete {role.name}?</DialogTitle>
          <DialogDescription>
            {usageSentence(role.name, role.usage)}{" "}
            {inUse ? "They get the role you choose instead, all at once." : "This can't be undone."}
          </DialogDescription>
        </DialogHeader>
        {inUse ? (
          <div className="flex flex-col gap-1.5">
            <label htmlFor={selectId} className="text-sm font-medium">
              Give them instead
              <span aria-hidden="true" className="ml-0.5 text-danger">
                *
              </span>
            </label>
            <Select
              id={selectId}
              value={replacement}
              aria-required
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${selectId}-error` : undefined}
              disabled={pending}
              onChange={(event) => {
                setReplacement(event.target.value);
                setFieldError(null);
              }}
            >
              <option value="">Choose a role…</option>
              {replacements.map((r) => (
                <option key={r.key} value={r.key}>
                  {r.label}
                </option>
              ))}
            </Select>
            {fieldError ? (
              <p
                id={`${selectId}-error`}
                role="alert"
                className="text-[13px] leading-5 font-medium text-danger"
              >
                {fieldError}
              </p>
            ) : null}
          </div>
        ) : null}
        {error ? (
          <Alert variant="error">
            <span>{error}</span>
            <Button
              type="button"
              variant="link"
              className="ml-2"
              onClick={() => {
                setError(null);
                router.refresh();
              }}
            >
              Reload
            </Button>
          </Alert>
        ) : null}
        <DialogFooter>
          <Button
            ref={cancelRef}
            type="button"
            variant="outline"
            disabled={pending}
            onClick={() => onOpenChange(false)}
          >
            Cancel
          </Button>
          <Button type="button" variant="destructive" pending={pending} onClick={confirm}>
            Delete role
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
