/**
 * Formula injection across every CSV and XLSX one run writes: the demo evidence with spreadsheet payloads planted in
 * the people's names, emails, streets and cities, in business Account and Opportunity names, and at the start of a
 * malformed snapshot line (quarantined whole), investigated with `--redacted`. In affected/*.csv, other-records.csv,
 * quarantine.csv, the redacted lists and both workbooks, no text cell starts with = + - @ tab or CR (but a plain
 * number), no cell is a formula, and each payload is there, inert, behind the OWASP apostrophe.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseQuotedCsv } from '../helpers/csv.js';
import { unzipText } from '../helpers/unzipText.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

const PAYLOADS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1+1', '\r=2+2', '-3+cmd|x'];
/** A cell a spreadsheet would evaluate: a formula start that is not a plain number. */
const LIVE = (v: string): boolean => /^[=+\-@\t\r]/.test(v) && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(v);

let out: string;

/** Rewrites a fully quoted snapshot, setting `columns` of every `every`-th row to a payload (cycling through them). */
function plant(file: string, columns: Record<string, 'payload' | ''>, every: number): number {
  const [header, ...rows] = parseQuotedCsv(readFileSync(file, 'utf8'));
  let planted = 0;
  for (const [i, row] of rows.entries()) {
    if (i % every !== 0) continue;
    const payload = PAYLOADS[planted++ % PAYLOADS.length]!;
    for (const [column, what] of Object.entries(columns)) row[header!.indexOf(column)] = what === '' ? '' : payload;
  }
  writeFileSync(file, [header!, ...rows].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n');
  return planted;
}

const csvFiles = (): string[] => [
  ...readdirSync(path.join(out, 'affected')).map((f) => path.join(out, 'affected', f)),
  ...readdirSync(out).filter((f) => f.endsWith('.csv')).map((f) => path.join(out, f)),
].sort();

/** Every text cell of every sheet of a workbook, read from its XML (shared strings and inline text alike). */
function workbookCells(file: string): { texts: string[]; formulas: number } {
  const zip = readFileSync(file);
  const sheets = (unzipText(zip, 'xl/workbook.xml').match(/<sheet [^>]*>/g) ?? []).map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
  const unescape = (s: string): string => s.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, e: string, d?: string, h?: string) =>
    d ? String.fromCodePoint(Number(d)) : h ? String.fromCodePoint(parseInt(h, 16)) : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[e]!);
  let shared: string[] = [];
  try {
    shared = [...unzipText(zip, 'xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => [...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => unescape(t[1]!)).join(''));
  } catch {
    // no shared strings: every text is inline
  }
  const texts: string[] = [];
  let formulas = 0;
  for (const name of sheets) {
    const xml = unzipText(zip, name);
    formulas += (xml.match(/<f[\s>]/g) ?? []).length;
    for (const c of xml.matchAll(/<c ([^>]*[^/>])>([\s\S]*?)<\/c>/g)) {
      const type = /\bt="(\w+)"/.exec(c[1]!)?.[1];
      const v = /<v>([\s\S]*?)<\/v>/.exec(c[2]!)?.[1];
      if (type === 's' && v !== undefined) texts.push(shared[Number(v)]!);
      else if ((type === 'str' || type === 'inlineStr') && v !== undefined) texts.push(unescape(v));
      else if (type === 'inlineStr') texts.push(unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(c[2]!)?.[1] ?? ''));
    }
  }
  return { texts, formulas };
}

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-injection-'));
  const evidence = path.join(dir, 'evidence');
  cpSync(demo, evidence, { recursive: true });
  const snapshots = path.join(evidence, 'snapshots');
  expect(plant(path.join(snapshots, 'Lead.csv'), { FirstName: '', LastName: 'payload', Email: 'payload', Street: 'payload', City: 'payload' }, 3)).toBeGreaterThan(100);
  expect(plant(path.join(snapshots, 'Contact.csv'), { FirstName: '', LastName: 'payload', Email: 'payload', MailingStreet: 'payload', MailingCity: 'payload' }, 3)).toBeGreaterThan(100);
  plant(path.join(snapshots, 'Account.csv'), { Name: 'payload' }, 2);
  plant(path.join(snapshots, 'Opportunity.csv'), { Name: 'payload' }, 2);
  // A malformed line starting with a formula: quarantined whole, its text in quarantine.csv.
  const contacts = readFileSync(path.join(snapshots, 'Contact.csv'), 'utf8');
  writeFileSync(path.join(snapshots, 'Contact.csv'), contacts + '=HYPERLINK("http://x","y"),@SUM(A1)\n');
  out = path.join(dir, 'out');
  await run(process.execPath, [cli, 'investigate', evidence, '--out', out, '--aware-at', '2025-07-28T09:00:00Z', '--redacted'], { maxBuffer: 64 * 1024 * 1024 });
}, 300_000);

describe('formula injection in every CSV and XLSX written', () => {
  it('writes every list, the redacted ones and quarantine.csv, with no live cell in any', () => {
    const files = csvFiles().map((f) => path.relative(out, f).split(path.sep).join('/'));
    expect(files).toEqual(expect.arrayContaining(['other-records.csv', 'other-records.redacted.csv', 'quarantine.csv', 'affected/US-CA.csv', 'affected/US-CA.redacted.csv']));
    for (const file of csvFiles()) {
      const rows = parseQuotedCsv(readFileSync(file, 'utf8'));
      expect(rows.length, file).toBeGreaterThan(1);
      const live = rows.flat().filter(LIVE);
      expect(live, path.relative(out, file)).toEqual([]);
    }
  });

  it('keeps each payload, inert behind an apostrophe, in the people lists, the other records and the quarantine', () => {
    const all = (pattern: RegExp): string[] => csvFiles().filter((f) => pattern.test(f)).flatMap((f) => parseQuotedCsv(readFileSync(f, 'utf8')).flat());
    const people = new Set(all(/affected[\\/][^.]+\.csv$/));
    for (const p of PAYLOADS) expect(people.has(`'${p}`), JSON.stringify(p)).toBe(true);
    const others = new Set(all(/other-records\.csv$/));
    expect(PAYLOADS.filter((p) => others.has(`'${p}`)).length).toBeGreaterThanOrEqual(3);
    const quarantine = parseQuotedCsv(readFileSync(path.join(out, 'quarantine.csv'), 'utf8'));
    expect(quarantine.some((r) => r[4] === `'=HYPERLINK("http://x","y"),@SUM(A1)`)).toBe(true);
    // The redacted lists mask names and emails; the cities keep their payloads, inert.
    const redacted = new Set(all(/\.redacted\.csv$/));
    expect(redacted.has('[redacted]')).toBe(true);
    for (const p of PAYLOADS) expect(redacted.has(`'${p}`), JSON.stringify(p)).toBe(true);
  });

  it('has no formula and no live text cell in either workbook, and the payloads inert in them', () => {
    for (const book of ['notification-lists.xlsx', 'notification-lists.redacted.xlsx']) {
      const { texts, formulas } = workbookCells(path.join(out, book));
      expect(formulas, book).toBe(0);
      expect(texts.length, book).toBeGreaterThan(1000);
      expect(texts.filter(LIVE), book).toEqual([]);
      const set = new Set(texts);
      for (const p of PAYLOADS) expect(set.has(`'${p}`), `${book} ${JSON.stringify(p)}`).toBe(true);
    }
  });
});
