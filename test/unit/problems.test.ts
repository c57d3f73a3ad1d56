/**
 * An empty or incomplete result always says why, first: an empty folder, a folder holding only a
 * FIFO, a mistyped integration, a time window outside the evidence, From later than To, exports in
 * scope with no snapshot to name the people. Each case is a real run on evidence written here; the
 * expected problems follow from the rows by hand. A run whose result holds has no blocker.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { InvestigationResult, InvestigationScope } from '../../shared/domain.js';
import { investigate } from '../../electron/engine/investigate.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'bin', 'leakscope.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-problems-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
const NO_SCOPE: InvestigationScope = { integrations: [], users: [], from: null, to: null, awareAt: null };
const APP = '0H45j00000AppX0CAJ';
const IDS = ['0035j000001eXoqAAE', '0035j000001eXorAAE'];

/** One API query by the "Convo Chat" app from a scripting client (flagged), optionally with the Contact snapshot. */
function evidence(name: string, withSnapshot: boolean): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'rtem'), { recursive: true });
  writeFileSync(path.join(dir, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '2', JSON.stringify(IDS), APP, 'R1'],
  ]));
  writeFileSync(path.join(dir, 'ConnectedApplication.csv'), csv([['Id', 'Name'], [APP, 'Convo Chat']]));
  if (withSnapshot) {
    writeFileSync(path.join(dir, 'Contact.csv'), csv([['Id', 'FirstName', 'LastName', 'Email', 'MailingState', 'MailingCountry'], [IDS[0]!, 'Anna', 'Becker', 'a@x.com', 'CA', 'USA'], [IDS[1]!, 'Ben', 'Cole', 'b@x.com', 'TX', 'USA']]));
  }
  return dir;
}

async function run(name: string, paths: string[], scope: InvestigationScope = NO_SCOPE): Promise<InvestigationResult> {
  const r = await investigate({ evidencePaths: paths, outDir: path.join(root, name, 'out'), resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' }, scope });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const codes = (r: InvestigationResult): string[] => r.problems.map((p) => p.code);

describe('problems said where the result is', () => {
  it('a run whose result holds has no blocker', async () => {
    const r = await run('clean', [evidence('clean-ev', true)]);
    expect(r.summary.records).toBe(2);
    expect(r.problems.filter((p) => p.severity === 'blocker')).toEqual([]);
    const affected = JSON.parse(readFileSync(path.join(r.outDir, 'affected.json'), 'utf8')) as { problems: unknown[] };
    expect(affected.problems).toEqual(r.problems);
  }, 60_000);

  it('an empty folder: no evidence', async () => {
    const empty = path.join(root, 'empty');
    mkdirSync(empty);
    const r = await run('empty-run', [empty]);
    expect(codes(r)).toEqual(['no_evidence']);
    expect(r.problems[0]!.severity).toBe('blocker');
  }, 60_000);

  it('a folder holding only a FIFO: no evidence, and the item not taken in', async () => {
    const dir = path.join(root, 'fifo');
    mkdirSync(dir);
    execFileSync('mkfifo', [path.join(dir, 'ApiEvent.csv')]);
    const r = await run('fifo-run', [dir]);
    expect(codes(r)).toEqual(['no_evidence', 'not_taken_in']);
    expect(r.problems[1]).toMatchObject({ severity: 'blocker', message: expect.stringMatching(/^1 item\(s\) found in the evidence were not taken in \(1 special\)/) });
  }, 60_000);

  it('a mistyped integration names the known ones, and the scope matching nothing says so', async () => {
    const r = await run('typo', [evidence('typo-ev', true)], { ...NO_SCOPE, integrations: ['Convo Chatt'] });
    expect(r.summary.records).toBe(0);
    expect(codes(r)).toEqual(['scope_name_unknown', 'scope_matches_nothing']);
    expect(r.problems[0]!.message).toBe('No export of this case was made through the integration "Convo Chatt". Known integrations: Convo Chat.');
    expect(r.problems[1]!.message).toBe('The scope (integration "Convo Chatt") matches none of the 1 exports. The exports run from 2025-07-26T22:30:00Z to 2025-07-26T22:30:00Z.');
  }, 60_000);

  it('a time window outside the evidence says where the evidence is', async () => {
    const r = await run('window', [evidence('window-ev', true)], { ...NO_SCOPE, integrations: ['Convo Chat'], from: '2025-08-01T00:00:00Z', to: '2025-08-31T00:00:00Z' });
    expect(codes(r)).toEqual(['scope_matches_nothing']);
    expect(r.problems[0]!.message).toContain('between 2025-08-01T00:00:00Z and 2025-08-31T00:00:00Z');
    expect(r.problems[0]!.message).toContain('The exports run from 2025-07-26T22:30:00Z');
  }, 60_000);

  it('exports in scope with no snapshot: nobody can be named, and the problem says what to add', async () => {
    const r = await run('nosnap', [evidence('nosnap-ev', false)]);
    expect(r.exportCounts.inScope).toBe(1);
    // The RTEM record ids still name two affected Contacts, but by id only.
    expect(r.summary.records).toBe(2);
    expect(codes(r)).toEqual(['people_unplaced']);
    expect(r.problems[0]).toMatchObject({ severity: 'blocker', message: '2 of 2 affected people are known only by their record id: the case holds no snapshot of Contact, so they cannot be named or placed in a jurisdiction (counted under ZZ).' });
    expect(r.problems[0]!.action).toMatch(/^Add exports of Contact /);
  }, 60_000);

  it('From later than To is refused by the contract and the CLI before anything runs', async () => {
    const handlers = createHandlers({ host: 'web', version: 'test' });
    const reply = await dispatch(handlers, 'investigation.run', { evidencePaths: [root], scope: { from: '2025-08-02T00:00:00Z', to: '2025-08-01T00:00:00Z' } });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/From is later than To/) });
    const cli = await promisify(execFile)(process.execPath, [CLI, 'investigate', root, '--out', path.join(root, 'never'), '--from', '2025-08-02T00:00:00Z', '--to', '2025-08-01T00:00:00Z'])
      .then(() => null, (e: { code: number; stderr: string }) => e);
    expect(cli?.code).toBe(2);
    expect(cli?.stderr).toMatch(/From is later than To/);
  }, 60_000);

  it('an export id that is not one, or one both taken in and left out, is refused by the CLI before anything runs', async () => {
    const run = (args: string[]) => promisify(execFile)(process.execPath, [CLI, 'investigate', root, '--out', path.join(root, 'never'), ...args])
      .then(() => null, (e: { code: number; stderr: string }) => e);
    const bad = await run(['--export', 'X-1;DROP']);
    expect(bad?.code).toBe(2);
    expect(bad?.stderr).toMatch(/expected an export id/);
    const both = await run(['--export', 'X-3f2a9c0d1e4b', '--exclude-export', 'X-3f2a9c0d1e4b']);
    expect(both?.code).toBe(2);
    expect(both?.stderr).toMatch(/both taken into and left out/);
  }, 60_000);
});
