/**
 * notification-lists.xlsx of the bundled demo, read back with exceljs and compared with the generator's truth (who is
 * affected where) and with the case's `affected` and `duties` tables queried here in SQL of the test's own.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, type DemoTruth } from '../../scripts/demo/index.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

let truth: DemoTruth;
let out: string;
let book: ExcelJS.Workbook;
let db: CaseDb;

beforeAll(async () => {
  truth = generateDemo(20250726).truth;
  out = mkdtempSync(path.join(os.tmpdir(), 'ls-xlsx-demo-'));
  await run(process.execPath, [cli, 'investigate', demo, '--out', out, '--aware-at', '2025-08-01T09:00:00Z'], { maxBuffer: 64 * 1024 * 1024 });
  book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path.join(out, 'notification-lists.xlsx'));
  db = await CaseDb.open(path.join(out, 'case', 'case.duckdb'), { readOnly: true });
}, 300_000);

afterAll(() => db?.close());

const rowsOf = (ws: ExcelJS.Worksheet): unknown[][] => Array.from({ length: ws.rowCount }, (_, i) => (ws.getRow(i + 1).values as unknown[]).slice(1));

describe('notification-lists.xlsx on the demo', () => {
  it('is in the manifest with its hash, and names the custody head of the findings (the last import or org assignment here), as the manifest does', () => {
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[]; custody: { head: string } };
    const entry = manifest.outputs.find((o) => o.file === 'notification-lists.xlsx');
    expect(entry?.sha256).toBe(createHash('sha256').update(readFileSync(path.join(out, 'notification-lists.xlsx'))).digest('hex'));
    const summary = rowsOf(book.getWorksheet('Summary')!);
    // A fresh case of one run: its findings end at its last import or org assignment; the run's own entries (duties, report, seal) come after.
    const custody = new Database(path.join(out, 'case', 'custody.sqlite'), { readonly: true });
    const last = custody.prepare(`SELECT seq, hash FROM custody WHERE action IN ('source.imported', 'source.org') ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: string };
    custody.close();
    expect(summary.find((r) => r[0] === 'Custody chain head')?.[1]).toBe(`${last.seq}:${last.hash}`);
    expect(manifest.custody.head).toBe(`${last.seq}:${last.hash}`);
    expect(summary.find((r) => r[0] === 'People affected')?.[1]).toBe(truth.affectedPersons.length);
  });

  it('has one sheet per duty not `no` of a jurisdiction with people, listing exactly the planted people of that jurisdiction', async () => {
    const duties = await db.all<{ jurisdiction: string; recipient: string; step: string | null }>(sql`
      SELECT jurisdiction, recipient, step FROM duties WHERE required <> 'no' AND jurisdiction IN (SELECT jurisdiction FROM affected WHERE is_person)`);
    const dutySheets = book.worksheets.slice(1);
    expect(dutySheets.length).toBe(duties.length);
    expect(dutySheets.length).toBeGreaterThan(5);
    for (const ws of dutySheets) {
      const [header, ...people] = rowsOf(ws);
      const at = (name: string): number => header!.indexOf(name);
      const jurisdictions = new Set(people.map((p) => p[at('Jurisdiction')]));
      expect(jurisdictions.size, ws.name).toBe(1);
      const code = [...jurisdictions][0] as string;
      expect(ws.name.startsWith(`${code} `), ws.name).toBe(true);
      const planted = truth.affectedPersons.filter((p) => p.jurisdiction === code).map((p) => `${p.object}/${p.id}`).sort();
      expect(people.map((p) => `${String(p[at('Object')])}/${String(p[at('Id')])}`).sort(), ws.name).toEqual(planted);
    }
  });

  it('gives each person the values of the affected table', async () => {
    const ws = book.worksheets[1]!;
    const [header, ...people] = rowsOf(ws);
    const at = (name: string): number => header!.indexOf(name);
    for (const p of [people[0]!, people[Math.floor(people.length / 2)]!, people[people.length - 1]!]) {
      const row = await db.one<{ name: string; email: string | null; confidence: string; export_ids: string; categories: string }>(sql`
        SELECT name, email, confidence, export_ids, array_to_string(list_sort(categories), '; ') AS categories FROM affected
        WHERE object = ${String(p[at('Object')])} AND id = ${String(p[at('Id')])}`);
      expect(row).not.toBeNull();
      expect([p[at('Name')], p[at('Email')] ?? null, p[at('Confidence')], p[at('ExportIds')], p[at('Categories')]]).toEqual([row!.name, row!.email, row!.confidence, row!.export_ids, row!.categories]);
      expect(String(p[at('Evidence')])).toContain(row!.export_ids.split(';')[0]);
    }
  });

  it('counts people per jurisdiction and category as the affected table does', async () => {
    const expected = await db.all<{ j: string; c: string; n: number }>(sql`
      SELECT jurisdiction AS j, cat AS c, count(*)::BIGINT AS n FROM (SELECT jurisdiction, unnest(categories) AS cat FROM affected WHERE is_person) GROUP BY ALL ORDER BY 1, 2`);
    const summary = rowsOf(book.getWorksheet('Summary')!);
    const start = summary.findIndex((r) => r[0] === 'Jurisdiction' && r[1] === 'Category');
    const end = summary.findIndex((r, i) => i > start && r.length === 0);
    const got = summary.slice(start + 1, end).map((r) => ({ j: r[0], c: r[1], n: r[2] }));
    expect(got).toEqual(expected);
    const duties = await db.all<{ jurisdiction: string; people: number; due: string | null }>(sql`SELECT jurisdiction, people, strftime(due, '%Y-%m-%d %H:%M UTC') AS due FROM duties`);
    const listed = summary.filter((r) => r.length >= 12 && typeof r[6] === 'number').map((r) => ({ jurisdiction: r[0], people: r[6], due: r[9] ?? null }));
    const key = (d: { jurisdiction: unknown; people: unknown; due: unknown }): string => JSON.stringify([d.jurisdiction, d.people, d.due]);
    expect(listed.map(key).sort()).toEqual(duties.map(key).sort());
  });
});
