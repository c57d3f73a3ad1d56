/**
 * quarantine.csv written by DuckDB (quarantineFile.ts) holds every quarantined row in the bytes csv.ts writes for the
 * same rows read into JavaScript (readQuarantine + csvDocument, the earlier writer): hostile cells, quotes, line
 * breaks, blank reasons and missing lines included, and more rows than the JavaScript reader's cap.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readQuarantine } from '../../electron/engine/importCase.js';
import { csvDocument } from '../../electron/engine/reports/csv.js';
import { writeQuarantineCsv } from '../../electron/engine/reports/quarantineFile.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';

const HEADER = ['SourceId', 'File', 'Line', 'Reason', 'RawText'];
let db: CaseDb;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-quarantine-'));
  db = await CaseDb.open(':memory:');
  await migrate(db);
  // Named as outputs name them: relative to the folder given (`evidence/…`), or the file name of a file given alone.
  for (const [id, file, name] of [[1, '/abs/evidence/Login "2025".csv', 'evidence/Login "2025".csv'], [2, '/abs/=cmd.csv', '=cmd.csv']] as const) {
    await db.run(sql`INSERT INTO sources (id, path, name, sha256, bytes, modified_at, kind, imported_at) VALUES (${id}, ${file}, ${name}, 'h', 1, 'm', 'elf', 'i')`);
  }
  const rows: [number, number | null, string | null, string | null, string | null][] = [
    [1, 3, 'TOO MANY COLUMNS', 'Expected 5 columns, found 6', '"a","b",=HYPERLINK("http://x")'],
    [1, 5, null, 'unterminated quote', 'line one\nline two, "quoted"'],
    [1, 7, '', '', '+cmd|\' /C calc\'!A0'],
    [2, null, 'INVALID UNICODE', null, null],
    [2, 2, '-bad', '@SUM(A1)', '-5'],
  ];
  for (const [source, line, type, message, rawText] of rows) {
    await db.run(sql`INSERT INTO quarantine (source_id, line, error_type, message, raw_text) VALUES (${source}, ${line}, ${type}, ${message}, ${rawText})`);
  }
});

afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('quarantine.csv from the table', () => {
  it('is byte for byte what csv.ts writes for the rows read into JavaScript', async () => {
    const file = path.join(dir, 'quarantine.csv');
    await writeQuarantineCsv(db, file);
    const rows = await readQuarantine(db, 'all');
    expect(rows).toHaveLength(5);
    const names: Record<number, string> = { 1: 'evidence/Login "2025".csv', 2: '=cmd.csv' };
    expect(readFileSync(file, 'utf8')).toBe(csvDocument(HEADER, rows.map((q) => [q.sourceId, names[q.sourceId], q.line, q.reason, q.raw])));
  });

  it('writes only the header when nothing was quarantined', async () => {
    const empty = await CaseDb.open(':memory:');
    await migrate(empty);
    const file = path.join(dir, 'empty.csv');
    await writeQuarantineCsv(empty, file);
    empty.close();
    expect(readFileSync(file, 'utf8')).toBe(csvDocument(HEADER, []));
  });

  it('keeps every row, beyond the 100,000 the JavaScript reader stopped at', async () => {
    await db.run(sql`INSERT INTO quarantine (source_id, line, error_type, message, raw_text)
      SELECT 2, 10 + i, 'MISSING COLUMNS', 'Expected 5 columns, found 4', 'x,y,z,' || i FROM range(100000) t(i)`);
    const file = path.join(dir, 'many.csv');
    await writeQuarantineCsv(db, file);
    const lines = readFileSync(file, 'utf8').split('\n');
    // Header, 5 + 100,000 rows (one of them spans two lines), and the empty string after the last LF.
    expect(lines.length).toBe(1 + 100_005 + 1 + 1);
    // By source and line, a row without a line last.
    expect(lines.slice(-3, -1)).toEqual(['"2","\'=cmd.csv","100009","MISSING COLUMNS: Expected 5 columns, found 4","x,y,z,99999"', '"2","\'=cmd.csv","","INVALID UNICODE",""']);
  });
});
