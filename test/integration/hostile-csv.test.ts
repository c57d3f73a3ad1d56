/**
 * Hostile CSV evidence, taken in through the same import the CLI and the app use: every record of
 * every file is loaded or quarantined with its line, the per-file count check adds up, and record
 * numbers (`__ls_rec`, and `leakscope line`'s lookup) are exactly the generator's.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../../electron/engine/importCase.js';
import { readRawRecord } from '../../electron/engine/intake/rawRecord.js';
import { contactsWithJunk, writeCsv, type GeneratedCsv } from '../helpers/hostileCsv.js';
import { fresh, run, withCase } from '../helpers/caseRun.js';
import { ident, sql } from '../../electron/engine/store/sql.js';

type Count = { records_seen: number; loaded: number; quarantined: number; method: string; adds_up: boolean; note: string | null };

/** Checks one imported file against its generator: rows, quarantined lines, record numbers, count check. */
async function expectExact(r: ImportOutcome, caseDir: string, file: string, csv: GeneratedCsv): Promise<Count> {
  const src = r.sources.find((s) => s.path === file)!;
  const good = csv.records.flatMap((x, i) => (x.kind === 'good' ? [{ rec: i + 1, id: x.id }] : []));
  expect(src.rows).toBe(good.length);
  expect(src.rejectedRows).toBe(csv.junkRecords.length);
  expect(r.quarantine.filter((q) => q.sourceId === src.id).map((q) => q.line)).toEqual(csv.junkRecords.map((n) => n + 1));
  return withCase(caseDir, async (db) => {
    const rows = await db.all<{ rec: number; id: string }>(sql`SELECT __ls_rec AS rec, Id AS id FROM ${ident(`src_${src.id}`)} ORDER BY __ls_rec`);
    expect(rows).toEqual(good);
    const count = await db.one<Count>(sql`SELECT * EXCLUDE (source_id) FROM record_counts WHERE source_id = ${src.id}`);
    expect(count).toMatchObject({ records_seen: csv.records.length, loaded: good.length, quarantined: csv.junkRecords.length, adds_up: true });
    return count!;
  });
}

/** `leakscope line` for a few records returns exactly the text the generator wrote there. */
async function expectLineLookups(file: string, csv: GeneratedCsv, records: number[], eol = '\n'): Promise<void> {
  for (const n of records) {
    const got = await readRawRecord(file, n);
    expect(got?.text).toBe(csv.records[n - 1]!.text.replaceAll('\n', eol));
  }
}

const JUNK = ['a,b', 'x', '=1+1,@SUM(A1)', 'ab"cd'];

