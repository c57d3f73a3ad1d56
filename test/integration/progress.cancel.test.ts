/**
 * The app's view of a long run: progress at least twice a second while evidence loads, and a
 * cancel that stops the run without corrupting the case (a second run finishes the job and gets
 * the same answer as an uninterrupted one).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../shared/domain.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { generateDemo } from '../../scripts/demo/index.js';

const demo = path.resolve(__dirname, '../../resources/demo/evidence');
const handlers = createHandlers({ host: 'web', version: 'test' });
const scope = { integrations: [], users: [], from: null, to: null, awareAt: null };

describe('progress and cancellation of an investigation', () => {
  it('reports progress while running and can be cancelled without harming the case', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ls-cancel-'));
    const caseDir = path.join(out, 'case');
    const seen: RunProgress[] = [];
    const poll = setInterval(async () => {
      const p = await handlers['investigation.progress']({ runId: 'run-1' });
      if (p.ok && p.value) seen.push(p.value);
      if (p.ok && p.value && p.value.phase === 'loading' && p.value.files >= 3) await handlers['investigation.cancel']({ runId: 'run-1' });
    }, 50);
    const first = await handlers['investigation.run']({ evidencePaths: [demo], outDir: out, caseDir, scope, runId: 'run-1' });
    clearInterval(poll);
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.error.code).toBe('CANCELLED');
    const loading = seen.filter((p) => p.phase === 'loading');
    expect(loading.length).toBeGreaterThan(0);
    expect(loading.every((p) => p.bytesTotal > 0 && p.filesTotal >= 200)).toBe(true);

    // A second run in the same case takes in the rest and gives the uninterrupted answer.
    const second = await handlers['investigation.run']({ evidencePaths: [demo], outDir: out, caseDir, scope, runId: 'run-2' });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const generated = generateDemo(20250726);
    const truth = generated.truth;
    expect(second.value.summary.records).toBe(truth.affectedPersons.length);
    expect(second.value.summary.byJurisdiction).toEqual(truth.byJurisdiction);
    // Every file the generator wrote is a source of the case, none left unknown.
    expect(second.value.sources.filter((s) => s.kind !== 'unknown')).toHaveLength(generated.files.size);
  });

  it('reports progress at least twice a second on a run that takes seconds', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'ls-progress-'));
    const stamps: number[] = [];
    const poll = setInterval(async () => {
      const p = await handlers['investigation.progress']({ runId: 'run-3' });
      if (p.ok && p.value) stamps.push(p.value.elapsedMs);
    }, 100);
    const run = await handlers['investigation.run']({ evidencePaths: [demo], outDir: out, scope, runId: 'run-3' });
    clearInterval(poll);
    expect(run.ok).toBe(true);
    const distinct = [...new Set(stamps)].sort((a, b) => a - b);
    expect(distinct.length).toBeGreaterThan(2);
    // Successive reports are never more than half a second apart while intake runs.
    const gaps = distinct.slice(1).map((t, i) => t - distinct[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(500);
  });
});
