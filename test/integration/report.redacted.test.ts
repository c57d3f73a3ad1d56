/**
 * The redacted variant for wider circulation, on the bundled demo: `investigate --redacted` and `report --redacted`
 * write affected/<CODE>.redacted.csv, other-records.redacted.csv, notification-lists.redacted.xlsx and
 * report.redacted.pdf. The affected people's names and emails — read here from the case's `affected` table — appear in
 * none of them (the PDF read with pdftotext, the workbook member by member), while their record ids do; the
 * unredacted files beside them hold the same names, so the check is not vacuous.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { pdfText } from '../helpers/pdf.js';
import { unzipText } from '../helpers/unzipText.js';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

let dir: string;
let out: string;
let again: string;
let people: { id: string; name: string | null; email: string | null; street: string | null; jurisdiction: string }[];
let noted: { id: string; name: string };

function must(...args: string[]): string {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
}

/** A file's text as a reader would search it, every space removed (a PDF table cell wraps names and emails anywhere). */
function searchable(file: string): string {
  if (file.endsWith('.pdf')) return pdfText(file, false).replace(/\s+/g, '');
  if (file.endsWith('.xlsx')) {
    const zip = readFileSync(file);
    const sheets = (unzipText(zip, 'xl/workbook.xml').match(/<sheet [^>]*>/g) ?? []).map((_, i) => `xl/worksheets/sheet${i + 1}.xml`);
    return [...sheets, 'docProps/core.xml'].map((m) => unzipText(zip, m)).join('').replaceAll('&apos;', "'").replaceAll('&amp;', '&').replace(/\s+/g, '');
  }
  return readFileSync(file, 'utf8').replace(/\s+/g, '');
}

const squeeze = (s: string): string => s.replace(/\s+/g, '');

function redactedFiles(folder: string): string[] {
  const top = readdirSync(folder).filter((f) => f.includes('.redacted.')).map((f) => path.join(folder, f));
  const lists = readdirSync(path.join(folder, 'affected')).filter((f) => f.endsWith('.redacted.csv')).map((f) => path.join(folder, 'affected', f));
  return [...top, ...lists].sort();
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-redacted-'));
  out = path.join(dir, 'out');
  must('investigate', demo, '--out', out, '--aware-at', '2025-07-28T09:00:00Z', '--redacted');
  const db = await CaseDb.open(path.join(out, 'case', 'case.duckdb'), { readOnly: true });
  try {
    people = await db.all(sql`SELECT id, name, email, street, jurisdiction FROM affected WHERE is_person ORDER BY id`);
  } finally {
    db.close();
  }
  // A note naming a person: the redacted report lists that a note is there, never its words.
  const person = people.find((p) => p.name && p.name.length > 8)!;
  noted = { id: person.id, name: person.name! };
  must('note', path.join(out, 'case'), `record:${person.id}`, `Called ${person.name} about the letter.`, '--tag', 'outreach');
  again = path.join(dir, 'again');
  must('report', path.join(out, 'case'), '--out', again, '--redacted');
}, 600_000);

describe('the redacted variant', () => {
  it('is written with names marking it redacted, and investigate lists it in the manifest with its hashes', () => {
    const files = redactedFiles(out).map((f) => path.relative(out, f).split(path.sep).join('/'));
    const codes = [...new Set(people.map((p) => p.jurisdiction))].sort();
    expect(files).toEqual([...codes.map((c) => `affected/${c}.redacted.csv`), 'notification-lists.redacted.xlsx', 'other-records.redacted.csv', 'report.redacted.pdf'].sort());
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { outputs: { file: string; sha256: string }[] };
    for (const f of files) {
      const entry = manifest.outputs.find((o) => o.file === f);
      expect(entry?.sha256, f).toBe(createHash('sha256').update(readFileSync(path.join(out, f))).digest('hex'));
    }
    expect(redactedFiles(again).map((f) => path.relative(again, f).split(path.sep).join('/'))).toEqual(files);
  });

  it('holds no name, email or street of an affected person, in any redacted file of either command', () => {
    const names = people.flatMap((p) => [p.name, p.email, p.street]).filter((v): v is string => !!v && squeeze(v).length >= 6).map(squeeze);
    expect(names.length).toBeGreaterThan(people.length * 2);
    for (const file of [...redactedFiles(out), ...redactedFiles(again)]) {
      const text = searchable(file);
      const found = names.filter((n) => text.includes(n));
      expect(found.slice(0, 5), path.relative(dir, file)).toEqual([]);
    }
    // The note names a person: the redacted report says there is a note on the record, not what it says.
    const report = pdfText(path.join(again, 'report.redacted.pdf'), false).replace(/\s+/g, ' ');
    expect(report).toContain(`record:${noted.id}`);
    expect(squeeze(report)).not.toContain(squeeze(noted.name));
  });

  it('keeps every record id, and the unredacted lists beside it name the same people', () => {
    const ids = new Set(people.map((p) => p.id));
    const listed = new Set<string>();
    for (const file of redactedFiles(out).filter((f) => f.endsWith('.csv'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/^"[A-Za-z]+","([A-Za-z0-9]{18})"/gm)) listed.add(m[1]!);
    }
    for (const id of ids) expect(listed.has(id), id).toBe(true);
    const pdf = searchable(path.join(out, 'report.redacted.pdf'));
    expect(people.filter((p) => pdf.includes(p.id)).length).toBeGreaterThanOrEqual(100);
    const workbook = searchable(path.join(out, 'notification-lists.redacted.xlsx'));
    // Every person of a jurisdiction with a notice to give (a duty not `no`) is on a duty sheet, by id.
    const duties = JSON.parse(readFileSync(path.join(out, 'duties.json'), 'utf8')) as { duties: { jurisdiction: string; required: string }[] };
    const sheeted = new Set(duties.duties.filter((d) => d.required !== 'no').map((d) => d.jurisdiction));
    const onSheets = people.filter((p) => sheeted.has(p.jurisdiction));
    expect(onSheets.length).toBeGreaterThan(500);
    expect(onSheets.filter((p) => !workbook.includes(p.id))).toEqual([]);
    // Not vacuous: the full report and lists do name them.
    const full = searchable(path.join(out, 'report.pdf'));
    expect(people.filter((p) => p.email && full.includes(squeeze(p.email))).length).toBeGreaterThanOrEqual(50);
    const csv = readdirSync(path.join(out, 'affected')).filter((f) => !f.includes('.redacted.')).map((f) => readFileSync(path.join(out, 'affected', f), 'utf8')).join('');
    expect(people.filter((p) => p.email && csv.includes(p.email)).length).toBe(people.filter((p) => p.email).length);
  });

  it('says on its title page and in the workbook that it is redacted', () => {
    expect(pdfText(path.join(out, 'report.redacted.pdf'), false).replace(/\s+/g, ' ')).toContain('REDACTED for wider circulation');
    expect(searchable(path.join(out, 'notification-lists.redacted.xlsx'))).toContain(squeeze('for wider circulation: names, emails and street addresses read [redacted]'));
  });
});
