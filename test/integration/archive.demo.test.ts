/**
 * The demo evidence handed over as one zip (with the RTEM export as a nested .csv.gz inside a
 * nested zip): the same findings as the folder, every member traced to its archive.
 */
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../electron/engine/handlers.js';
import { generateDemo } from '../../scripts/demo/index.js';
import { buildZip, type ZipEntrySpec } from '../helpers/zipWriter.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const list = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? list(path.join(dir, n)) : [path.join(dir, n)]));

describe('evidence in archives', () => {
  it('finds the same affected people in a zip (with a nested zip and gzip) as in the folder', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'ls-zip-'));
    const files = list(demo);
    const rtem = files.filter((f) => f.includes(`${path.sep}rtem${path.sep}`));
    const inner = buildZip(rtem.map((f) => ({ name: `rtem/${path.basename(f)}.gz`, data: gzipSync(readFileSync(f)), method: 'store' })));
    const entries: ZipEntrySpec[] = files
      .filter((f) => !rtem.includes(f))
      .map((f) => ({ name: `export/${path.relative(demo, f).split(path.sep).join('/')}`, data: readFileSync(f), method: 'deflate' as const }));
    entries.push({ name: 'export/realtime.zip', data: inner, method: 'store' });
    const zipPath = path.join(work, 'evidence.zip');
    writeFileSync(zipPath, buildZip(entries));

    const handlers = createHandlers({ host: 'web', version: 'test' });
    const scope = { integrations: [], users: [], from: null, to: null, awareAt: null };
    const run = await handlers['investigation.run']({ evidencePaths: [zipPath], outDir: path.join(work, 'out'), scope });
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const truth = generateDemo(20250726).truth;
    expect(run.value.summary.byJurisdiction).toEqual(truth.byJurisdiction);
    expect(run.value.exportCounts.suspicious).toBe(truth.plantedExports.length);
    const archive = run.value.sources.find((s) => s.kind === 'archive');
    expect(archive?.path).toBe(zipPath);
    const api = run.value.sources.find((s) => s.detail === 'ApiEvent');
    expect(api?.name).toBe('evidence.zip!/export/realtime.zip!/rtem/ApiEvent.csv.gz!/ApiEvent.csv');
    expect(api?.path.startsWith(path.join(work, 'out', 'case'))).toBe(true);
    // The extracted member is byte-identical to the original export.
    expect(readFileSync(api!.path)).toEqual(readFileSync(rtem[0]!));
  });
});
