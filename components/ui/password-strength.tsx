"use client";

import { useEffect, useState } from "react";
import {
  loadPasswordChecker,
  type PasswordStrength,
  type StrengthLabel,
  type UserInputs,
} from "@/lib/forms/password-strength";
import { cn } from "@/lib/utils/cn";

/**
 * Starts loading the dictionaries the meter needs (a separate chunk, about a megabyte), so they are
 * ready by the first keystroke: pass it as the new-password input's onFocus.
 */
export function preloadPasswordStrength(): void {
  loadPasswordChecker().catch(() => undefined); // the meter retries; the server checks anyway
}

const LOOK: Record<StrengthLabel, { bars: number; color: string }> = {
  "Too short": { bars: 1, color: "bg-danger" },
  Weak: { bars: 1, color: "bg-danger" },
  Fair: { bars: 2, color: "bg-warning" },
  Good: { bars: 3, color: "bg-success" },
  Strong: { bars: 4, color: "bg-success" },
};

/**
 * How strong the password typed so far is, by the same rule the server applies: four bars and a
 * word ("Strength: Weak", "Fair", "Good", "Strong"; "Too short"), with zxcvbn's advice while it
 * falls short. Announced politely as it changes. Place it under the new-password input, e.g. in
 * the Field's render function; pass the person's name, email and organization as `userInputs`.
 */
export function PasswordStrengthMeter({
  password,
  userInputs = [],
  className,
}: {
  password: string;
  userInputs?: UserInputs;
  className?: string;
}) {
  const strength = usePasswordStrength(password, userInputs);
  const look = strength ? LOOK[strength.label] : null;
  return (
    <div data-slot="password-strength" className={cn("flex flex-col gap-1", className)}>
      {look ? (
        <div aria-hidden="true" className="grid grid-cols-4 gap-1">
          {[1, 2, 3, 4].map((bar) => (
            <span
              key={bar}
              className={cn(
                "h-1 rounded-full transition-colors",
                bar <= look.bars ? look.color : "bg-muted-foreground/20",
              )}
            />
          ))}
        </div>
      ) : null}
      <p aria-live="polite" className="text-[13px] leading-5 text-muted-foreground">
        {strength ? (
          <>
            <span className="font-medium text-foreground">Strength: {strength.label}</span>
            {strength.advice.length > 0 ? <> · {strength.advice.join(" ")}</> : null}
          </>
        ) : null}
      </p>
    </div>
  );
}

/**
 * The rule's verdict on `password`, computed a moment after typing pauses (zxcvbn takes tens of
 * milliseconds); the previous verdict stays meanwhile. Null for an empty password, or until the
 * dictionaries have loaded.
 */
export function usePasswordStrength(
  password: string,
  userInputs: UserInputs = [],
): PasswordStrength | null {
  const [judged, setJudged] = useState<{ password: string; strength: PasswordStrength } | null>(
    null,
  );
  // A key, so that a new array with the same words doesn't judge again.
  const inputsKey = userInputs.filter((input): input is string => Boolean(input)).join("\n");
  useEffect(() => {
    if (password === "") return;
    let live = true;
    const timer = setTimeout(() => {
      loadPasswordChecker().then(
        (check) => {
          if (live) setJudged({ password, strength: check(password, inputsKey.split("\n")) });
        },
        () => undefined, // no meter without its chunk; the server still checks the password
      );
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [password, inputsKey]);
  return password === "" ? null : (judged?.strength ?? null);
}
