/**
 * notification-lists.xlsx from a hand-built case: every person of a duty's jurisdiction listed once in order across
 * page boundaries, counts that match the generated people, hostile cells that stay text, and the same bytes twice.
 * Expectations come from the generated people below, never from the writer.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationDuty } from '../../shared/duties/types.js';
import type { DutiesRun } from '../../electron/engine/duties/stage.js';
import { writeNotificationLists, PEOPLE_HEADER } from '../../electron/engine/reports/xlsxNotificationLists.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { sql } from '../../electron/engine/store/sql.js';
import { unzipText } from '../helpers/unzipText.js';

interface Person { id: string; name: string; email: string; jurisdiction: string; categories: string[]; exposures: number }

const CATEGORY_SETS = [['email', 'name'], ['email', 'name', 'phone'], ['name', 'postal_address'], []];
const HOSTILE = ['=HYPERLINK("http://x","y")', '+1', '@SUM(A1)', '\tTab', "+cmd|' /C calc'!A0", '-2+3'];

/** 4,500 people in US-CA (more than two pages), the hostile names in DE, none in FR. */
const people: Person[] = [
  ...Array.from({ length: 4500 }, (_, i) => ({
    id: `003000000000${String(i).padStart(6, '0')}`, name: `Person ${i}`, email: `p${i}@example.com`, jurisdiction: 'US-CA',
    categories: CATEGORY_SETS[i % CATEGORY_SETS.length]!, exposures: 1 + (i % 8),
  })),
  ...HOSTILE.map((name, i) => ({ id: `00Q000000000${String(i).padStart(6, '0')}`, name, email: `${name}@example.com`, jurisdiction: 'DE', categories: ['email', 'name'], exposures: 1 })),
];

function duty(jurisdiction: string, recipient: string, required: NotificationDuty['required'], due: string | null, counts: number): NotificationDuty {
  return {
    jurisdiction, name: jurisdiction, law: 'law', recipient, step: null, authority: recipient === 'individuals' ? null : `${jurisdiction} authority`, url: null, required,
    why: ['test'], people: counts, peopleSure: counts, peopleInJurisdiction: counts, triggers: { met: [], missed: [], exposed: [] }, threshold: 1, due,
    dueReason: due === null ? 'no fixed period' : '72 hours', clock: { kind: 'hours', value: 72, start: 'awareness', text: '72 hours' }, timeLeft: null, overdue: null,
    citation: 'c', verification: 'verified', effective: null, lastReviewed: '2025-01-01', filingUrl: null, filingNote: recipient === 'individuals' ? null : 'test: no filing page',
  };
}

const run: DutiesRun = {
  awareAt: '2025-07-10T12:00:00.000Z', awareAtSource: 'aware-at', asOf: '2025-07-11T00:00:00.000Z', profile: {} as DutiesRun['profile'], profileSource: null,
  regimes: [{ id: 'EU-NIS2', name: 'NIS2' }], categoriesByJurisdiction: {}, notes: [],
  duties: [
    duty('US-CA', 'individuals', 'yes', null, 4500),
    duty('US-CA', 'attorney_general', 'yes', '2025-07-25T12:00:00.000Z', 4500),
    duty('DE', 'individuals', 'assess', null, HOSTILE.length),
    duty('DE', 'regulator', 'no', null, 0),
    duty('EU-NIS2', 'csirt', 'yes', '2025-07-11T12:00:00.000Z', HOSTILE.length),
  ],
};

let db: CaseDb;
let dir: string;
let book: ExcelJS.Workbook;

