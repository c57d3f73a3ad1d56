/**
 * "Was this person affected?": searching the affected people of a real case by record id (15 or 18
 * characters), by words of the name or email, within a jurisdiction, through the contract the app
 * uses and through `leakscope people`. The expected answers are read off the rows written here.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordsPage } from '../../shared/contract.js';
import { investigate } from '../../electron/engine/investigate.js';
import { dispatch } from '../../electron/engine/dispatch.js';
import { createHandlers } from '../../electron/engine/handlers.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'bin', 'leakscope.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-people-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
const PEOPLE = [
  ['0035j000001eXoqAAE', 'Anna', 'Becker', 'anna.becker@falcon.example', 'Fresno', 'CA', 'USA'],
  ['0035j000001eXorAAE', 'Anna', 'Cole', 'acole@harbor.example', 'Austin', 'TX', 'USA'],
  ['0035j000001eXosAAE', 'Ben', 'Becker', 'ben@falcon.example', 'San Jose', 'CA', 'USA'],
];
let caseDir: string;
const handlers = createHandlers({ host: 'web', version: 'test' });

async function search(q: string, jurisdiction?: string): Promise<RecordsPage> {
  const r = await dispatch(handlers, 'investigation.records', { caseDir, search: q, ...(jurisdiction ? { jurisdiction } : {}) });
  if (!r.ok) throw new Error(r.error.message);
  return r.value as RecordsPage;
}
const names = (p: RecordsPage): string[] => p.records.map((r) => r.name ?? '').sort();

beforeAll(async () => {
  const evidence = path.join(root, 'evidence');
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '3', JSON.stringify(PEOPLE.map((p) => p[0])), '0H45j00000AppX0CAJ', 'R1'],
  ]));
  writeFileSync(path.join(evidence, 'Contact.csv'), csv([['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingCountry'], ...PEOPLE]));
  const r = await investigate({
    evidencePaths: [evidence], outDir: path.join(root, 'out'), resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  caseDir = r.value.caseDir;
}, 120_000);

describe('searching the affected people', () => {
  it('by an email, whole or in part, and by words of the name (all must match)', async () => {
    expect(names(await search('anna.becker@falcon.example'))).toEqual(['Anna Becker']);
    expect(names(await search('FALCON.example'))).toEqual(['Anna Becker', 'Ben Becker']);
    expect(names(await search('anna'))).toEqual(['Anna Becker', 'Anna Cole']);
    expect(names(await search('anna becker'))).toEqual(['Anna Becker']);
  });

  it('by record id in 15 or 18 characters, and within a jurisdiction', async () => {
    expect(names(await search(PEOPLE[1]![0]!.slice(0, 15)))).toEqual(['Anna Cole']);
    expect(names(await search(PEOPLE[1]![0]!))).toEqual(['Anna Cole']);
    expect(names(await search('becker', 'US-CA'))).toEqual(['Anna Becker', 'Ben Becker']);
    expect(names(await search('anna', 'US-CA'))).toEqual(['Anna Becker']);
    const none = await search('nobody@nowhere.example');
    expect(none.total).toBe(0);
  });

  it('the CLI answers the same, and says plainly when nobody matches', async () => {
    const run = (...a: string[]) => promisify(execFile)(process.execPath, [CLI, 'people', caseDir, ...a]);
    const hit = await run('acole@harbor.example');
    expect(hit.stdout).toMatch(/^1 affected person matching "acole@harbor.example"\n0035j000001eXorAAE {2}Contact {2}Anna Cole {2}acole@harbor.example\n {4}US-TX /);
    const json = JSON.parse((await run('becker', '--json')).stdout) as RecordsPage;
    expect(json.total).toBe(2);
    const miss = await run('nobody@nowhere.example');
    expect(miss.stdout).toBe('No affected person matching "nobody@nowhere.example": not exposed by any export in scope (or not a person).\n');
  }, 60_000);
});
