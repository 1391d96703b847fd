// How dates read in the app. One time zone (UTC) and one language for everyone, so that what the
// server renders never depends on where it runs.

// Made once: Date#toLocaleString with options builds a new formatter on every call, and a page
// formats a date per row.
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});
const DAY = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone: "UTC" });

/** "1 Dec 2026, 14:00 UTC" */
export function formatDateTime(date: Date): string {
  return `${DATE_TIME.format(date)} UTC`;
}

/** "1 December 2026" */
export function formatDay(date: Date): string {
  return DAY.format(date);
}
