/** A strict reader for the fully quoted CSV Leakscope writes (values may contain quotes and newlines). */
export function parseQuotedCsv(text: string): string[][] {
  const rows: string[][] = [];
  const re = /"((?:[^"]|"")*)"(,|\n|$)/g;
  let row: string[] = [];
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (m = re.exec(text)) !== null) {
    if (m.index !== at) throw new Error(`unquoted or malformed CSV at offset ${at}`);
    row.push(m[1]!.replaceAll('""', '"'));
    at = re.lastIndex;
    if (m[2] !== ',') {
      rows.push(row);
      row = [];
    }
    if (m[0].length === 0) break;
  }
  return rows;
}
