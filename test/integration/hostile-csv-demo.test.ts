/**
 * The demo evidence with junk lines injected into its snapshots (Contact, Lead), its real-time
 * export (rtem/ApiEvent.csv) and an EventLogFile: the investigation finds exactly the same affected
 * people as on the clean demo, every junk line is quarantined at the record it was put in, and
 * every export's evidence still points at the same record text (record numbers stay exact).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRawRecord } from '../../electron/engine/intake/rawRecord.js';
import { parseQuotedCsv } from '../helpers/csv.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

/** Where each junk text goes: before the first record that starts at or after this physical line. */
const INJECTIONS: { file: string; atLine: number; text: string }[] = [
  { file: 'snapshots/Contact.csv', atLine: 501, text: 'a,b' },
  { file: 'snapshots/Contact.csv', atLine: 1200, text: 'x' },
  { file: 'snapshots/Contact.csv', atLine: 2400, text: '=1+1,@SUM(A1)' },
  { file: 'snapshots/Lead.csv', atLine: 300, text: 'ab"cd' },
  { file: 'snapshots/Lead.csv', atLine: 1500, text: `${'"x",'.repeat(30)}"one column too many"` },
  { file: 'rtem/ApiEvent.csv', atLine: 101, text: 'a,b' },
  { file: 'rtem/ApiEvent.csv', atLine: 900, text: '\r' }, // a CRLF blank line in an LF file: DuckDB's reader gives up on the file
  { file: 'rtem/ApiEvent.csv', atLine: 1300, text: '' },
  { file: 'elf/API/API-2025-07-01.csv', atLine: 3, text: '"API","garbage' + '"' },
];

/** Inserts a line before the first record boundary at or after `atLine`; returns the junk's record number (0 for a blank line). */
function inject(file: string, atLine: number, text: string): number {
  const content = readFileSync(file, 'utf8');
  const lines = content.split('\n');
  let quotes = 0;
  let records = 0;
  for (let i = 0; i < lines.length; i++) {
    // A line starts a record when the quotes before it are balanced (the demo files are well-formed).
    if (quotes % 2 === 0 && i + 1 >= atLine) {
      lines.splice(i, 0, text);
      writeFileSync(file, lines.join('\n'));
      return text.replace('\r', '') === '' ? 0 : records;
    }
    quotes += lines[i]!.split('"').length - 1;
    if (quotes % 2 === 0 && lines[i]!.replace('\r', '') !== '') records++;
  }
  throw new Error(`no record boundary after line ${atLine} in ${file}`);
}

interface Outcome { out: string; evidence: string }
interface ExportOut { id: string; rows: number | null; inScope: boolean; evidence: { file: string; record: number }[] }

async function investigate(evidence: string): Promise<Outcome> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'ls-hostile-demo-out-'));
  await run(process.execPath, [cli, 'investigate', evidence, '--out', out], { maxBuffer: 64 * 1024 * 1024 });
  return { out, evidence };
}

const affectedIds = (o: Outcome): string[] =>
  [...readdirSync(path.join(o.out, 'affected')).map((f) => path.join('affected', f)), 'other-records.csv']
    .flatMap((rel) => parseQuotedCsv(readFileSync(path.join(o.out, rel), 'utf8')).slice(1).map((r) => `${rel}|${r[0]}|${r[1]}`))
    .sort();
const readJson = <T>(o: Outcome, rel: string): T => JSON.parse(readFileSync(path.join(o.out, rel), 'utf8')) as T;

let clean: Outcome;
let junk: Outcome;
const expected: { file: string; line: number }[] = [];

beforeAll(async () => {
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'ls-hostile-demo-')), 'evidence');
  cpSync(demo, copy, { recursive: true });
  // Later lines first, so each insertion's line numbers are those of the file as generated.
  for (const j of [...INJECTIONS].sort((a, b) => b.atLine - a.atLine)) {
    const rec = inject(path.join(copy, j.file), j.atLine, j.text);
    if (rec) expected.push({ file: j.file, line: rec });
  }
  // Each junk record's quarantine line (record number + 1, the header being line 1), now that all are in:
  // the records before it in the file as generated, plus the junk records put in before it.
  const asGenerated = expected.map((e) => ({ ...e }));
  expected.forEach((e, i) => {
    e.line = asGenerated[i]!.line + 1 + asGenerated.filter((o) => o.file === e.file && o.line < asGenerated[i]!.line).length;
  });
  [clean, junk] = await Promise.all([investigate(demo), investigate(copy)]);
}, 300_000);

describe('the demo evidence with junk lines injected', () => {
  it('finds exactly the same affected people as the clean demo', () => {
    const a = affectedIds(clean);
    expect(a.length).toBeGreaterThan(1000);
    expect(affectedIds(junk)).toEqual(a);
    const summary = (o: Outcome): unknown => readJson<{ summary: unknown }>(o, 'affected.json').summary;
    expect(summary(junk)).toEqual(summary(clean));
  });

  it('quarantines every junk line, and only those, at its record', () => {
    const rows = parseQuotedCsv(readFileSync(path.join(junk.out, 'quarantine.csv'), 'utf8')).slice(1);
    // quarantine.csv names each source from the evidence folder given: `evidence/<path inside it>`.
    const got = rows.map((r) => ({ file: path.posix.relative('evidence', r[1]!), line: Number(r[2]) }));
    const key = (x: { file: string; line: number }): string => `${x.file}:${x.line}`;
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
    expect(parseQuotedCsv(readFileSync(path.join(clean.out, 'quarantine.csv'), 'utf8')).length).toBe(1);
  });

  it('keeps every export, and each export\'s evidence points at the same record text as on the clean demo', async () => {
    const exports = (o: Outcome): ExportOut[] => readJson<{ exports: ExportOut[] }>(o, 'exports.json').exports;
    const before = new Map(exports(clean).map((x) => [x.id, x]));
    const after = exports(junk);
    expect(after.map((x) => [x.id, x.rows, x.inScope])).toEqual([...before.values()].map((x) => [x.id, x.rows, x.inScope]));
    let checked = 0;
    for (const x of after.filter((e) => e.inScope)) {
      const was = before.get(x.id)!;
      for (const [i, ev] of x.evidence.entries()) {
        const old = was.evidence[i]!;
        // Sources are named from the evidence folder given (its own name first): both folders are called `evidence`.
        expect(ev.file).toBe(old.file);
        const text = async (root: string, e: { file: string; record: number }) => (await readRawRecord(path.join(path.dirname(root), e.file), e.record))?.text;
        expect(await text(junk.evidence, ev)).toBe(await text(demo, old));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
