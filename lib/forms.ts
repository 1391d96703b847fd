import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

/** Puts the server's field errors on the form's fields, so they show where the person looks. */
export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fieldErrors: Record<string, string[]> | undefined,
): void {
  for (const [field, messages] of Object.entries(fieldErrors ?? {})) {
    if (field === "_form" || !messages[0]) continue;
    setError(field as Path<T>, { type: "server", message: messages[0] });
  }
}
