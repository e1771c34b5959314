/** A CSV column: the header text and how to read the cell from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => string | number | null | undefined;
}

/**
 * Rows as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line
 * breaks quoted, quotes doubled), with a UTF-8 byte-order mark so spreadsheet programs read Chinese
 * correctly. Text cells that start with = + - @ or a tab are prefixed with an apostrophe so a
 * spreadsheet does not run them as formulas (CSV injection); numbers are written as they are.
 * @example toCsv([{ a: 1 }], [{ header: 'A', value: (r) => r.a }]) // '\uFEFFA\r\n1\r\n'
 */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const cell = (v: string | number | null | undefined): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
    const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
