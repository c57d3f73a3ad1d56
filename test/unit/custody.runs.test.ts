/** Runs in a real custody log: a started run without its finished entry is reported as interrupted. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { finishRun, startRun, unfinishedRuns } from '../../electron/engine/casestore/runs.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ls-runs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('unfinishedRuns', () => {
  it('pairs started and finished entries by run id, whatever else is logged between them', () => {
    const log = CustodyLog.open(path.join(dir, 'custody.sqlite'));
    try {
      log.append('investigation.started', { evidencePaths: [] }, 'old'); // before run ids: not judged
      const a = startRun(log, 'investigation', {}, 'ann');
      const b = startRun(log, 'import', {}, 'bob');
      log.append('source.imported', { sourceId: 1 }, 'bob');
      finishRun(log, 'import', b, 'done', {}, 'bob');
      const c = startRun(log, 'import', {}, 'cy');
      finishRun(log, 'import', c, 'cancelled', {}, 'cy');
      expect(unfinishedRuns(log)).toEqual([expect.objectContaining({ kind: 'investigation', runId: a, seq: 2, actor: 'ann' })]);
      finishRun(log, 'investigation', a, 'failed', { error: 'x' }, 'ann');
      expect(unfinishedRuns(log)).toEqual([]);
      expect(log.entries().at(-1)).toMatchObject({ action: 'investigation.finished', detail: { runId: a, outcome: 'failed', error: 'x' } });
    } finally {
      log.close();
    }
  });
});
