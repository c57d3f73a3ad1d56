/**
 * The record rule intake's count check and `leakscope line` share, and the column names intake
 * gives a header: expectations worked out by hand from the bytes.
 */
import { describe, expect, it } from 'vitest';
import { columnNames } from '../../electron/engine/intake/internalColumns.js';
import { LineCounter, RecordScanner, type ScannedRecord } from '../../electron/engine/intake/recordScan.js';

function scan(text: string, fields = 3, chunk = 3, maxRecordBytes = 1000): { records: ScannedRecord[]; scanner: RecordScanner } {
  const records: ScannedRecord[] = [];
  const scanner = new RecordScanner({ delimiter: ',', fields, maxRecordBytes, keep: true }, (r) => records.push({ ...r, slices: [Buffer.concat(r.slices)] }));
  const bytes = Buffer.from(text);
  // Small chunks: records, quotes and CRLFs cut across chunk boundaries.
  for (let i = 0; i < bytes.length; i += chunk) scanner.push(bytes.subarray(i, i + chunk));
  scanner.end();
  return { records, scanner };
}

const texts = (rs: ScannedRecord[]): string[] => rs.map((r) => r.slices[0]!.toString('utf8'));

describe('the record scanner', () => {
  it('ends records at line feeds outside quotes, keeps quoted line breaks and doubled quotes inside', () => {
    const { records, scanner } = scan('A,B,C\n1,"two\nlines",3\n"q""uote",x,"y"\r\n4,5,6');
    expect(texts(records)).toEqual(['A,B,C', '1,"two\nlines",3', '"q""uote",x,"y"', '4,5,6']);
    expect(records.map((r) => [r.record, r.line, r.byte, r.fields, r.problem])).toEqual([
      [0, 1, 0, 3, null], [1, 2, 6, 3, null], [2, 4, 22, 3, null], [3, 5, 39, 3, null],
    ]);
    expect(scanner.records).toBe(3);
  });

  it('flags wrong field counts, stray quotes, unterminated quotes and over-long records, each on its own record', () => {
    const { records } = scan('A,B,C\na,b\n1,2,3,4\nab"cd,e,f\n"x"y,2,3\n' + 'z'.repeat(30) + ',1,2\n7,8,9\n"open,1,2\nmore', 3, 4, 20);
    expect(records.map((r) => [r.record, r.problem])).toEqual([
      [0, null], [1, 'MISSING COLUMNS'], [2, 'TOO MANY COLUMNS'], [3, 'UNQUOTED VALUE'], [4, 'UNQUOTED VALUE'],
      [5, 'LINE SIZE OVER MAXIMUM'], [6, null], [7, 'UNTERMINATED QUOTES'],
    ]);
    expect(texts(records)[7]).toBe('"open,1,2\nmore');
  });

  it('allows spaces after a closing quote, as DuckDB does, but nothing else', () => {
    const { records } = scan('A,B,C\n1,"x"  ,3\n1,"x" y,3\n1,"x" "y",3\n', 3, 2);
    expect(records.map((r) => [r.record, r.fields, r.problem])).toEqual([[0, 3, null], [1, 3, null], [2, 3, 'UNQUOTED VALUE'], [3, 3, 'UNQUOTED VALUE']]);
  });

  it('does not count blank lines (empty or a lone carriage return) as records, and says which lie between records', () => {
    const { records, scanner } = scan('\ufeffA,B,C\r\n1,2,3\r\n\r\n\n4,5,6\r\n\r\n');
    expect(texts(records)).toEqual(['\ufeffA,B,C', '1,2,3', '4,5,6']);
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(scanner.blankLines).toBe(3);
    expect(scanner.interiorBlankLines).toBe(2);
  });

  it('counts physical lines with or without a final line feed', () => {
    const count = (...chunks: string[]): number => {
      const c = new LineCounter();
      for (const x of chunks) c.push(Buffer.from(x));
      return c.lines;
    };
    expect(count('A\n1\n2\n')).toBe(3);
    expect(count('A\n1\n', '2')).toBe(3);
    expect(count('')).toBe(0);
  });
});

describe('column names from a header', () => {
  it('keeps evidence names, names blanks by position, numbers repeats and moves names out of the engine\'s namespace', () => {
    expect(columnNames(['Id', '', ' Name ', 'name', 'Name_2', '__ls_rec', '_rec', 'rowid', 'ROWID'])).toEqual([
      'Id', 'column_2', 'Name', 'name_2', 'Name_2_2', 'x__ls_rec', '_rec', 'rowid', 'ROWID_2',
    ]);
  });
});
