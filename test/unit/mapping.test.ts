/**
 * The investigator's field → category mapping saved in the case: a preview of the change (who
 * would gain or lose which category, per jurisdiction, worked out by hand from the rows below),
 * the decision recorded in custody, applied by the next run to `affected` and to the duties, and
 * removed again. Driven through the CLI as an investigator would.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { CASE_DB, CUSTODY_DB } from '../../electron/engine/caseLayout.js';
import { CustodyLog } from '../../electron/engine/casestore/custody.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { sql } from '../../electron/engine/store/sql.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO, 'bin', 'leakscope.js');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-mapping-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const cli = (...args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args]);

const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
// Two Californians and one person in Germany; the query exposed Id, Email and a custom Clinic_Notes__c field.
const PEOPLE = [
  ['0035j000001eXoqAAE', 'Anna', 'Becker', 'anna@example.com', 'Fresno', 'CA', 'USA', 'allergy: penicillin'],
  ['0035j000001eXorAAE', 'Ben', 'Cole', 'ben@example.com', 'San Diego', 'CA', 'USA', 'follow-up in May'],
  ['0035j000001eXosAAE', 'Cleo', 'Diaz', 'cleo@example.de', 'Berlin', '', 'Germany', ''],
];
const evidence = path.join(root, 'evidence');
const out = path.join(root, 'out');
let caseDir: string;

async function run(): Promise<void> {
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: '2025-07-28T09:00:00Z' },
  });
  if (!r.ok) throw new Error(r.error.message);
  caseDir = r.value.caseDir;
}

async function categoriesByPerson(): Promise<Record<string, string[]>> {
  const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
  try {
    const rows = await db.all<{ id: string; categories: string[] }>(sql`SELECT id, categories FROM affected WHERE is_person ORDER BY id`);
    return Object.fromEntries(rows.map((r) => [r.id, [...r.categories].sort()]));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email, Clinic_Notes__c FROM Contact', 'Contact', '3', JSON.stringify(PEOPLE.map((p) => p[0])), '0H45j00000AppX0CAJ', 'R1'],
  ]));
  writeFileSync(path.join(evidence, 'Contact.csv'), csv([['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingCountry', 'Clinic_Notes__c'], ...PEOPLE]));
  await run();
}, 120_000);

describe('the field → category mapping of a case', () => {
  let before: string[];

  it('lists the exposed fields with their categories and people', async () => {
    const { stdout } = await cli('mapping', caseDir, '--json');
    const m = JSON.parse(stdout) as { decisions: unknown[]; exposedFields: { object: string; field: string; categories: string[]; people: number }[] };
    expect(m.decisions).toEqual([]);
    const notes = m.exposedFields.find((f) => f.field === 'Clinic_Notes__c')!;
    expect(notes.people).toBe(3);
    before = notes.categories;
    expect(before).not.toContain('health');
    expect(before.length).toBeGreaterThan(0); // the bundled mapping says something of it (free text by its name), so the preview must show a loss too
    expect(m.exposedFields.find((f) => f.field === 'Email')).toMatchObject({ categories: ['email'], people: 3 });
  });

  it('previews the change: each person gains health, loses what only the field gave, nothing is recorded', async () => {
    const { stdout } = await cli('mapping', caseDir, '--set', 'Contact.Clinic_Notes__c=health', '--preview', '--json');
    const p = JSON.parse(stdout) as { people: number; before: string[]; after: string[]; changes: { jurisdiction: string; category: string; gained: number; lost: number }[] };
    expect(p.people).toBe(3);
    expect(p.after).toEqual(['health']);
    expect(p.before).toEqual(before);
    // By hand: 2 people in US-CA and 1 in DE gain health; whatever the field held before (Email holds only email) is lost by each.
    const expected = [
      ...['DE', 'US-CA'].map((j) => ({ jurisdiction: j, category: 'health', gained: j === 'DE' ? 1 : 2, lost: 0 })),
      ...before.filter((c) => c !== 'email').flatMap((c) => ['DE', 'US-CA'].map((j) => ({ jurisdiction: j, category: c, gained: 0, lost: j === 'DE' ? 1 : 2 }))),
    ];
    const byKey = (a: { jurisdiction: string; category: string }, b: { jurisdiction: string; category: string }) => (a.jurisdiction + a.category).localeCompare(b.jurisdiction + b.category);
    expect([...p.changes].sort(byKey)).toEqual(expected.sort(byKey));
    const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
    expect(log.entries().some((e) => e.action === 'mapping.changed')).toBe(false);
    log.close();
  });

  it('refuses a change without a reason, an unknown category and a malformed field', async () => {
    const fail = (args: string[]) => cli(...args).then(() => null, (e: { code: number; stderr: string }) => e);
    expect((await fail(['mapping', caseDir, '--set', 'Contact.Clinic_Notes__c=health']))?.stderr).toMatch(/needs --reason/);
    expect((await fail(['mapping', caseDir, '--set', 'Contact.Clinic_Notes__c=medical', '--reason', 'x']))?.stderr).toMatch(/"medical" is not a data category/);
    expect((await fail(['mapping', caseDir, '--set', 'Clinic Notes=health', '--reason', 'x']))?.stderr).toMatch(/is not Object.Field/);
  });

  it('records the decision in custody; the next run applies it to affected and to the duties; removing it restores the bundled mapping', async () => {
    const bundled = await categoriesByPerson();
    await cli('mapping', caseDir, '--set', 'Contact.Clinic_Notes__c=health', '--reason', 'the field holds clinic notes (checked with the client)', '--investigator', 'Ines');
    const log = CustodyLog.open(path.join(caseDir, CUSTODY_DB), { key: null });
    const entry = log.entries().find((e) => e.action === 'mapping.changed')!;
    log.close();
    expect(entry.detail).toEqual({ key: 'Contact.Clinic_Notes__c', categories: ['health'], reason: 'the field holds clinic notes (checked with the client)' });
    await run();
    const applied = await categoriesByPerson();
    for (const [id, cats] of Object.entries(bundled)) {
      const expected = [...new Set([...cats.filter((c) => !before.includes(c) || c === 'email'), 'health'])].sort();
      expect(applied[id], id).toEqual(expected);
    }
    const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
    try {
      const duty = await db.all<{ category: string }>(sql`SELECT DISTINCT category FROM duty_field_categories WHERE field = 'Clinic_Notes__c'`);
      expect(duty.map((d) => d.category)).toEqual(['health']);
    } finally {
      db.close();
    }
    await cli('mapping', caseDir, '--unset', 'Contact.Clinic_Notes__c', '--reason', 'client withdrew the statement');
    await run();
    expect(await categoriesByPerson()).toEqual(bundled);
  }, 180_000);
});
