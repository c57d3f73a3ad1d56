/**
 * CSV as Salesforce writes Event Monitoring files and Data Loader writes exports:
 * every field double-quoted, embedded quotes doubled, LF line endings, trailing newline.
 */

/** One quoted field. */
export function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** One CSV line, without the line ending. */
export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',');
}

/** A whole CSV document: header, rows, LF endings and a trailing newline. */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[]): string {
  let out = csvLine(header) + '\n';
  for (const row of rows) out += csvLine(row) + '\n';
  return out;
}
