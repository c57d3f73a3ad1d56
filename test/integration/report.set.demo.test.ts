/**
 * The app's Report button on the bundled demo, through the dispatcher both hosts use: `report.generate` writes into
 * `<case>/reports/<id>/` every file `leakscope report <case> --out <dir>` writes for the same case — the same names, the
 * same bytes but for the manifest's time — which are the files `investigate` wrote (only the case's relative path in
 * the JSON headers differs, as the folders differ). Checked apart from the code: SHA-256 computed here, the folder
 * walked here, the notification lists' figures counted by SQL of the test's own over the case tables, `verify` of the
 * report folder, a cancelled generation that leaves nothing behind.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract.js';
import type { GeneratedReport, VerifyOutcome } from '../../shared/workbench.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

let dir: string;
let out: string;
let caseDir: string;
let cliDir: string;
let handlers: Handlers;
let report: GeneratedReport;

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under `folder`, relative and `/`-separated, found by walking it (not from any manifest). */
function walk(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? walk(path.join(folder, e.name), rel) : [rel];
  }).sort();
}

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'ls-report-set-'));
  out = path.join(dir, 'out');
  caseDir = path.join(out, 'case');
  await run(process.execPath, [cli, 'investigate', demo, '--out', out, '--aware-at', '2025-07-28T09:00:00Z'], { maxBuffer: 64 * 1024 * 1024 });
  // The tool's version as the CLI names it in every output header.
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  handlers = createHandlers({ host: 'web', version, configDir: null });
  report = await call<GeneratedReport>('report.generate', { caseDir, investigator: 'Rita Reporter' });
  // The CLI into a folder as deep below the case as the app's, so the outputs name the case by the same relative path.
  cliDir = path.join(caseDir, 'reports', 'from-cli');
  await run(process.execPath, [cli, 'report', caseDir, '--out', cliDir], { maxBuffer: 16 * 1024 * 1024 });
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('report.generate on the demo', () => {
  it('writes into <case>/reports/<id>/ every file the CLI writes, and the files investigate wrote', () => {
    expect(path.dirname(report.dir)).toBe(path.join(caseDir, 'reports'));
    expect(report.id).toMatch(/^\d{8}-\d{6}(-\d+)?$/);
    const app = walk(report.dir);
    expect(app).toEqual(walk(cliDir));
    expect(app).toEqual(walk(out).filter((f) => !f.startsWith('case/')));
    for (const f of ['report.pdf', 'manifest.json', 'notification-lists.xlsx', 'duties.json', 'affected.json', 'exports.json', 'secrets.json', 'lineage.json', 'integrations.json', 'incident.json', 'coverage.json', 'quarantine.csv', 'other-records.csv']) {
      expect(app, f).toContain(f);
    }
    expect(app.filter((f) => f.startsWith('affected/')).length).toBeGreaterThan(10);
    // What the app lists is what is on disk: every file, its size and its hash.
    expect(report.files.map((f) => f.file).sort()).toEqual(app);
    for (const f of report.files) {
      expect(f.path).toBe(path.join(report.dir, ...f.file.split('/')));
      expect(f.bytes, f.file).toBe(statSync(f.path).size);
      expect(f.sha256, f.file).toBe(sha(f.path));
    }
    expect(report.warnings).toEqual([]);
    expect(report.pages).toBeGreaterThan(5);
  });

  it('writes the same bytes as the CLI (manifest.json but for its time), and as investigate but for the case path in the JSON headers', () => {
    const differs: string[] = [];
    for (const f of walk(report.dir)) {
      const a = readFileSync(path.join(report.dir, f));
      if (f === 'manifest.json') {
        const drop = (b: Buffer) => ({ ...(JSON.parse(b.toString('utf8')) as Record<string, unknown>), generatedAt: null });
        expect(drop(a)).toEqual(drop(readFileSync(path.join(cliDir, f))));
        continue;
      }
      if (!a.equals(readFileSync(path.join(cliDir, f)))) differs.push(f);
      const investigated = readFileSync(path.join(out, f));
      if (f.endsWith('.json')) {
        const header = /^ {2}"caseDir": "[^"]*",$/m;
        expect(a.toString('utf8').match(header)?.[0], f).toBe('  "caseDir": "../..",');
        expect(a.toString('utf8').replace(header, ''), f).toBe(investigated.toString('utf8').replace(header, ''));
      } else {
        expect(a.equals(investigated), f).toBe(true);
      }
    }
    expect(differs).toEqual([]);
  });

  it('lists in manifest.json every other file of the folder with the SHA-256 computed here, anchored at the custody head', () => {
    const manifest = JSON.parse(readFileSync(path.join(report.dir, 'manifest.json'), 'utf8')) as { caseDir: string; custody: { head: string }; outputs: { file: string; sha256: string }[]; inputs: { path: string; sha256: string }[] };
    expect(manifest.outputs.map((o) => o.file).sort()).toEqual(walk(report.dir).filter((f) => f !== 'manifest.json'));
    for (const o of manifest.outputs) expect(o.sha256, o.file).toBe(sha(path.join(report.dir, o.file)));
    expect(path.resolve(report.dir, manifest.caseDir)).toBe(caseDir);
    expect(manifest.custody.head).toBe(report.head);
    const investigated = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as typeof manifest;
    expect(manifest.inputs).toEqual(investigated.inputs);
  });

  it('has notification lists whose figures are the case tables counted in SQL here', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path.join(report.dir, 'notification-lists.xlsx'));
    const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
    try {
      const people = await db.one<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM affected WHERE is_person`);
      const summary = book.getWorksheet('Summary')!;
      const rows = Array.from({ length: summary.rowCount }, (_, i) => (summary.getRow(i + 1).values as unknown[]).slice(1));
      expect(rows.find((r) => r[0] === 'People affected')?.[1]).toBe(people!.n);
      const perJurisdiction = new Map((await db.all<{ j: string; n: number }>(sql`SELECT jurisdiction AS j, count(*)::INTEGER AS n FROM affected WHERE is_person GROUP BY 1`)).map((r) => [r.j, r.n]));
      const dutySheets = await db.one<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM duties WHERE required <> 'no' AND jurisdiction IN (SELECT jurisdiction FROM affected WHERE is_person)`);
      const sheets = book.worksheets.slice(1);
      expect(sheets.length).toBe(dutySheets!.n);
      for (const ws of sheets) {
        const code = ws.name.split(' ')[0]!;
        expect(ws.rowCount - 1, ws.name).toBe(perJurisdiction.get(code));
      }
    } finally {
      db.close();
    }
  });

  it('passes case.verify of the report folder, is listed by report.list, and is recorded in custody under its author', async () => {
    const verified = await call<VerifyOutcome>('case.verify', { caseDir, reportId: report.id });
    expect(verified.failed).toBe(0);
    expect(verified.passed).toBe(true);
    expect(verified.checks.filter((c) => c.message.startsWith('Unchanged output:')).length).toBe(report.files.length - 1);
    const { reports } = await call<{ reports: GeneratedReport[] }>('report.list', { caseDir });
    const listed = reports.find((r) => r.id === report.id);
    expect(listed?.files).toEqual(report.files);
    expect(listed?.actor).toContain('Rita Reporter');
  });

  it('is refused verification once a file of it changes, naming the file', async () => {
    const copy = await call<GeneratedReport>('report.generate', { caseDir });
    const target = path.join(copy.dir, 'affected', 'US-CA.csv');
    const text = readFileSync(target, 'utf8');
    await import('node:fs/promises').then((fs) => fs.writeFile(target, text.replace(/\n$/, '\n"Contact","003000000000000AAA"\n')));
    const verified = await call<VerifyOutcome>('case.verify', { caseDir, reportId: copy.id });
    expect(verified.passed).toBe(false);
    expect(verified.checks.filter((c) => !c.ok).map((c) => c.message)).toEqual([expect.stringContaining('CHANGED output: affected/US-CA.csv')]);
  }, 120_000);

  it('writes the set without a part the last run\'s file no longer vouches for, and says which', async () => {
    const kept = path.join(dir, 'duties.json.kept');
    renameSync(path.join(out, 'duties.json'), kept);
    try {
      const without = await call<GeneratedReport>('report.generate', { caseDir });
      expect(without.warnings).toEqual([expect.stringContaining('duties.json, which is no longer in its output folder')]);
      expect(walk(without.dir)).toEqual(walk(report.dir).filter((f) => f !== 'duties.json'));
      expect((await call<VerifyOutcome>('case.verify', { caseDir, reportId: without.id })).passed).toBe(true);
    } finally {
      renameSync(kept, path.join(out, 'duties.json'));
    }
  }, 120_000);

  it('takes a folder of its own for each of two reports started together', async () => {
    const [a, b] = await Promise.all([call<GeneratedReport>('report.generate', { caseDir }), call<GeneratedReport>('report.generate', { caseDir })]);
    expect(a.dir).not.toBe(b.dir);
    for (const r of [a, b]) expect(walk(r.dir)).toEqual(walk(report.dir));
  }, 120_000);

  it('leaves nothing behind when cancelled, and says so', async () => {
    const before = readdirSync(path.join(caseDir, 'reports')).sort();
    const pending = dispatch(handlers, 'report.generate', { caseDir, runId: 'cancel-me' });
    expect(await call('report.cancel', { runId: 'cancel-me' })).toEqual({ cancelled: true });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(readdirSync(path.join(caseDir, 'reports')).sort()).toEqual(before);
  });
});
