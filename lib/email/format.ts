const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** "Monday, 1 December 2026 at 14:00 UTC": the same on every server, whatever its locale. */
export function formatEmailDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  const weekday = WEEKDAYS[date.getUTCDay()] ?? "";
  const month = MONTHS[date.getUTCMonth()] ?? "";
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
  return `${weekday}, ${date.getUTCDate()} ${month} ${date.getUTCFullYear()} at ${time} UTC`;
}

/** A subject is one header line: no control characters, no runs of spaces. */
export function subjectLine(value: string): string {
  return value
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}
