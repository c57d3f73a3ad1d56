/**
 * A collection bundle taken in by intake: every file is checked against bundle.json; a file
 * changed since collection, one removed, and one added to the folder are each a warning naming
 * it and are recorded in custody (`bundle.checked`), and the bundle's own files are not evidence.
 * Large log files are streamed: the collector's memory does not grow with the file.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../electron/engine/collector/collect.js';
import { pastedToken } from '../../electron/engine/collector/auth.js';
import { importEvidence } from '../../electron/engine/importCase.js';
import type { BundleManifest } from '../../shared/bundle.js';
import { startFakeSalesforce, type FakeSalesforce } from '../helpers/fakeSalesforce.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const fastRetry = { attempts: 2, baseDelayMs: 0, maxDelayMs: 0, sleep: () => Promise.resolve(), random: () => 0.5 };
let org: FakeSalesforce | null = null;
afterEach(async () => {
  await org?.close();
  org = null;
});

describe('a collection bundle in intake', () => {
  it('checks every file against bundle.json and names what changed, vanished or was added', async () => {
    org = await startFakeSalesforce({ root: demo, exclude: ['org-southwind'], token: 't', supersede: true });
    const work = mkdtempSync(path.join(os.tmpdir(), 'ls-bundle-intake-'));
    const dir = path.join(work, 'bundle');
    const r = await collect({ instanceUrl: org.url, auth: pastedToken('t'), outDir: dir, from: '2025-07-26T00:00:00Z', to: '2025-07-28T00:00:00Z', types: ['ApiTotalUsage', 'Login', 'ApiEvent'], retry: fastRetry, pollIntervalMs: 0 });
    expect(r.ok).toBe(true);
    const m = JSON.parse(readFileSync(path.join(dir, 'bundle.json'), 'utf8')) as BundleManifest;
    const superseded = m.files.find((f) => f.superseded)!;
    expect(superseded).toBeDefined();
    appendFileSync(path.join(dir, 'metadata', 'User.csv'), '"005XX0000000001AAA","x@y.z","X","","","","","","",""\n');
    rmSync(path.join(dir, 'metadata', 'Profile.csv'));
    writeFileSync(path.join(dir, 'metadata', 'Extra.csv'), '"Id","Name"\n"a0X000000000001AAA","added later"\n');

    const imported = await importEvidence({ evidencePaths: [dir], caseDir: path.join(work, 'case') });
    expect(imported.ok).toBe(true);
    if (!imported.ok) return;
    const w = imported.value.warnings;
    expect(w).toContain(`${path.join(dir, 'metadata', 'User.csv')}: does not match the SHA-256 recorded in ${path.join(dir, 'bundle.json')} when it was collected; it changed after collection`);
    expect(w.some((x) => x.startsWith(`${path.join(dir, 'metadata', 'Profile.csv')}: listed in`))).toBe(true);
    expect(w.some((x) => x.startsWith(`${path.join(dir, 'metadata', 'Extra.csv')}: in the bundle folder`))).toBe(true);
    expect(w.some((x) => /bundle\.json|coverage\.json/.test(x) && x.includes('not loaded'))).toBe(false);
    const sources = imported.value.sources;
    const sup = sources.find((s) => s.path === path.join(dir, ...superseded.path.split('/')))!;
    expect(sup.kind).toBe('unknown');
    expect(sup.rows).toBe(0);
    expect(sources.find((s) => s.name === 'bundle.json')!.kind).toBe('unknown');

    const custody = new Database(path.join(work, 'case', 'custody.sqlite'), { readonly: true });
    try {
      const row = custody.prepare("SELECT detail FROM custody WHERE action = 'bundle.checked'").get() as { detail: string };
      const d = JSON.parse(row.detail) as { mismatched: string[]; missing: string[]; unlisted: string[]; verified: number; files: number };
      expect(d.mismatched).toEqual(['metadata/User.csv']);
      expect(d.missing).toEqual(['metadata/Profile.csv']);
      expect(d.unlisted).toEqual([path.join(dir, 'metadata', 'Extra.csv')]);
      expect(d.verified).toBe(m.files.length - 2);
    } finally {
      custody.close();
    }
  });

  it('streams a large log file to disk: memory does not grow with it', async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), 'ls-bundle-big-'));
    const evidence = path.join(work, 'org');
    const header = readFileSync(path.join(demo, 'elf', 'API', 'API-2025-07-01.csv'), 'utf8').split('\n')[0]!;
    const line = readFileSync(path.join(demo, 'elf', 'API', 'API-2025-07-01.csv'), 'utf8').split('\n')[1]!;
    mkdirSync(path.join(evidence, 'elf', 'API'), { recursive: true });
    cpSync(path.join(demo, 'Organization.csv'), path.join(evidence, 'Organization.csv'));
    const rows = Math.ceil((192 * 1024 * 1024) / line.length);
    writeFileSync(path.join(evidence, 'elf', 'API', 'API-2025-07-01.csv'), `${header}\n${`${line}\n`.repeat(rows)}`);
    org = await startFakeSalesforce({ root: evidence, token: 't' });
    // Growth over the lowest point seen during the run (the 96 MB text built above is garbage collected meanwhile).
    let peak = -Infinity;
    let low = Infinity;
    let samples = 0;
    const timer = setInterval(() => {
      const now = process.memoryUsage();
      // Received chunks are Buffers (outside the JS heap): both count.
      const used = now.heapUsed + now.arrayBuffers;
      low = Math.min(low, used);
      peak = Math.max(peak, used - low);
      samples++;
    }, 5);
    const dir = path.join(work, 'bundle');
    const r = await collect({ instanceUrl: org.url, auth: pastedToken('t'), outDir: dir, from: '2025-07-01T00:00:00Z', to: '2025-07-02T00:00:00Z', types: ['API', 'ApiEvent'], retry: fastRetry, pollIntervalMs: 0 });
    clearInterval(timer);
    expect(r.ok).toBe(true);
    const size = statSync(path.join(dir, 'elf', 'API', 'API-2025-07-01.csv')).size;
    expect(size).toBeGreaterThan(192 * 1024 * 1024);
    console.log(`collector memory growth while saving a ${(size / 1048576).toFixed(0)} MB log file: ${(peak / 1048576).toFixed(1)} MB at most (${samples} samples)`);
    expect(samples).toBeGreaterThan(3);
    // Measured: about 34 MB for a 96 MB file and 41 MB for a 193 MB one — received chunks awaiting collection, not the file.
    expect(peak).toBeLessThan(size / 3);
    rmSync(work, { recursive: true, force: true });
  });
});
