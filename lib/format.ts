// How dates read in the app. One time zone (UTC) and one language for everyone, so that what the
// server renders never depends on where it runs.

/** "1 Dec 2026, 14:00 UTC" */
export function formatDateTime(date: Date): string {
  return (
    date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) +
    " UTC"
  );
}

/** "1 December 2026" */
export function formatDay(date: Date): string {
  return date.toLocaleDateString("en-GB", { dateStyle: "long", timeZone: "UTC" });
}