describe('hostile CSV evidence', () => {
  it('one junk line of each kind in a 3,000-row Contact export: every row loaded, each junk line quarantined at its line', async () => {
    const { dir, caseDir } = fresh('ls-hostile-');
    const files: [string, GeneratedCsv][] = [...JUNK, 'extra'].map((j, i) => {
      const junk = j === 'extra' ? `${'"0035j0000099999AAA",'.repeat(8)}"one too many"` : j;
      const csv = contactsWithJunk(3000, new Map([[493 + i, junk]]));
      const sub = path.join(dir, `case${i}`);
      mkdirSync(sub);
      const file = path.join(sub, 'Contact.csv');
      writeCsv(file, csv);
      return [file, csv];
    });
    const r = await run([dir], caseDir);
    for (const [file, csv] of files) {
      // Streets with line breaks: lines and records differ, so the records were counted by the quote-aware scan.
      expect((await expectExact(r, caseDir, file, csv)).method).toBe('records');
      await expectLineLookups(file, csv, [1, csv.junkRecords[0]! - 1, csv.junkRecords[0]! + 1, 3001]);
    }
  }, 120_000);

  it('a CRLF export with blank lines (DuckDB\'s reader gives up on it) is read record by record, nothing lost', async () => {
    const { dir, caseDir } = fresh('ls-hostile-');
    const csv = contactsWithJunk(2000, new Map([[700, 'junk,line'], [1500, '"unclosed","x"y"']]));
    const file = path.join(dir, 'Contact.csv');
    writeCsv(file, csv, { eol: '\r\n', blankAfter: [10, 11, 999], bom: true });
    const r = await run([dir], caseDir);
    const count = await expectExact(r, caseDir, file, csv);
    expect(count.method).toBe('fallback');
    expect(r.warnings.join('\n')).toMatch(/Contact\.csv: read record by record/);
    await expectLineLookups(file, csv, [1, 10, 11, 12, 699, 701, 1000, 2002], '\r\n');
  }, 120_000);

  it('fields of tens of MB load (read again with a longer line size); a record over 64 MiB is refused with its size, the next kept', async () => {
    const { dir, caseDir } = fresh('ls-hostile-');
    const big = (mb: number, c: string): string =>
      `"0035j00000${mb}000AAA","Big","Field","b@example.com","${c.repeat(mb * 1024 * 1024)}","City","Germany","2023-01-01T00:00:00.000Z"`;
    const csv = contactsWithJunk(8, new Map([[3, big(70, 'y')]]));
    csv.records.splice(1, 0, { kind: 'good', id: '0035j0000020000AAA', text: big(20, 'x') }); // record 2: a 20 MB street
    csv.junkRecords = [4];
    const file = path.join(dir, 'Contact.csv');
    writeCsv(file, csv);
    const r = await run([dir], caseDir);
    const count = await expectExact(r, caseDir, file, csv);
    expect(count.method).toBe('fallback');
    expect(r.quarantine[0]!.reason).toMatch(/LINE SIZE OVER MAXIMUM: record 4, physical line 5: .*\(734\d{5} bytes; the limit is 67108864\)/);
    await withCase(caseDir, async (db) => {
      expect(await db.one(sql`SELECT length(MailingStreet) AS n, __ls_rec AS rec FROM src_1 WHERE Id = '0035j0000020000AAA'`)).toEqual({ n: 20 * 1024 * 1024, rec: 2 });
    });
    await expectLineLookups(file, csv, [1, 3, 5, 9]);
  }, 180_000);

  it('thousands of junk lines in a 200,000-row log file: numbering stays exact and linear (bounded time)', async () => {
    const { dir, caseDir } = fresh('ls-hostile-');
    const lines = ['"EVENT_TYPE","TIMESTAMP","REQUEST_ID","USER_ID"'];
    const junk: number[] = [];
    let expectedSum = 0;
    for (let i = 1, rec = 0; i <= 200_000; i++) {
      if (i % 40 === 0) {
        lines.push('junk');
        junk.push(++rec);
      }
      lines.push(`"RestApi","20250726222419.${String(i % 1000).padStart(3, '0')}","REQ${i}","0055j000000utlPAAQ"`);
      expectedSum += ++rec;
    }
    const file = path.join(dir, 'RestApi-2025-07-26.csv');
    writeFileSync(file, lines.join('\n') + '\n');
    const r = await run([dir], caseDir);
    expect(r.sources[0]).toMatchObject({ rows: 200_000, rejectedRows: 5000 });
    expect(r.quarantine.map((q) => q.line)).toEqual(junk.map((n) => n + 1));
    await withCase(caseDir, async (db) => {
      expect(await db.one(sql`SELECT sum(source_record)::BIGINT AS s, count(*)::BIGINT AS n FROM events`)).toEqual({ s: expectedSum, n: 200_000 });
      // REQ1000 is the 1,000th row; 25 junk records (one before each of rows 40, 80, …, 1000) come before it.
      expect(await db.one(sql`SELECT __ls_rec AS rec FROM src_1 WHERE REQUEST_ID = 'REQ1000'`)).toEqual({ rec: 1025 });
    });
    expect((await readRawRecord(file, 1025))?.text).toContain('"REQ1000"');
  }, 60_000);

  it('a quote the file never closes: the records before it are kept, the rest of the file is one quarantined record', async () => {
    const { dir, caseDir } = fresh('ls-hostile-');
    const csv = contactsWithJunk(300, new Map());
    const file = path.join(dir, 'Contact.csv');
    writeCsv(file, csv, { eol: '\r\n', blankAfter: [3] });
    const tail = '"0035j0000077777AAA","Open","Quote","o@example.com","never closed\r\n';
    writeFileSync(file, tail, { flag: 'a' });
    const r = await run([dir], caseDir);
    const withTail: GeneratedCsv = { ...csv, records: [...csv.records, { kind: 'junk', text: tail }], junkRecords: [301] };
    await expectExact(r, caseDir, file, withTail);
    expect(r.quarantine.find((q) => q.line === 302)?.reason).toMatch(/UNTERMINATED QUOTES/);
  }, 120_000);
});
