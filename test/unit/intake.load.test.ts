import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCsvGroup } from '../../electron/engine/intake/load.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { ident, sql } from '../../electron/engine/store/sql.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-load-'));
let db: CaseDb;

beforeAll(async () => {
  db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  await migrate(db);
});
afterAll(() => db.close());

const HEADER = '"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID","ROWS_PROCESSED"';
const REST = { header: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'USER_ID', 'ROWS_PROCESSED'] };
const row = (n: number, extra = ''): string => `"RestApi","20250726222419.${String(n % 1000).padStart(3, '0')}","REQ${n}","0055j000000utlP","${n}"${extra}`;
const write = (name: string, lines: string[]): string => {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
};

describe('loading CSV sources', () => {
  it('keeps good rows with their record numbers and quarantines malformed ones with file and line', async () => {
    const file = write('RestApi-bad.csv', [HEADER, row(1), row(2), row(3, ',"unexpected"'), row(4), '"RestApi","2025"', row(6), row(7)]);
    const out = await loadCsvGroup(db, 't1', [{ sourceId: 1, path: file }], REST);
    expect(out.loaded.get(1)).toMatchObject({ rows: 5, rejected: 2 });
    const kept = await db.all<{ REQUEST_ID: string; __ls_rec: number }>(sql`SELECT REQUEST_ID, __ls_rec FROM src_1 ORDER BY __ls_rec`);
    // Each kept row's record number is its position among the file's data records.
    expect(kept.map((k) => [k.REQUEST_ID, k.__ls_rec])).toEqual([['REQ1', 1], ['REQ2', 2], ['REQ4', 4], ['REQ6', 6], ['REQ7', 7]]);
    const q = await db.all<{ line: number; error_type: string }>(sql`SELECT line, error_type FROM quarantine WHERE source_id = 1 ORDER BY line`);
    expect(q).toEqual([{ line: 4, error_type: 'TOO MANY COLUMNS' }, { line: 6, error_type: 'MISSING COLUMNS' }]);
  });

  it('loads many same-header files in one scan, each row traced to its own file and record', async () => {
    const a = write('RestApi-a.csv', [HEADER, row(1), row(2), row(3)]);
    const b = write('RestApi-b.csv', [HEADER, row(11), '"RestApi","x","y","z","w","v","u"', row(13), row(14)]);
    const c = write('RestApi-c.csv', [HEADER]);
    const d = write('RestApi-d.csv', [HEADER, row(31)]);
    const out = await loadCsvGroup(db, 't2', [{ sourceId: 21, path: a }, { sourceId: 22, path: b }, { sourceId: 23, path: c }, { sourceId: 24, path: d }], REST);
    expect([...out.loaded.entries()].sort().map(([k, v]) => [k, { rows: v.rows, rejected: v.rejected }])).toEqual([[21, { rows: 3, rejected: 0 }], [22, { rows: 3, rejected: 1 }], [23, { rows: 0, rejected: 0 }], [24, { rows: 1, rejected: 0 }]]);
    const rows = await db.all<{ s: number; id: string; r: number }>(sql`SELECT __ls_source_id AS s, REQUEST_ID AS id, __ls_rec AS r FROM ${ident(out.view!)} ORDER BY s, r`);
    expect(rows.map((x) => `${x.s}:${x.id}@${x.r}`)).toEqual(['21:REQ1@1', '21:REQ2@2', '21:REQ3@3', '22:REQ11@1', '22:REQ13@3', '22:REQ14@4', '24:REQ31@1']);
    const q = await db.all<{ source_id: number; line: number }>(sql`SELECT source_id, line FROM quarantine WHERE source_id BETWEEN 21 AND 24`);
    expect(q).toEqual([{ source_id: 22, line: 3 }]);
  });

  it('retries alone a file that breaks its group, and names the one that cannot be read', async () => {
    const good = write('Login-good.csv', ['"EVENT_TYPE","TIMESTAMP"', '"Login","20250726222419.439"']);
    const bad = path.join(dir, 'Login-bad.csv');
    writeFileSync(bad, Buffer.concat([Buffer.from('"EVENT_TYPE","TIMESTAMP"\n"Login","'), Buffer.from([0xff, 0xfe, 0xfa]), Buffer.from('"\n')]));
    const out = await loadCsvGroup(db, 't3', [{ sourceId: 31, path: good }, { sourceId: 32, path: bad }], { header: ['EVENT_TYPE', 'TIMESTAMP'] });
    expect(out.loaded.get(31)).toMatchObject({ rows: 1, rejected: 0 });
    expect(out.loaded.has(32) || out.failed.has(32)).toBe(true);
    if (out.failed.has(32)) expect(out.failed.get(32)).toMatch(/\S/);
  });

  it('keeps the good rows of a file whose unbalanced quotes defeat CSV sniffing', async () => {
    const file = write('Login-unbalanced.csv', [
      '"EVENT_TYPE","TIMESTAMP","REQUEST_ID"',
      '"Login","20250726222419.439","R1"',
      '"Login","20250726222419.440","R2 has "a quote" inside"',
      '"Login","20250726222419.441,"R3"',
      '"Login","20250726222419.442","R4"',
      '"Login","20250726222419.443","R5"',
    ]);
    const out = await loadCsvGroup(db, 't6', [{ sourceId: 61, path: file }], { header: ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID'] });
    expect(out.loaded.get(61)).toMatchObject({ rows: 3, rejected: 2 });
    const kept = await db.all<{ REQUEST_ID: string; __ls_rec: number }>(sql`SELECT REQUEST_ID, __ls_rec FROM src_61 ORDER BY __ls_rec`);
    expect(kept.map((k) => `${k.REQUEST_ID}@${k.__ls_rec}`)).toEqual(['R1@1', 'R4@4', 'R5@5']);
    const q = await db.all<{ line: number; error_type: string }>(sql`SELECT line, error_type FROM quarantine WHERE source_id = 61 ORDER BY line`);
    expect(q.map((r) => r.line)).toEqual([3, 4]);
    expect(q[0]!.error_type).toContain('UNQUOTED VALUE');
  });

  it('keeps embedded newlines and quotes inside values, and reads every value as text', async () => {
    const file = path.join(dir, 'BulkApi-multiline.csv');
    writeFileSync(file, `"EVENT_TYPE","MESSAGE","CODE"\n"BulkApi","""success""","007"\n"BulkApi","line one\nline two","010"\n"BulkApi","say ""hi""","2"\n`);
    await loadCsvGroup(db, 't4', [{ sourceId: 41, path: file }], { header: ['EVENT_TYPE', 'MESSAGE', 'CODE'] });
    const rows = await db.all<{ MESSAGE: string; CODE: string; __ls_rec: number }>(sql`SELECT MESSAGE, CODE, __ls_rec FROM src_41 ORDER BY __ls_rec`);
    expect(rows.map((r) => r.MESSAGE)).toEqual(['"success"', 'line one\nline two', 'say "hi"']);
    expect(rows.map((r) => r.CODE)).toEqual(['007', '010', '2']);
    expect(rows.map((r) => r.__ls_rec)).toEqual([1, 2, 3]);
  });

  it('numbers records correctly across many row groups and files', async () => {
    const big1 = write('RestApi-big1.csv', [HEADER, ...Array.from({ length: 200_000 }, (_, i) => row(i + 1))]);
    const lines = [HEADER];
    for (let i = 1; i <= 300_000; i++) lines.push(i === 150_000 ? '"RestApi","broken"' : row(i));
    const big2 = write('RestApi-big2.csv', lines);
    const out = await loadCsvGroup(db, 't5', [{ sourceId: 51, path: big1 }, { sourceId: 52, path: big2 }], REST);
    expect(out.loaded.get(52)).toMatchObject({ rows: 299_999, rejected: 1 });
    const bad = await db.one<{ n: number }>(sql`SELECT count(*)::BIGINT AS n FROM ${ident(out.view!)} WHERE "ROWS_PROCESSED"::BIGINT <> __ls_rec`);
    expect(bad?.n).toBe(0);
  });
});
