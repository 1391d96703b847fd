"use client";

import { useSyncExternalStore, type ComponentProps } from "react";

const noSubscription = () => () => undefined;

/** False while the server's HTML is on screen and React has not taken over yet, then true. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * A <form> whose controls can't be used until the page is interactive. Until React has hydrated
 * it, the form's submit handler and validation don't exist yet, and what someone types could be
 * mixed with what React renders: so its fields are disabled (through a fieldset, which takes no
 * room) for that moment, and keep their look while they are.
 */
export function Form({ children, ...props }: ComponentProps<"form">) {
  const hydrated = useHydrated();
  return (
    <form {...props}>
      <fieldset
        disabled={!hydrated}
        data-hydrating={hydrated ? undefined : ""}
        className="contents"
      >
        {children}
      </fieldset>
    </form>
  );
}
