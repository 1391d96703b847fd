// CSV as spreadsheets read it (RFC 4180), safe to open: a cell that a spreadsheet would take for
// a formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe,
// so "=HYPERLINK(…)" in someone's name stays text. The app's CSV downloads (the audit log, the
// access review) are all written with these.
import { log } from "@/lib/log";

const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvCells = readonly (string | null | undefined)[];

/** One cell: quoted when it holds a comma, a quote or a line break; formulas neutralised. */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, ended with CRLF as RFC 4180 has it. */
export function csvRow(cells: CsvCells): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

/**
 * A CSV body: the header, then each row as `rows` yields it, read only as fast as the client takes
 * them (so memory stays constant however many rows there are). A failure mid-way is logged as
 * `what` and ends the download with an error, never a silently short file.
 */
export function csvStream(
  header: CsvCells,
  rows: AsyncGenerator<CsvCells>,
  what: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(header)));
    },
    async pull(controller) {
      try {
        const next = await rows.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRow(next.value)));
      } catch (error) {
        log.error({ err: error }, `${what} failed`);
        controller.error(error);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
}

/** A CSV body as a download named `filename` (letters, digits, dots and dashes only). */
export function csvDownload(body: ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
