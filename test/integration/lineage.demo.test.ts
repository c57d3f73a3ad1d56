/**
 * lineage.json of the bundled demo: every figure's statement, run here against the case database, gives the figure
 * lineage.json states, which is the figure affected.json and duties.json print; the input hashes are recomputed from
 * manifest.json's inputs and from the rule files themselves.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'bin', 'leakscope.js');
const demo = path.join(root, 'resources', 'demo', 'evidence');

interface Figure { figure: string; value: unknown; sql: string; shape: 'value' | 'map' | 'row' | 'rows'; inputs: string[]; inputsSha256: string; computedFrom?: { sql: string } }
interface Lineage {
  generatedAt?: string;
  inputs: { sources: { sha256: string; files: { sourceId: number; file: string; sha256: string }[] }; rules: { sha256: string; files: { file: string; sha256: string }[] } };
  figures: Figure[];
}

let out: string;
let lineage: Lineage;
const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(out, file), 'utf8')) as T;
const sha = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');
const lines = (l: string[]): string => sha(l.map((x) => `${x}\n`).join(''));

/** Runs a statement on the case database through DuckDB directly (not the engine), counts as numbers. */
async function query(text: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(path.join(out, 'case', 'case.duckdb'), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll(text)).getRowObjectsJS();
    return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function shaped(f: Figure, rows: Record<string, unknown>[]): unknown {
  if (f.shape === 'value') return Object.values(rows[0] ?? {})[0] ?? null;
  if (f.shape === 'map') return Object.fromEntries(rows.map((r) => [String(r['k']), r['n']]));
  if (f.shape === 'row') return rows[0] ?? null;
  return rows;
}

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'ls-lineage-'));
  await run(process.execPath, [cli, 'investigate', demo, '--out', out, '--aware-at', '2025-07-28T09:00:00Z'], { maxBuffer: 64 * 1024 * 1024 });
  lineage = read<Lineage>('lineage.json');
}, 300_000);

describe('lineage.json on the demo', () => {
  it('is listed in the manifest, with no clock time in it', () => {
    const manifest = read<{ outputs: { file: string; sha256: string }[] }>('manifest.json');
    expect(manifest.outputs.find((o) => o.file === 'lineage.json')?.sha256).toBe(sha(readFileSync(path.join(out, 'lineage.json'))));
    expect(lineage.generatedAt).toBeUndefined();
    expect(lineage.figures.map((f) => f.figure)).toEqual(['summary.records', 'summary.byJurisdiction', 'summary.byConfidence', 'summary.otherObjects', 'summary.byOrg', 'duties.summary', 'duties.duties']);
  });

  it('gives, for every figure, a statement that yields it again when run against the case', async () => {
    for (const f of lineage.figures) expect(shaped(f, await query(f.sql)), f.figure).toEqual(f.value);
    // The duties were evaluated from the people groups its statement gives: they add up to the people affected.
    const duties = lineage.figures.find((f) => f.figure === 'duties.duties')!;
    const groups = await query(duties.computedFrom!.sql);
    expect(groups.reduce((n, g) => n + Number(g['people']), 0)).toBe(read<{ summary: { records: number } }>('affected.json').summary.records);
  });

  it('states the figures affected.json and duties.json print', () => {
    const value = (name: string): unknown => lineage.figures.find((f) => f.figure === name)!.value;
    const affected = read<{ summary: Record<string, unknown>; jurisdictions: { code: string; records: number }[] }>('affected.json');
    expect(value('summary.records')).toBe(affected.summary['records']);
    expect(value('summary.byJurisdiction')).toEqual(affected.summary['byJurisdiction']);
    expect(value('summary.byJurisdiction')).toEqual(Object.fromEntries(affected.jurisdictions.map((j) => [j.code, j.records])));
    const tiers = Object.fromEntries(Object.entries(affected.summary['byConfidence'] as Record<string, number>).filter(([, n]) => n > 0));
    expect(value('summary.byConfidence')).toEqual(tiers);
    expect(value('summary.otherObjects')).toEqual(affected.summary['otherObjects']);
    expect(value('summary.byOrg')).toEqual(affected.summary['byOrg']);
    const duties = read<{ summary: Record<string, unknown>; duties: Record<string, unknown>[] }>('duties.json');
    const { overdue: _overdue, ...summary } = duties.summary;
    expect(value('duties.summary')).toEqual(summary);
    const keys = ['jurisdiction', 'recipient', 'step', 'required', 'people', 'peopleSure', 'peopleInJurisdiction', 'due'];
    expect(value('duties.duties')).toEqual(duties.duties.map((d) => Object.fromEntries(keys.map((k) => [k, d[k] ?? null]))));
    expect((value('duties.duties') as unknown[]).length).toBeGreaterThan(20);
  });

  it('hashes its inputs as manifest.json and the rule files say', () => {
    const manifest = read<{ inputs: { path: string; sha256: string }[] }>('manifest.json');
    expect(lineage.inputs.sources.files.map((s) => [s.file, s.sha256])).toEqual(manifest.inputs.map((i) => [i.path, i.sha256]));
    expect(lineage.inputs.sources.sha256).toBe(lines(manifest.inputs.map((i) => `${i.sha256}  ${i.path}`)));
    const resources = path.join(root, 'resources');
    for (const r of lineage.inputs.rules.files) expect(r.sha256, r.file).toBe(sha(readFileSync(path.join(resources, r.file))));
    expect(lineage.inputs.rules.files.map((r) => r.file)).toContain('jurisdictions/rules.json');
    expect(lineage.inputs.rules.sha256).toBe(lines(lineage.inputs.rules.files.map((r) => `${r.sha256}  ${r.file}`)));
    const digest = { sources: lineage.inputs.sources.sha256, rules: lineage.inputs.rules.sha256 } as Record<string, string>;
    for (const f of lineage.figures) expect(f.inputsSha256, f.figure).toBe(lines(f.inputs.map((i) => digest[i]!)));
    expect(lineage.figures.find((f) => f.figure === 'duties.duties')!.inputs).toEqual(['sources', 'rules']);
  });
});
