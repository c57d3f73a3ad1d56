import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvSource } from '../../electron/engine/intake/load.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-load-'));
let db: CaseDb;

beforeAll(async () => {
  db = await CaseDb.open(':memory:');
  await migrate(db);
});
afterAll(() => db.close());

const HEADER = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID","ROWS_PROCESSED"';
const row = (n: number, extra = ''): string => `"RestApi","20250726222419.${String(n).padStart(3, '0')}","REQ${n}","0055j000000utlP","${n}"${extra}`;

describe('loading a CSV source', () => {
  it('keeps good rows with their record numbers and quarantines malformed ones with their line', async () => {
    const lines = [HEADER, row(1), row(2), row(3, ',"unexpected"'), row(4), '"RestApi","2025"', row(6), row(7)];
    const file = path.join(dir, 'RestApi-bad.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const out = await loadCsvSource(db, 1, file);
    expect(out.rows).toBe(5);
    expect(out.rejected).toBe(2);
    const kept = await db.all<{ REQUEST_ID: string; _rec: number }>(`SELECT REQUEST_ID, _rec FROM ${out.table} ORDER BY _rec`);
    // Each kept row's record number is its position among the file's data records.
    expect(kept.map((k) => [k.REQUEST_ID, k._rec])).toEqual([['REQ1', 1], ['REQ2', 2], ['REQ4', 4], ['REQ6', 6], ['REQ7', 7]]);
    const q = await db.all<{ line: number; error_type: string }>('SELECT line, error_type FROM quarantine WHERE source_id = 1 ORDER BY line');
    expect(q.map((r) => r.line)).toEqual([4, 6]);
    expect(q.map((r) => r.error_type)).toEqual(['TOO MANY COLUMNS', 'MISSING COLUMNS']);
  });

  it('keeps embedded newlines and quotes inside values', async () => {
    const file = path.join(dir, 'BulkApi-multiline.csv');
    writeFileSync(file, `"EVENT_TYPE","MESSAGE"\n"BulkApi","""success"""\n"BulkApi","line one\nline two"\n"BulkApi","say ""hi"""\n`);
    const out = await loadCsvSource(db, 2, file);
    expect(out.rows).toBe(3);
    const rows = await db.all<{ MESSAGE: string; _rec: number }>(`SELECT MESSAGE, _rec FROM ${out.table} ORDER BY _rec`);
    expect(rows.map((r) => r.MESSAGE)).toEqual(['"success"', 'line one\nline two', 'say "hi"']);
    expect(rows.map((r) => r._rec)).toEqual([1, 2, 3]);
  });

  it('reads every value as text, never guessing types', async () => {
    const file = path.join(dir, 'Contact.csv');
    writeFileSync(file, 'Id,PostalCode,Phone\n0035j00000AbCdE,02134,+1 555 0100\n');
    const out = await loadCsvSource(db, 3, file);
    const r = await db.one<{ PostalCode: string }>(`SELECT PostalCode FROM ${out.table}`);
    expect(r?.PostalCode).toBe('02134');
  });
});

describe('record numbers on a large source', () => {
  it('match the position in the file across many row groups', async () => {
    const file = path.join(dir, 'RestApi-large.csv');
    const lines = [HEADER];
    for (let i = 1; i <= 300_000; i++) lines.push(i === 150_000 ? '"RestApi","broken"' : row(i));
    writeFileSync(file, lines.join('\n') + '\n');
    const out = await loadCsvSource(db, 9, file);
    expect(out.rows).toBe(299_999);
    const bad = await db.one<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${out.table} WHERE "ROWS_PROCESSED"::BIGINT <> _rec`);
    expect(bad?.n).toBe(0);
  });
});
