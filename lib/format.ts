/** One time zone for everyone, so the server's rendering never depends on where it runs. */
export function formatDate(date: Date): string {
  return (
    date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) +
    " UTC"
  );
}
