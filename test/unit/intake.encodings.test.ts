/**
 * Contact exports as Excel and other tools really save them — UTF-8 with a BOM and CRLF, UTF-16
 * "Unicode Text" (tab-separated), UTF-16 BE, Windows-1252 — each detected, prepared for DuckDB
 * and loaded by the CSV loader with exactly the values of the plain UTF-8 file. Files that are
 * not text are recognised as unusable, with the reason.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectSource, type Detection } from '../../electron/engine/intake/detect.js';
import { loadCsvGroup } from '../../electron/engine/intake/load.js';
import { prepareForDuckDb } from '../../electron/engine/intake/transcode.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { ident, sql } from '../../electron/engine/store/sql.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-enc-'));
const work = path.join(dir, 'work');
let db: CaseDb;
beforeAll(async () => {
  db = await CaseDb.open(path.join(dir, 'case.duckdb'));
  await migrate(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const HEADER = ['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingCountry', 'Description'];
/** Values Windows-1252 can hold: accents, €, typographic quotes and dashes, separators inside values. */
const WESTERN = [
  ['0035j00000LxQ1aAAF', 'Zoë', 'Müller', 'zoe.mueller@example.de', 'Québec', 'Canada', 'Paid €1,250 – "priority" client'],
  ['0035j00000LxQ1bAAF', 'João', 'Conceição', 'joao@example.com.br', 'São Paulo', 'Brazil', 'Line one\nline two'],
  ['0035j00000LxQ1cAAF', 'Ann', 'Ødegård', 'ann@example.no', 'Besançon', 'France', 'Says ‘hi’; tab\there'],
];
/** Adds what only Unicode encodings hold: CJK and a character outside the Basic Multilingual Plane. */
const WORLD = [
  ...WESTERN,
  ['0035j00000LxQ1dAAF', 'Łukasz', 'Nowak', 'l.nowak@example.pl', 'Kraków', 'Poland', ''],
  ['0035j00000LxQ1eAAF', '美咲', '佐藤', 'misaki@example.jp', '東京', 'Japan', 'Sent 😀 by mail'],
];

