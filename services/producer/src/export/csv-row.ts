/** A CSV cell before formatting; `undefined` (an absent optional field) is an empty cell. */
export type CsvValue = string | number | boolean | undefined;

/** RFC 4180 §2.1: records end with CRLF, the last one included. */
export const CSV_LINE_END = '\r\n';

// RFC 4180 §2.6: a field holding a comma, a double quote or a line break must be quoted.
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CsvValue): string {
  if (value === undefined) return '';
  const text = String(value);
  // §2.7: a double quote inside a quoted field is escaped by another one.
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV record, line end included. */
export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',') + CSV_LINE_END;
}
