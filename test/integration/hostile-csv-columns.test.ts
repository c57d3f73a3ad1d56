/**
 * Headers that used to stop an import: column names the engine uses itself, odd names of every
 * kind, and wide files (thousands of columns; a 900-column Contact export of ~110 MB) under the
 * 768 MB DuckDB memory limit. Each in bounded time (a vitest timeout, not a timing assertion).
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRawRecord } from '../../electron/engine/intake/rawRecord.js';
import { contactId } from '../helpers/hostileCsv.js';
import { fresh, run, withCase } from '../helpers/caseRun.js';
import { sql } from '../../electron/engine/store/sql.js';

const q = (v: string): string => `"${v.replaceAll('"', '""')}"`;

describe('headers and wide files', () => {
  it('an ELF file with columns named like the engine\'s own loads every row and column, with its events', async () => {
    const { dir, caseDir } = fresh('ls-columns-');
    const odd = ['_rec', '__source_id', '__file', 'rowid', '__row', '__ts', '__ls_rec', 'ROWID', '', 'Dup', 'dup', 'Dup_2', 'say "hi"', 'Ünïcødé 名前', 'L'.repeat(5000)];
    const header = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'USER_ID', ...odd];
    const rows = Array.from({ length: 250 }, (_, i) => ['RestApi', `20250726222419.${String(i).padStart(3, '0')}`, `REQ${i + 1}`, '0055j000000utlPAAQ', ...odd.map((_, c) => `v${i + 1}-${c}`)]);
    const file = path.join(dir, 'RestApi-2025-07-26.csv');
    writeFileSync(file, [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n');
    const r = await run([dir], caseDir);
    expect(r.sources[0]).toMatchObject({ kind: 'elf', rows: 250, rejectedRows: 0 });
    expect(r.events).toBe(250);
    await withCase(caseDir, async (db) => {
      const cols = await db.columns('src_1');
      // Every evidence column is there once, under its name (a blank one named by position, repeats and the engine's prefix told apart).
      expect(cols).toEqual(['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'USER_ID', '_rec', '__source_id', '__file', 'rowid', '__row', '__ts', 'x__ls_rec',
        'ROWID_2', 'column_13', 'Dup', 'dup_2', 'Dup_2_2', 'say "hi"', 'Ünïcødé 名前', 'L'.repeat(5000), '__ls_rec']);
      const row = await db.one<Record<string, string | number>>(sql`SELECT * FROM src_1 WHERE __ls_rec = 17`);
      expect(Object.values(row!)).toEqual([...rows[16]!, 17]);
      const ev = await db.all<{ source_record: number; request_id: string }>(sql`SELECT source_record, request_id FROM events ORDER BY source_record LIMIT 3`);
      expect(ev).toEqual([{ source_record: 1, request_id: 'REQ1' }, { source_record: 2, request_id: 'REQ2' }, { source_record: 3, request_id: 'REQ3' }]);
    });
  }, 60_000);

  it('a 2,000-column log file loads every row and column', async () => {
    const { dir, caseDir } = fresh('ls-columns-');
    const extra = Array.from({ length: 1996 }, (_, i) => `FIELD_${i + 1}`);
    const header = ['EVENT_TYPE', 'TIMESTAMP', 'REQUEST_ID', 'USER_ID', ...extra];
    const file = path.join(dir, 'RestApi-2025-07-27.csv');
    const lines = [header.map(q).join(',')];
    for (let i = 1; i <= 300; i++) lines.push(['RestApi', '20250727101010.000', `REQ${i}`, '0055j000000utlPAAQ', ...extra.map((_, c) => `${i}:${c}`)].map(q).join(','));
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await run([dir], caseDir);
    expect(r.sources[0]).toMatchObject({ rows: 300, rejectedRows: 0 });
    expect(r.events).toBe(300);
    await withCase(caseDir, async (db) => {
      expect((await db.columns('src_1')).length).toBe(2001);
      const v = await db.one<{ a: string; b: string; rec: number }>(sql`SELECT "FIELD_1" AS a, "FIELD_1996" AS b, __ls_rec AS rec FROM src_1 WHERE REQUEST_ID = 'REQ123'`);
      expect(v).toEqual({ a: '123:0', b: '123:1995', rec: 123 });
    });
  }, 120_000);

  it('a 900-column × 20,000-row Contact export loads within the memory limit and becomes the Contact snapshot', async () => {
    const { dir, caseDir } = fresh('ls-columns-');
    const custom = Array.from({ length: 892 }, (_, i) => `Custom_Field_${i + 1}__c`);
    const header = ['Id', 'FirstName', 'LastName', 'Email', 'MailingCountry', 'CreatedDate', 'LastModifiedDate', 'Birthdate', ...custom];
    const file = path.join(dir, 'Contact.csv');
    const out = createWriteStream(file);
    out.write(header.map(q).join(',') + '\n');
    for (let n = 1; n <= 20_000; n++) {
      const base = [contactId(n), `First${n}`, `Last${n}`, `p${n}@example.com`, 'Germany', '2023-04-20T13:07:09.000Z', '2024-01-02T03:04:05.000Z', '1980-05-06'];
      if (!out.write(base.map(q).join(',') + ',' + custom.map((_, c) => `v${(n + c) % 1000}`).join(',') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    const r = await run([dir], caseDir);
    expect(r.sources[0]).toMatchObject({ kind: 'sobject', detail: 'Contact', rows: 20_000, rejectedRows: 0 });
    await withCase(caseDir, async (db) => {
      const snap = await db.one<{ n: number; ids: number; ms: number }>(
        sql`SELECT count(*)::BIGINT AS n, count(DISTINCT Id)::BIGINT AS ids, max(__ls_ms_CreatedDate)::BIGINT AS ms FROM snap_contact`,
      );
      expect(snap).toEqual({ n: 20_000, ids: 20_000, ms: Date.parse('2023-04-20T13:07:09.000Z') });
      const row = await db.one<{ v: string; rec: number }>(sql`SELECT "Custom_Field_892__c" AS v, __ls_rec AS rec FROM snap_contact WHERE Id = ${contactId(12_345)}`);
      expect(row).toEqual({ v: `v${(12_345 + 891) % 1000}`, rec: 12_345 });
    });
    expect((await readRawRecord(file, 12_345))?.text.startsWith(`"${contactId(12_345)}","First12345"`)).toBe(true);
  }, 300_000);
});
