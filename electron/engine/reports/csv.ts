/** RFC 4180 CSV text: every value quoted, quotes doubled, CRLF-free LF lines, UTF-8. */

/** Quotes one value (null and undefined become empty). */
export function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '""';
  return `"${String(v).replaceAll('"', '""')}"`;
}

/** A whole CSV document from a header and rows. */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvValue).join(',')).join('\n') + '\n';
}
