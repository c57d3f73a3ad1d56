/**
 * report.pdf of the bundled demo, read back with pdftotext: every figure it prints — flagged exports and their rows,
 * each export's evidence line and hash, people per jurisdiction and tier, the duties and their due dates — equals
 * the figure counted apart from the report's code: by SQL over the case tables, from affected.json / duties.json /
 * exports.json, and from the evidence and output files themselves. Writing it again gives the same bytes.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../electron/engine/store/sql.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { custodyEntries } from '../helpers/custodyLog.js';
import { pdfPages, pdfText, pdfWords, section } from '../helpers/pdf.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');
const AWARE = '2025-07-28T09:00:00.000Z';

let dir: string;
let out: string;
let text: string;
let flat: string;
let fromInvestigate: Buffer;
const num = (s: string): number => Number(s.replaceAll(',', ''));
const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const json = <T>(file: string): T => JSON.parse(readFileSync(path.join(out, file), 'utf8')) as T;

/** Records of a CSV (a line feed outside quotes ends one), counted apart from any CSV code of the engine. */
function csvRecords(text: string): number {
  let quoted = false;
  let records = 0;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted) records++;
  }
  return records + (text.endsWith('\n') ? 0 : 1);
}

async function inCase<T>(f: (db: CaseDb) => Promise<T>): Promise<T> {
  const db = await CaseDb.open(path.join(out, 'case', 'case.duckdb'), { readOnly: true });
  try {
    return await f(db);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-report-pdf-'));
  out = path.join(dir, 'out');
  await run(process.execPath, [cli, 'investigate', demo, '--out', out, '--aware-at', AWARE], { maxBuffer: 64 * 1024 * 1024 });
  fromInvestigate = readFileSync(path.join(out, 'report.pdf'));
  copyFileSync(path.join(out, 'report.pdf'), path.join(dir, 'from-investigate.pdf'));
  // The report command, from the case alone: into a new folder twice, and over investigate's own output.
  await run(process.execPath, [cli, 'report', path.join(out, 'case'), '--out', path.join(dir, 'b')]);
  await run(process.execPath, [cli, 'report', path.join(out, 'case'), '--out', path.join(dir, 'c')]);
  await run(process.execPath, [cli, 'report', path.join(out, 'case'), '--out', out]);
  text = pdfText(path.join(out, 'report.pdf'));
  flat = pdfText(path.join(out, 'report.pdf'), false).replace(/\s+/g, ' ');
  // Last, as it changes the case: marked privileged, from then on.
  await run(process.execPath, [cli, 'report', path.join(out, 'case'), '--out', path.join(dir, 'p'), '--privileged']);
}, 300_000);

