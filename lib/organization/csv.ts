// CSV as spreadsheets read it (RFC 4180), safe to open: a cell that a spreadsheet would take for
// a formula (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe,
// so "=HYPERLINK(…)" in someone's name stays text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: quoted when it holds a comma, a quote or a line break; formulas neutralised. */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line, ended with CRLF as RFC 4180 has it. */
export function csvRow(cells: readonly (string | null | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
