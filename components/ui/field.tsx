import { useId, type ReactNode } from "react";

import { Label } from "@/components/ui/label";
import { cn } from "@/lib/utils/cn";

/** The accessibility props a <Field> hands to its control. Spread them onto the input. */
export interface FieldControlProps {
  id: string;
  "aria-describedby": string | undefined;
  "aria-invalid": true | undefined;
  "aria-required": true | undefined;
}

export interface FieldProps {
  /** The visible label, bound to the control by id. */
  label: ReactNode;
  /** Renders the control; spread the props it receives onto it (see the example below). */
  children: (control: FieldControlProps) => ReactNode;
  /** Help text under the control, always announced with it. */
  hint?: ReactNode;
  /** Error message; any falsy value means "no error". Pass `errors.x?.message` straight in. */
  error?: ReactNode;
  /** Marks the label with an asterisk and sets aria-required (no native validation popup). */
  required?: boolean;
  /** Something at the right of the label row, e.g. a "Forgot password?" link. */
  labelAside?: ReactNode;
  /** The control's id; generated when left out. */
  id?: string;
  className?: string;
}

/**
 * A labelled form control with an optional hint and error message.
 *
 *   <Field label="Email" hint="We never share it." error={errors.email?.message}>
 *     {(control) => <Input type="email" autoComplete="email" {...control} {...register("email")} />}
 *   </Field>
 *
 * The render prop receives `id`, `aria-describedby` (error and hint ids), `aria-invalid` and
 * `aria-required`; register() adds name, ref, onChange and onBlur, and none of them clash.
 * The error is rendered with role="alert", so it is announced as soon as it appears.
 * Works in Server and Client Components alike (it has no state).
 */
export function Field({
  label,
  children,
  hint,
  error,
  required = false,
  labelAside,
  id,
  className,
}: FieldProps) {
  const generatedId = useId();
  const controlId = id ?? `field-${generatedId}`;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const hasError = Boolean(error);
  const describedBy = [hasError ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");

  return (
    <div data-slot="field" className={cn("flex flex-col gap-1.5", className)}>
      <div className="flex items-baseline justify-between gap-3">
        <Label htmlFor={controlId}>
          {label}
          {required ? (
            <span aria-hidden="true" className="ml-0.5 text-danger">
              *
            </span>
          ) : null}
        </Label>
        {labelAside ? <div className="text-sm">{labelAside}</div> : null}
      </div>
      {children({
        id: controlId,
        "aria-describedby": describedBy || undefined,
        "aria-invalid": hasError || undefined,
        "aria-required": required || undefined,
      })}
      {hint ? (
        <p id={hintId} className="text-[13px] leading-5 text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {hasError ? (
        <p id={errorId} role="alert" className="text-[13px] leading-5 font-medium text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