describe('report.pdf on the demo', () => {
  it('is written by investigate, listed in the manifest, and the same bytes when the report command writes it again', async () => {
    const manifest = json<{ outputs: { file: string; sha256: string }[] }>('manifest.json');
    expect(manifest.outputs.find((o) => o.file === 'report.pdf')?.sha256).toBe(createHash('sha256').update(fromInvestigate).digest('hex'));
    expect(readFileSync(path.join(out, 'report.pdf')).equals(fromInvestigate)).toBe(true);
    expect(readFileSync(path.join(dir, 'b', 'report.pdf')).equals(readFileSync(path.join(dir, 'c', 'report.pdf')))).toBe(true);
    // Rewritten in place, the outputs still verify against their manifest.
    const verified = await run(process.execPath, [cli, 'verify', out]);
    expect(verified.stdout).not.toMatch(/^FAIL/m);
  });

  it('carries the privileged marking on every page once the case is marked so, the neutral one before', async () => {
    const marked = path.join(dir, 'p', 'report.pdf');
    const pages = pdfText(marked).split('\f').filter((p) => p.trim());
    expect(pages.length).toBe(pdfPages(marked));
    for (const page of pages) expect(page).toContain('PRIVILEGED & CONFIDENTIAL');
    expect(text).not.toContain('PRIVILEGED');
    expect(text.split('CONFIDENTIAL — contains personal data').length - 1).toBeGreaterThanOrEqual(pdfPages(path.join(out, 'report.pdf')));
    await expect(run(process.execPath, [cli, 'report', path.join(dir, 'no-such-case'), '--out', path.join(dir, 'q')])).rejects.toMatchObject({ code: 3 });
  });

  it('names no absolute path and no time but the case\'s own', () => {
    expect(text).not.toContain(dir);
    expect(text).not.toContain(root);
    // The document information (title, dates) is not compressed: no path there either, and the dates are the case's.
    const info = readFileSync(path.join(out, 'report.pdf'), 'latin1');
    expect(info).not.toContain(dir);
    const dates = [...info.matchAll(/\(D:(\d{14})Z\)/g)].map((m) => m[1]);
    const seq = Number(json<{ custody: { head: string } }>('manifest.json').custody.head.split(':')[0]);
    const custody = new Database(path.join(out, 'case', 'custody.sqlite'), { readonly: true });
    const at = (custody.prepare('SELECT at FROM custody WHERE seq = ?').get(seq) as { at: string }).at;
    custody.close();
    expect(dates).toEqual([at.replace(/[-:T]/g, '').slice(0, 14), at.replace(/[-:T]/g, '').slice(0, 14)]);
  });

  it('states the flagged exports and their rows as the case tables count them', async () => {
    const want = await inCase((db) => db.one<{ flagged: number; total: number; rows: number }>(sql`
      SELECT (SELECT count(DISTINCT export_id) FROM flags)::BIGINT AS flagged, (SELECT count(*) FROM exports)::BIGINT AS total,
        (SELECT sum(rows) FROM exports WHERE export_id IN (SELECT export_id FROM flags) AND NOT count_only)::BIGINT AS rows`));
    const m = /What was taken: ([\d,]+) suspicious exports \(of ([\d,]+) reconstructed\) returned ([\d,]+) rows/.exec(flat);
    expect(m).not.toBeNull();
    expect([num(m![1]!), num(m![2]!), num(m![3]!)]).toEqual([want!.flagged, want!.total, want!.rows]);
    expect(want!.flagged).toBeGreaterThan(0);
  });

  it('lists every flagged export with an evidence line and hash that are its own, checked against exports.json and the files', () => {
    const flagged = json<{ exports: { id: string; suspicious: boolean; evidence: { file: string; sha256: string; record: number }[] }[] }>('exports.json').exports.filter((x) => x.suspicious);
    const table = section(text, '3. Suspicious exports', '4. Integrations');
    const rows = new Map<string, string[]>();
    let current: string[] | null = null;
    for (const line of table.split('\n')) {
      const id = /^(X-[0-9a-f]{12})\b/.exec(line)?.[1];
      if (id) rows.set(id, (current = []));
      current?.push(line);
    }
    expect([...rows.keys()].sort()).toEqual(flagged.map((x) => x.id).sort());
    for (const x of flagged) {
      const block = rows.get(x.id)!.join('\n');
      const line = Number(/\bline (\d+)\b/.exec(block)?.[1]);
      const prefix = /\bsha ([0-9a-f]{12})\b/.exec(block)?.[1];
      const ref = x.evidence.find((e) => e.record + 1 === line && e.sha256.startsWith(prefix ?? '-'));
      expect(ref, `${x.id}: line ${line} sha ${prefix}`).toBeDefined();
      // Named from the evidence folder given, never by an absolute path.
      expect(sha(path.join(path.dirname(demo), ref!.file)).startsWith(prefix!)).toBe(true);
      expect(block).toContain(path.basename(ref!.file).slice(0, 12));
    }
  });

  it('counts people per jurisdiction as affected.json, the SQL over `affected` and the CSV files do', async () => {
    const byJurisdiction = json<{ summary: { byJurisdiction: Record<string, number>; records: number } }>('affected.json').summary.byJurisdiction;
    const sqlCounts = Object.fromEntries((await inCase((db) => db.all<{ code: string; n: number }>(sql`SELECT jurisdiction AS code, count(*)::BIGINT AS n FROM affected WHERE is_person GROUP BY 1`))).map((r) => [r.code, r.n]));
    expect(sqlCounts).toEqual(byJurisdiction);
    const printed: Record<string, number> = {};
    for (const m of section(text, '5. Scope', '6. Notification duties').matchAll(/^\s*([A-Z]{2}(?:-[A-Z0-9]{1,3})?)\s{2,}.+?\s{2,}([\d,]+)\s+([\d,]+)\s+affected\/([A-Z0-9-]+)\.csv · ([0-9a-f]{12})\s*$/gm)) {
      printed[m[1]!] = num(m[2]!);
      expect(m[4]).toBe(m[1]);
      const csv = path.join(out, 'affected', `${m[1]}.csv`);
      expect(sha(csv).startsWith(m[5]!)).toBe(true);
      // The CSV itself, read apart: one header record and one record per person.
      expect(csvRecords(readFileSync(csv, 'utf8')) - 1).toBe(num(m[2]!));
    }
    expect(printed).toEqual(byJurisdiction);
    const total = Object.values(byJurisdiction).reduce((a, b) => a + b, 0);
    expect(flat).toContain(`People affected: ${total.toLocaleString('en-US')} in ${Object.keys(byJurisdiction).length} jurisdictions`);
    // Appendix B shows the first 100 and points to the lists for the rest.
    expect(flat).toContain(`… and ${(total - 100).toLocaleString('en-US')} more, see affected/<CODE>.csv`);
  });

  it('counts people and other records per confidence tier as the SQL over `affected` does', async () => {
    const want = await inCase((db) => db.all<{ tier: string; people: number; other: number }>(sql`
      SELECT confidence AS tier, count(*) FILTER (WHERE is_person)::BIGINT AS people, count(*) FILTER (WHERE NOT is_person)::BIGINT AS other FROM affected GROUP BY 1`));
    const tiers = section(text, 'By confidence tier', 'By jurisdiction');
    for (const tier of ['confirmed', 'replayed', 'possible']) {
      const m = new RegExp(`^\\s*${tier}\\s+([\\d,]+)\\s+([\\d,]+)`, 'm').exec(tiers);
      const w = want.find((r) => r.tier === tier);
      expect([num(m![1]!), num(m![2]!)]).toEqual([w?.people ?? 0, w?.other ?? 0]);
    }
  });

  it('says plainly that no jurisdiction was assigned by hand when the custody log has no assignment', () => {
    expect(custodyEntries(path.join(out, 'case')).some((e) => e.action === 'jurisdiction.assigned')).toBe(false);
    expect(section(pdfText(path.join(out, 'report.pdf'), false), 'Jurisdictions assigned by hand', '6. Notification duties').replace(/\s+/g, ' ')).toContain('None: no jurisdiction was assigned by hand up to the custody head of this report');
  });

  it('lists every duty of duties.json with its decision and due date, and sums them in the summary', () => {
    const duties = json<{ duties: { jurisdiction: string; required: string; due: string | null }[] }>('duties.json').duties;
    const dutyText = section(text, '6. Notification duties', '7. Methodology');
    const open = section(dutyText, 'Required or to assess', 'Not required');
    const printedOpen = [...open.matchAll(/^([A-Z]{2}(?:-[A-Z0-9]{1,3})?)\s{2,}\S.*?\s{2,}(yes|assess)\s{2,}.*$/gm)].map((m) => `${m[1]} ${m[2]} ${/\b(\d{4}-\d{2}-\d{2})\b/.exec(m[0])?.[1] ?? '-'}`);
    const wantOpen = duties.filter((d) => d.required !== 'no').map((d) => `${d.jurisdiction} ${d.required} ${d.due?.slice(0, 10) ?? '-'}`);
    expect(printedOpen.sort()).toEqual(wantOpen.sort());
    const closed = section(dutyText, 'Not required', '7. Methodology');
    const printedClosed = [...closed.matchAll(/^([A-Z]{2}(?:-[A-Z0-9]{1,3})?)\s{2,}\S/gm)].map((m) => m[1]);
    expect(printedClosed.sort()).toEqual(duties.filter((d) => d.required === 'no').map((d) => d.jurisdiction).sort());
    const yes = duties.filter((d) => d.required === 'yes').length;
    const assess = duties.filter((d) => d.required === 'assess').length;
    expect(flat).toContain(`Notification duties: ${yes} required and ${assess} to assess, of ${duties.length} evaluated.`);
    const earliest = duties.filter((d) => d.required !== 'no' && d.due).map((d) => d.due!).sort()[0];
    expect(flat).toContain(`by ${earliest!.slice(0, 10)} ${earliest!.slice(11, 19)} UTC`);
  });

  it('lists every source in Appendix A with its full SHA-256 and the rows manifest.json records for it', () => {
    const inputs = json<{ inputs: { sha256: string; rows: number; rejectedRows: number }[] }>('manifest.json').inputs;
    const appendix = section(text, 'Appendix A. Sources', 'Appendix B.');
    const printed = new Map<string, [number, number]>();
    for (const m of appendix.matchAll(/^\s*\d+ .*?\s([\d,]+)\s+([\d,]+)\s+[\d,]+ ([0-9a-f]{64})\s*$/gm)) printed.set(m[3]!, [num(m[1]!), num(m[2]!)]);
    expect(inputs.length).toBeGreaterThan(100);
    expect(printed.size).toBe(new Set(inputs.map((i) => i.sha256)).size);
    for (const i of inputs) expect(printed.get(i.sha256), i.sha256).toEqual([i.rows, i.rejectedRows]);
  });

  it('names its custody head as the custody log holds it, and how to verify it', async () => {
    const head = /leakscope verify <case folder> --head (\d+):([0-9a-f]{64})\b/.exec(flat);
    expect(head).not.toBeNull();
    const { stdout } = await run(process.execPath, [cli, 'verify', path.join(out, 'case'), '--head', `${head![1]}:${head![2]}`]);
    expect(stdout).not.toMatch(/^FAIL/m);
    // The same head investigate anchored in manifest.json when it wrote the outputs.
    expect(`${head![1]}:${head![2]}`).toBe(json<{ custody: { head: string } }>('manifest.json').custody.head);
  });

  it('has no empty page and no word outside its page', () => {
    const pages = pdfPages(path.join(out, 'report.pdf'));
    const perPage = pdfText(path.join(out, 'report.pdf')).split('\f').slice(0, pages);
    expect(perPage.length).toBe(pages);
    // Beyond the running header and footer (3 lines), every page carries content.
    for (const [i, p] of perPage.entries()) expect(p.split('\n').filter((l) => l.trim()).length, `page ${i + 1}`).toBeGreaterThan(4);
    for (const w of pdfWords(path.join(out, 'report.pdf'))) {
      expect(w.xMin >= 0 && w.yMin >= 0 && w.xMax <= w.width && w.yMax <= w.height, `${w.text} on page ${w.page}`).toBe(true);
    }
  });
});
