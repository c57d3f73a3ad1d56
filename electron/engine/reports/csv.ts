/**
 * RFC 4180 CSV text: every value quoted, quotes doubled, LF lines, UTF-8. Every cell is also made
 * inert for spreadsheets (OWASP "CSV injection"): a value that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe, so Excel, LibreOffice and Sheets show it as text
 * instead of evaluating it. Plain numbers (`-5`, `+3.2`) are left as they are.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The text a spreadsheet shows as written: a would-be formula is prefixed with an apostrophe. */
export function inertCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Quotes one value (null and undefined become empty), neutralised against formula injection. */
export function csvValue(v: unknown): string {
  if (v === null || v === undefined) return '""';
  return `"${inertCell(String(v)).replaceAll('"', '""')}"`;
}

/** A whole CSV document from a header and rows; `bom` prepends U+FEFF so Excel reads it as UTF-8. */
export function csvDocument(header: readonly string[], rows: readonly (readonly unknown[])[], options: { bom?: boolean } = {}): string {
  const text = [header, ...rows].map((r) => r.map(csvValue).join(',')).join('\n') + '\n';
  return options.bom ? `\uFEFF${text}` : text;
}
