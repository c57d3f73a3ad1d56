/**
 * `leakscope open <case>` says where an investigation stands: the evidence taken in, the runs and
 * how they ended, the last investigation's exports, people and duties, notes and the custody head.
 * Expected figures come from the files written here and from the case's tables read separately.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseStatus } from '../../shared/caseStatus.js';
import { importEvidence } from '../../electron/engine/importCase.js';
import { investigate } from '../../electron/engine/investigate.js';
import { addCaseNote } from '../../electron/engine/caseNotes.js';
import { CASE_DB, CUSTODY_DB } from '../../electron/engine/caseLayout.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';
import { noteInputSchema } from '../../shared/notes.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'bin', 'leakscope.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-open-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
const IDS = ['0035j000001eXoqAAE', '0035j000001eXorAAE'];
const caseDir = path.join(root, 'case');
const out = path.join(root, 'out');

beforeAll(async () => {
  const evidence = path.join(root, 'evidence');
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '2', JSON.stringify(IDS), '0H45j00000AppX0CAJ', 'R1'],
    ['e2', '2025-07-26T22:31:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT COUNT() FROM Lead', 'Lead', '1', '', '0H45j00000AppX0CAJ', 'R2'],
  ]));
  writeFileSync(path.join(evidence, 'Contact.csv'), csv([['Id', 'FirstName', 'LastName', 'Email', 'MailingState', 'MailingCountry'], [IDS[0]!, 'Anna', 'Becker', 'a@x.com', 'CA', 'USA'], [IDS[1]!, 'Ben', 'Cole', 'b@x.com', 'TX', 'USA']]));
  const imported = await importEvidence({ evidencePaths: [evidence], caseDir, actor: 'Ines' });
  if (!imported.ok) throw new Error(imported.error.message);
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, caseDir, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' }, actor: 'Ines',
    scope: { integrations: [], users: [], from: null, to: null, awareAt: '2025-07-28T09:00:00Z' },
  });
  if (!r.ok) throw new Error(r.error.message);
  const note = await addCaseNote(caseDir, noteInputSchema.parse({ target: { kind: 'case' }, text: 'kick-off call', privileged: true }), 'Carla');
  if (!note.ok) throw new Error(note.error.message);
}, 120_000);

describe('leakscope open', () => {
  it('states the evidence, runs, results, notes and custody head of the case', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'open', caseDir, '--json']);
    const s = JSON.parse(stdout) as CaseStatus;
    const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
    let duties: { total: number; required: number; toAssess: number; earliestDue: string | null };
    try {
      duties = (await db.one<{ total: number; required: number; toAssess: number; earliestDue: string | null }>(sql`SELECT count(*)::INTEGER AS total, count(*) FILTER (WHERE required = 'yes')::INTEGER AS required,
        count(*) FILTER (WHERE required = 'assess')::INTEGER AS "toAssess", strftime(min(due) FILTER (WHERE required <> 'no'), '%Y-%m-%dT%H:%M:%SZ') AS "earliestDue" FROM duties`))!;
    } finally {
      db.close();
    }
    const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
    const head = log.head()!;
    const entries = log.entries().length;
    log.close();
    expect(s.evidence).toMatchObject({ sources: 2, events: 2, quarantined: 0, snapshots: ['Contact'] });
    expect(s.runs.map((r) => [r.kind, r.outcome, r.actor])).toEqual([['import', 'done', 'Ines'], ['investigation', 'done', 'Ines']]);
    expect(s.lastInvestigation).toMatchObject({ outcome: 'done', outDir: out, exports: { total: 2 }, people: 2, jurisdictions: 2 });
    expect(s.lastInvestigation!.duties).toMatchObject({ total: duties.total, required: duties.required, toAssess: duties.toAssess, earliestDue: duties.earliestDue });
    expect(s.notes).toEqual({ total: 1, privileged: 1, bookmarks: 0 });
    expect(s.custody).toEqual({ entries, head: `${head.seq}:${head.hash}` });
    expect(s.interrupted).toBe(0);
    const text = (await promisify(execFile)(process.execPath, [CLI, 'open', caseDir])).stdout;
    expect(text).toContain('affected:   2 people in 2 jurisdiction(s)');
    expect(text).toContain(`head ${head.seq}:${head.hash}`);
  }, 60_000);

  it('says plainly when the folder is no case', async () => {
    const r = await promisify(execFile)(process.execPath, [CLI, 'open', path.join(root, 'nothing-here')]).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(r?.code).toBe(3);
    expect(r?.stderr).toMatch(/No case in .*nothing-here/);
  });
});
