import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type UseFormSetError,
} from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/result";

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

/**
 * A react-hook-form form wired to a server action through the zod schema both share: the schema
 * checks on the client, the action's answer lands on the fields (fieldErrors) or above the form
 * (formError). Actions that redirect on success never resolve here.
 */
export function useActionForm<
  S extends z.ZodType<FieldValues, FieldValues>,
  R extends object = object,
>(
  schema: S,
  action: (values: z.output<S>) => Promise<ActionResult<R> | undefined>,
  defaultValues: DefaultValues<z.input<S>>,
  onSuccess?: (result: { ok: true } & R, values: z.output<S>) => void,
) {
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema),
    defaultValues,
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    const result = await action(values);
    if (!result) return;
    if (result.ok) {
      onSuccess?.(result, values);
      return;
    }
    setFormError(result.error);
    applyFieldErrors(form.setError, result.fieldErrors);
  });
  return { form, formError, onSubmit };
}
