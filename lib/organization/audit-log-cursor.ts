import { idField } from "@/lib/forms/fields";

// A position in the audit log (keyset pagination): an event's time and id, as the page's links
// carry it (?after= or ?before=). The URL's text is anyone's, so decoding checks what comes out:
// an id with NUL in it, or a time PostgreSQL can't hold (the year 0, -271821…), failed the page
// with a database error.

export interface AuditLogPosition {
  createdAt: Date;
  id: string;
}

/** The earliest and latest times a position may name: the years 1 to 9999. */
const EARLIEST = Date.parse("0001-01-01T00:00:00.000Z");
const LATEST = Date.parse("9999-12-31T23:59:59.999Z");

export function encodeAuditLogCursor(row: AuditLogPosition): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

/** The position a cursor names, or null when it names none (then the first page is shown). */
export function decodeAuditLogCursor(cursor: string | undefined): AuditLogPosition | null {
  if (!cursor) return null;
  const parts = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (parts.length !== 2) return null;
  const [iso = "", id = ""] = parts;
  const createdAt = new Date(iso);
  const time = createdAt.getTime();
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST) return null;
  return idField.safeParse(id).success ? { createdAt, id } : null;
}