beforeAll(async () => {
  db = await CaseDb.open(':memory:', { threads: 1 });
  await migrate(db);
  // Three files, two of them the same bytes (same SHA-256).
  await db.run(sql`INSERT INTO sources (id, path, name, sha256, bytes, modified_at, kind, imported_at) VALUES
    (1, 'a.csv', 'a.csv', 'aa', 1, '2025-01-01', 'elf', '2025-01-02'), (2, 'b.csv', 'b.csv', 'bb', 1, '2025-01-01', 'elf', '2025-01-02'),
    (3, 'c/a.csv', 'a.csv', 'aa', 1, '2025-01-01', 'elf', '2025-01-02')`);
  await db.run(sql`CREATE OR REPLACE TABLE affected (object VARCHAR, id VARCHAR, is_person BOOLEAN, name VARCHAR, email VARCHAR, street VARCHAR, city VARCHAR,
    state VARCHAR, postal_code VARCHAR, country VARCHAR, jurisdiction VARCHAR, jurisdiction_confidence VARCHAR, jurisdiction_basis VARCHAR, confidence VARCHAR,
    exposed_fields VARCHAR, export_ids VARCHAR, org_id VARCHAR, categories VARCHAR[])`);
  await db.run(sql`CREATE OR REPLACE TABLE exposures (export_id VARCHAR, org_id VARCHAR, object VARCHAR, record_id VARCHAR, tier VARCHAR, reason VARCHAR, fields VARCHAR[])`);
  await db.run(sql`CREATE TEMP TABLE people_in (object VARCHAR, id VARCHAR, name VARCHAR, email VARCHAR, jurisdiction VARCHAR, categories VARCHAR, exposures VARCHAR)`);
  await db.appendRows('people_in', people.map((p) => [p.id.startsWith('00Q') ? 'Lead' : 'Contact', p.id, p.name, p.email, p.jurisdiction, p.categories.join(','), String(p.exposures)]));
  await db.run(sql`INSERT INTO affected SELECT object, id, true, name, email, '1 Main St', 'Town', NULL, '94000', 'US', jurisdiction, 'high', 'MailingCountry',
    'replayed', 'Email;Name', 'X-1', '00D000000000001AAA', CASE WHEN categories = '' THEN []::VARCHAR[] ELSE string_split(categories, ',') END FROM people_in`);
  // A business account is exposed too: never on a notification list.
  await db.run(sql`INSERT INTO affected VALUES ('Account', '001000000000000001', false, 'Acme', NULL, NULL, NULL, NULL, NULL, NULL, 'US-CA', 'high', 'b', 'replayed', 'Name', 'X-1', NULL, ['name'])`);
  await db.run(sql`INSERT INTO exposures SELECT 'X-' || lpad(k::VARCHAR, 2, '0'), NULL, object, id, 'replayed', 'selected by the replayed query', ['Email']
    FROM people_in, range(exposures::INTEGER) t(k)`);
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-xlsx-'));
  expect(await writeNotificationLists(db, dir, run, { head: '12:abc', signer: 'key1' })).toBe('notification-lists.xlsx');
  book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path.join(dir, 'notification-lists.xlsx'));
}, 120_000);

afterAll(() => db?.close());

const values = (ws: ExcelJS.Worksheet, row: number): unknown[] => (ws.getRow(row).values as unknown[]).slice(1);