const quoteField = (v: string, delim: string): string => (v.includes(delim) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const table = (rows: string[][], delim: string, nl: string): string => [HEADER, ...rows].map((r) => r.map((v) => quoteField(v, delim)).join(delim)).join(nl) + nl;

function windows1252(text: string): Buffer {
  const high: Record<string, number> = { '€': 0x80, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
  return Buffer.from([...text].map((c) => high[c] ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : Number.NaN)).map((b) => {
    if (Number.isNaN(b)) throw new Error('not representable in Windows-1252');
    return b;
  }));
}

function save(folder: string, name: string, bytes: Buffer | string): string {
  mkdirSync(path.join(dir, folder), { recursive: true });
  const file = path.join(dir, folder, name);
  writeFileSync(file, bytes);
  return file;
}

let nextSource = 100;
/** The same path intake takes: detect, prepare for DuckDB, load with the CSV loader. */
async function load(file: string): Promise<{ detection: Detection; transcoded: boolean; columns: string[]; rows: Record<string, unknown>[] }> {
  const detection = await detectSource(file);
  const prepared = await prepareForDuckDb(file, detection, work);
  const id = nextSource++;
  // Every file of a group shares header and delimiter (both are in the group key): one read_csv reads them all.
  const out = await loadCsvGroup(db, `enc${id}`, [{ sourceId: id, path: prepared.path }], { header: detection.header, delimiter: detection.delimiter });
  expect(out.failed.get(id)).toBeUndefined();
  expect(out.loaded.get(id)?.rejected).toBe(0);
  const rows = await db.all(sql`SELECT * EXCLUDE (__ls_rec) FROM ${ident(`src_${id}`)} ORDER BY __ls_rec`);
  return { detection, transcoded: prepared.transcoded, columns: out.columns, rows };
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('Contact exports in the encodings Excel and other tools save', () => {
  it('reads the UTF-8 original as it was written', async () => {
    const original = await load(save('utf8', 'Contact.csv', table(WORLD, ',', '\n')));
    expect(original.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', encoding: 'utf-8', delimiter: ',', format: 'csv' });
    expect(original.columns).toEqual(HEADER);
    // An empty unquoted value is read as NULL, in every encoding alike.
    expect(original.rows.map((r) => Object.values(r).map((v) => v ?? ''))).toEqual(WORLD);
  });

  it('UTF-8 with BOM and CRLF: read in place by DuckDB, same values, no BOM in the first column name', async () => {
    const original = await load(save('utf8-b', 'Contact.csv', table(WORLD, ',', '\n')));
    const file = save('bom', 'Contact.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table(WORLD, ',', '\r\n'))]));
    const got = await load(file);
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', encoding: 'utf-8-bom', delimiter: ',' });
    expect(got.detection.header[0]).toBe('Id');
    expect(got.transcoded).toBe(false);
    expect(got.columns).toEqual(HEADER);
    expect(got.rows).toEqual(original.rows);
  });

  it('UTF-16 LE with BOM, tab-separated (Excel "Unicode Text"): a UTF-8 copy is loaded, the original is untouched', async () => {
    const original = await load(save('utf8-c', 'Contact.csv', table(WORLD, ',', '\n')));
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(table(WORLD, '\t', '\r\n'), 'utf16le')]);
    const file = save('utf16', 'Contact.txt', bytes);
    const before = sha256(file);
    const got = await load(file);
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', encoding: 'utf-16le', delimiter: '\t', header: HEADER });
    expect(got.transcoded).toBe(true);
    expect(got.columns).toEqual(HEADER);
    expect(got.rows).toEqual(original.rows);
    expect(sha256(file)).toBe(before);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it('UTF-16 BE with BOM, semicolon-separated: same values', async () => {
    const original = await load(save('utf8-d', 'Contact.csv', table(WORLD, ',', '\n')));
    const bytes = Buffer.from(table(WORLD, ';', '\r\n'), 'utf16le').swap16();
    const got = await load(save('utf16be', 'Contact.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), bytes])));
    expect(got.detection).toMatchObject({ encoding: 'utf-16be', delimiter: ';', header: HEADER });
    expect(got.rows).toEqual(original.rows);
  });

  it('Windows-1252 ("Québec", "Müller", "São Paulo", €, typographic quotes): same values as the UTF-8 file', async () => {
    const original = await load(save('utf8-e', 'Contact.csv', table(WESTERN, ',', '\r\n')));
    const file = save('cp1252', 'Contact.csv', windows1252(table(WESTERN, ',', '\r\n')));
    expect(readFileSync(file).includes(Buffer.from('Qu\xe9bec', 'latin1'))).toBe(true);
    const got = await load(file);
    expect(got.detection).toMatchObject({ kind: 'sobject', detail: 'Contact', encoding: 'latin-1', delimiter: ',' });
    expect(got.transcoded).toBe(true);
    expect(got.rows).toEqual(original.rows);
    expect(got.rows.map((r) => r['MailingCity'])).toEqual(['Québec', 'São Paulo', 'Besançon']);
    expect(got.rows[0]!['Description']).toBe('Paid €1,250 – "priority" client');
  });

  it('UTF-8 with one damaged byte stays UTF-8: that row is quarantined, the other accents are not misread', async () => {
    const good = Buffer.from(table(WESTERN, ',', '\n'));
    const damaged = Buffer.concat([good, Buffer.from('0035j00000LxQ1fAAF,Ren'), Buffer.from([0xe9]), Buffer.from(',Dubois,r@example.fr,Lyon,France,x\n')]);
    const file = save('damaged', 'Contact.csv', damaged);
    const detection = await detectSource(file);
    expect(detection.encoding).toBe('utf-8');
    const prepared = await prepareForDuckDb(file, detection, work);
    const out = await loadCsvGroup(db, 'damaged', [{ sourceId: 99, path: prepared.path }], { header: detection.header, delimiter: detection.delimiter });
    expect(out.loaded.get(99)).toMatchObject({ rows: 3, rejected: 1 });
    const rows = await db.all<{ MailingCity: string }>(sql`SELECT MailingCity FROM src_99 ORDER BY __ls_rec`);
    expect(rows.map((r) => r.MailingCity)).toEqual(['Québec', 'São Paulo', 'Besançon']);
    const q = await db.all(sql`SELECT line, error_type FROM quarantine WHERE source_id = 99`);
    // DuckDB numbers CSV records (the header is 1; the quoted newline in record 2 does not count).
    expect(q).toEqual([{ line: 5, error_type: 'INVALID ENCODING' }]);
  });

  it('names the file as the investigator says: --as Contact on a file named otherwise', async () => {
    const file = save('as', '2025-08-04 sample from the attacker.csv', table(WESTERN, ',', '\n'));
    expect((await detectSource(file)).kind).toBe('unknown');
    expect(await detectSource(file, { as: 'Contact' })).toMatchObject({ kind: 'sobject', detail: 'Contact', header: HEADER });
    expect((await detectSource(file, { as: 'Contact; DROP TABLE x' })).kind).toBe('unknown');
  });
});

describe('files that are not text', () => {
  it('binary garbage named .csv is unusable, and the reason names the NUL bytes', async () => {
    let seed = 42;
    const garbage = Buffer.from(Array.from({ length: 200_000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 16) & 0xff));
    const d = await detectSource(save('bin', 'Contact.csv', garbage));
    expect(d.kind).toBe('unknown');
    expect(d.reason).toMatch(/NUL bytes/);
  });

  it('control-character noise without NUL bytes is unusable as invalid content', async () => {
    const noise = Buffer.from(Array.from({ length: 4000 }, (_, i) => [0x01, 0x41, 0x1b, 0x7f, 0x42, 0x0e][i % 6]!));
    const d = await detectSource(save('noise', 'Contact.csv', noise));
    expect(d.kind).toBe('unknown');
    expect(d.reason).toMatch(/invalid content/);
  });

  it('an Excel workbook saved under a .csv name is named as such', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.alloc(100, 0)]);
    const d = await detectSource(save('xlsx', 'Contact.csv', xlsx));
    expect(d).toMatchObject({ kind: 'unknown' });
    expect(d.reason).toMatch(/ZIP archive \(an \.xlsx workbook\?\)/);
  });

  it('UTF-8 files need no working copy', async () => {
    const file = save('plain', 'Contact.csv', table(WESTERN, ',', '\n'));
    const prepared = await prepareForDuckDb(file, await detectSource(file), path.join(dir, 'unused-work'));
    expect(prepared).toEqual({ path: file, transcoded: false });
    expect(existsSync(path.join(dir, 'unused-work'))).toBe(false);
  });
});
