/**
 * Where the case stands says whether its output files are up to date: after the investigation of the demo they are;
 * a note and a jurisdiction assigned by hand are findings they do not show yet, and the Cases screen (`case.open`) and
 * `leakscope open` name each by count, until the report set is written again. The expectations come from the calls this
 * test makes (one note, one assignment), not from the custody log the code reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../shared/caseStatus.js';
import type { Handlers } from '../../shared/contract.js';
import { formatStatus } from '../../electron/cli/openCommand.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const root = path.resolve(__dirname, '../..');
const demo = path.join(root, 'resources', 'demo', 'evidence');
let work: string;
let handlers: Handlers;
let caseDir: string;

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}
const status = (): Promise<CaseStatus> => call<CaseStatus>('case.open', { caseDir });

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'ls-outputs-stale-'));
  handlers = createHandlers({ host: 'web', version: 'test', configDir: path.join(work, 'config') });
  caseDir = path.join(work, 'case');
  await call('case.create', { caseDir, name: 'stale outputs' });
  await call('investigation.run', { evidencePaths: [demo], caseDir, outDir: path.join(caseDir, 'output') });
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('whether the output files show the case as it stands', () => {
  it('up to date after the run; a note and a hand assignment since are named; the report set brings them up to date', async () => {
    const after = await status();
    expect(after.outputs).toMatchObject({ outDir: path.join(caseDir, 'output'), changesSince: [] });
    expect(formatStatus(after)).not.toMatch(/do not show this yet/);

    await call('notes.add', { caseDir, note: { target: { kind: 'case', id: '' }, text: 'counsel asked for the Lead export first' } });
    const db = await CaseDb.open(path.join(caseDir, 'case.duckdb'), { readOnly: true });
    const unresolved = await db.one<{ org_id: string | null; object: string; id: string }>(sql`
      SELECT org_id, object, id FROM affected WHERE is_person AND jurisdiction = 'ZZ' ORDER BY object, id LIMIT 1`);
    db.close();
    expect(unresolved).not.toBeNull();
    await call('jurisdiction.assign', { caseDir, orgId: unresolved!.org_id, object: unresolved!.object, recordId: unresolved!.id, jurisdiction: 'US-CA', reason: 'address on the signed order form' });

    const stale = await status();
    expect(stale.outputs!.changesSince).toEqual([{ action: 'jurisdiction.assigned', count: 1 }, { action: 'note.added', count: 1 }]);
    const printed = formatStatus(stale);
    expect(printed).toContain('1 jurisdiction(s) assigned by hand, 1 note(s) added. They do not show this yet: generate the report to rewrite them.');

    const report = await call<{ id: string }>('report.generate', { caseDir });
    const fresh = await status();
    expect(fresh.outputs!.changesSince).toEqual([]);
    expect(fresh.outputs!.outDir).toContain(report.id);
    expect(formatStatus(fresh)).not.toMatch(/do not show this yet/);
  }, 300_000);
});