describe('notification-lists.xlsx', () => {
  it('has a summary and one sheet per duty that names people, none for a duty not required or an organisation-level notice', () => {
    expect(book.worksheets.map((w) => w.name)).toEqual(['Summary', 'US-CA individuals', 'US-CA attorney general', 'DE individuals']);
  });

  it('lists every person of the jurisdiction once, in order, across page boundaries, business records left out', () => {
    const ws = book.getWorksheet('US-CA attorney general')!;
    expect(values(ws, 1)).toEqual([...PEOPLE_HEADER]);
    const idColumn = PEOPLE_HEADER.indexOf('Id') + 1;
    const ids: string[] = [];
    for (let r = 2; r <= ws.rowCount; r++) ids.push(String(ws.getRow(r).getCell(idColumn).value));
    expect(ids).toEqual(people.filter((p) => p.jurisdiction === 'US-CA').map((p) => p.id).sort());
    const sample = people[2_345]!;
    const row = values(ws, 2 + ids.indexOf(sample.id));
    const cell = (name: (typeof PEOPLE_HEADER)[number]): unknown => row[PEOPLE_HEADER.indexOf(name)] ?? null;
    expect(cell('Name')).toBe(sample.name);
    expect(cell('Email')).toBe(sample.email);
    expect(cell('Categories')).toBe(sample.categories.length ? sample.categories.join('; ') : null);
    expect(cell('Recipient')).toBe('US-CA authority');
    expect(cell('Due (UTC)')).toBe('2025-07-25 12:00 UTC');
    // 2345 % 8 + 1 = 2 exposures: both named; a person with 8 names the first five and counts the rest.
    expect(cell('Evidence')).toBe('X-00: selected by the replayed query; X-01: selected by the replayed query');
    const eight = values(ws, 2 + ids.indexOf(people[7]!.id))[PEOPLE_HEADER.indexOf('Evidence')] as string;
    expect(eight.split('; ').slice(0, 5).map((e) => e.slice(0, 4))).toEqual(['X-00', 'X-01', 'X-02', 'X-03', 'X-04']);
    expect(eight.endsWith('; … and 3 more')).toBe(true);
  });

  it('counts people per jurisdiction and category as the generated people do', () => {
    const ws = book.getWorksheet('Summary')!;
    const rows = Array.from({ length: ws.rowCount }, (_, i) => values(ws, i + 1));
    const pair = (label: string): unknown => rows.find((r) => r[0] === label)?.[1];
    expect(pair('People affected')).toBe(people.length);
    expect(pair('Source files (distinct SHA-256)')).toBe(2);
    expect(pair('Custody chain head')).toBe('12:abc');
    expect(pair('Deadlines run from (aware at, UTC)')).toBe('2025-07-10 12:00 (aware-at)'.replace(' (', ' UTC ('));
    const expected = new Map<string, number>();
    for (const p of people) for (const c of p.categories.length ? p.categories : ['(none)']) expected.set(`${p.jurisdiction}|${c}`, (expected.get(`${p.jurisdiction}|${c}`) ?? 0) + 1);
    const start = rows.findIndex((r) => r[0] === 'Jurisdiction' && r[1] === 'Category');
    const got = new Map<string, number>();
    for (const r of rows.slice(start + 1)) {
      if (r.length === 0 || r[0] === undefined) break;
      got.set(`${String(r[0])}|${String(r[1])}`, r[2] as number);
    }
    expect(got).toEqual(expected);
    const duties = rows.filter((r) => typeof r[6] === 'number' && r.length >= 12).map((r) => [r[0], r[2], r[5], r[6], r[11]]);
    expect(duties).toEqual([
      ['US-CA', 'individuals', 'yes', 4500, 'US-CA individuals'],
      ['US-CA', 'attorney_general', 'yes', 4500, 'US-CA attorney general'],
      ['DE', 'individuals', 'assess', HOSTILE.length, 'DE individuals'],
      ['DE', 'regulator', 'no', 0, 'none: no notice required'],
      ['EU-NIS2', 'csirt', 'yes', HOSTILE.length, 'none: an organisation-level notice (no people list)'],
    ]);
  });

  it('keeps every would-be formula as inert text', () => {
    const ws = book.getWorksheet('DE individuals')!;
    const names = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2).getCell(1));
    expect(names.map((c) => c.type)).toEqual(HOSTILE.map(() => ExcelJS.ValueType.String));
    const inert = (v: string): string => (/^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v) ? `'${v}` : v);
    expect(names.map((c) => c.value).sort()).toEqual(HOSTILE.map(inert).sort());
    expect(names.map((c) => c.value)).toContain('+1'); // a plain number stays as written, but as text
    for (let sheet = 1; sheet <= book.worksheets.length; sheet++) {
      expect(unzipText(readFileSync(path.join(dir, 'notification-lists.xlsx')), `xl/worksheets/sheet${sheet}.xml`)).not.toMatch(/<f[ >]/);
    }
  });

  it('gives the same bytes for the same case', async () => {
    const again = mkdtempSync(path.join(os.tmpdir(), 'ls-xlsx-'));
    await writeNotificationLists(db, again, run, { head: '12:abc', signer: 'key1' });
    expect(readFileSync(path.join(again, 'notification-lists.xlsx')).equals(readFileSync(path.join(dir, 'notification-lists.xlsx')))).toBe(true);
  });

  it('goes on into numbered sheets past the rows a sheet can hold', async () => {
    const small = mkdtempSync(path.join(os.tmpdir(), 'ls-xlsx-'));
    await writeNotificationLists(db, small, { ...run, duties: [run.duties[0]!] }, null, { rowsPerSheet: 1001 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(small, 'notification-lists.xlsx'));
    const names = ['US-CA individuals', ...[2, 3, 4, 5].map((n) => `US-CA individuals part ${n}`)];
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', ...names]);
    const idColumn = PEOPLE_HEADER.indexOf('Id') + 1;
    const ids = wb.worksheets.slice(1).flatMap((ws) => {
      expect(values(ws, 1)).toEqual([...PEOPLE_HEADER]);
      return Array.from({ length: ws.rowCount - 1 }, (_, i) => String(ws.getRow(i + 2).getCell(idColumn).value));
    });
    expect(ids).toEqual(people.filter((p) => p.jurisdiction === 'US-CA').map((p) => p.id).sort());
    const summary = Array.from({ length: wb.worksheets[0]!.rowCount }, (_, i) => values(wb.worksheets[0]!, i + 1));
    expect(summary.find((r) => r[0] === 'US-CA')?.[11]).toBe(names.join(', '));
  });

  it('says so on the summary when no one is affected', async () => {
    const empty = await CaseDb.open(':memory:', { threads: 1 });
    await migrate(empty);
    await empty.run(sql`CREATE OR REPLACE TABLE affected (object VARCHAR, id VARCHAR, is_person BOOLEAN, name VARCHAR, email VARCHAR, street VARCHAR, city VARCHAR,
      state VARCHAR, postal_code VARCHAR, country VARCHAR, jurisdiction VARCHAR, jurisdiction_basis VARCHAR, confidence VARCHAR, export_ids VARCHAR,
      org_id VARCHAR, categories VARCHAR[])`);
    await empty.run(sql`CREATE TABLE exposures (export_id VARCHAR, object VARCHAR, record_id VARCHAR, tier VARCHAR, reason VARCHAR)`);
    const out = mkdtempSync(path.join(os.tmpdir(), 'ls-xlsx-'));
    await writeNotificationLists(empty, out, { ...run, duties: [] }, null);
    empty.close();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, 'notification-lists.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary']);
    const texts = Array.from({ length: wb.worksheets[0]!.rowCount }, (_, i) => values(wb.worksheets[0]!, i + 1).join(' '));
    expect(texts.some((t) => t.includes('No affected person was found'))).toBe(true);
  });
});
