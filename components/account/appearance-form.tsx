"use client";

import { Monitor, Moon, Sun } from "lucide-react";
import { useState, useTransition } from "react";
import { setThemeAction } from "@/lib/account/actions";
import { toast } from "@/components/ui/toaster";
import { cn } from "@/lib/utils/cn";

type Theme = "light" | "dark" | "system";
const OPTIONS = [
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
  { value: "system", label: "System", icon: Monitor },
] as const;

export function AppearanceForm({ theme }: { theme: Theme }) {
  const [value, setValue] = useState<Theme>(theme);
  const [pending, startTransition] = useTransition();

  function choose(next: Theme) {
    const previous = value;
    setValue(next);
    document.documentElement.classList.remove("light", "dark", "system");
    document.documentElement.classList.add(next);
    startTransition(async () => {
      const result = await setThemeAction({ theme: next });
      if (result.ok) {
        toast.success("Appearance saved");
      } else {
        setValue(previous);
        document.documentElement.classList.remove(next);
        document.documentElement.classList.add(previous);
        toast.error(result.error);
      }
    });
  }

  return (
    <fieldset aria-busy={pending || undefined}>
      <legend className="sr-only">Theme</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        {OPTIONS.map(({ value: option, label, icon: Icon }) => (
          <label
            key={option}
            className={cn(
              "flex cursor-pointer items-center gap-3 rounded-lg border border-border p-3 text-sm font-medium transition-colors",
              "has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-ring",
              value === option ? "border-primary bg-primary/5" : "hover:bg-accent",
            )}
          >
            <input
              type="radio"
              name="theme"
              value={option}
              checked={value === option}
              onChange={() => choose(option)}
              className="accent-primary"
            />
            <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
