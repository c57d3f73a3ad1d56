import { describe, expect, it } from 'vitest';
import { csvDocument, csvValue, inertCell } from '../../electron/engine/reports/csv.js';

/** Parses RFC 4180 text (every field quoted) back into rows, independently of the writer. */
function parseQuoted(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '\n') { rows.push(row); row = []; i++; continue; }
    if (text[i] === ',') { i++; continue; }
    expect(text[i]).toBe('"');
    let value = '';
    i++;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') { value += '"'; i += 2; } else if (text[i] === '"') { i++; break; } else { value += text[i]; i++; }
    }
    row.push(value);
  }
  return rows;
}

describe('CSV cells are inert in spreadsheets (OWASP CSV injection)', () => {
  const hostile = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1+1', '\r=1', '-2+3+cmd|x', '=1+1'];
  it.each(hostile)('neutralises %j with a leading apostrophe and keeps the rest as written', (value) => {
    const cell = parseQuoted(csvDocument(['Name'], [[value]]))[1]?.[0];
    expect(cell).toBe(`'${value}`);
  });
  it.each(['-5', '+3.25', '-0.5e3', 'Zoë Müller', 'a=b', "O'Brien", ''])('leaves %j unchanged', (value) => {
    expect(inertCell(value)).toBe(value);
  });
  it('quotes quotes, commas and line breaks and keeps null empty', () => {
    const doc = csvDocument(['A', 'B', 'C'], [['say "hi", then\nleave', null, 42]]);
    expect(parseQuoted(doc)).toEqual([['A', 'B', 'C'], ['say "hi", then\nleave', '', '42']]);
    expect(csvValue(undefined)).toBe('""');
  });
  it('writes a UTF-8 byte order mark only when asked', () => {
    expect(csvDocument(['A'], [['é']], { bom: true }).charCodeAt(0)).toBe(0xfeff);
    expect(csvDocument(['A'], [['é']]).charCodeAt(0)).toBe('"'.charCodeAt(0));
  });
});
