/** A native <select> styled like the Input primitive (light and dark through the theme tokens). */
export const selectClass =
  "h-9 w-full min-w-0 rounded-md border border-input bg-background px-2.5 text-sm text-foreground shadow-xs " +
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring " +
  "aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60";

/** A native <textarea> styled like the Input primitive. */
export const textareaClass =
  "flex min-h-20 w-full min-w-0 rounded-md border border-input bg-background px-3 py-2 text-base text-foreground shadow-xs sm:text-sm " +
  "outline-hidden placeholder:text-muted-foreground transition-[border-color,box-shadow] " +
  "focus-visible:border-ring focus-visible:ring-3 focus-visible:ring-ring/25 " +
  "aria-invalid:border-danger aria-invalid:focus-visible:ring-danger/25";
