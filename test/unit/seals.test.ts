/**
 * The case database is sealed between runs: a table edited inside case.duckdb by anything but
 * Leakscope (here: one person's state changed in the Contact snapshot, a row deleted from the
 * affected table, a table dropped) is named by `verify`, and the next run says so at the top of its
 * warnings and records it in custody, so `verify` keeps naming it after the re-run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { investigate } from '../../electron/engine/investigate.js';
import { CASE_DB } from '../../electron/engine/caseLayout.js';
import { verifyCase } from '../../electron/engine/verify.js';
import { CaseDb } from '../../electron/engine/store/duck.js';
import { ident, sql } from '../../electron/engine/store/sql.js';
import { computeSeals, computeSealsRemembered, rememberSeals } from '../../electron/engine/store/seals.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const root = mkdtempSync(path.join(os.tmpdir(), 'ls-seals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csv = (rows: string[][]): string => rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\n') + '\n';
const ids = ['0035j000001eXoqAAE', '0035j000001eXorAAE', '0035j000001eXosAAE'];
const evidence = path.join(root, 'evidence');
const out = path.join(root, 'out');
let caseDir: string;

async function run(): Promise<string[]> {
  const r = await investigate({
    evidencePaths: [evidence], outDir: out, resourcesDir: path.join(REPO, 'resources'), tool: { name: 'leakscope', version: 'test' },
    scope: { integrations: [], users: [], from: null, to: null, awareAt: null },
  });
  if (!r.ok) throw new Error(r.error.message);
  caseDir = r.value.caseDir;
  return r.value.warnings;
}

async function tamper(f: (db: CaseDb) => Promise<void>): Promise<void> {
  const db = await CaseDb.open(path.join(caseDir, CASE_DB));
  try {
    await f(db);
  } finally {
    db.close();
  }
}

const failures = async (): Promise<string[]> => (await verifyCase(caseDir)).filter((f) => !f.ok).map((f) => f.message);

beforeAll(async () => {
  mkdirSync(path.join(evidence, 'rtem'), { recursive: true });
  writeFileSync(path.join(evidence, 'rtem', 'ApiEvent.csv'), csv([
    ['EventIdentifier', 'EventDate', 'UserId', 'Username', 'SessionKey', 'SourceIp', 'UserAgent', 'ApiType', 'Operation', 'Query', 'QueriedEntities', 'RowsProcessed', 'Records', 'ConnectedAppId', 'RequestIdentifier'],
    ['e1', '2025-07-26T22:30:00.000Z', '0055j00000AliceAAB', 'alice@x.test', 'S1', '45.147.230.12', 'python-requests/2.32.4', 'REST', 'Query', 'SELECT Id, Email FROM Contact', 'Contact', '3', JSON.stringify(ids), '0H45j00000AppX0CAJ', 'R1'],
  ]));
  writeFileSync(path.join(evidence, 'Contact.csv'), csv([
    ['Id', 'FirstName', 'LastName', 'Email', 'MailingCity', 'MailingState', 'MailingCountry'],
    [ids[0]!, 'Anna', 'Becker', 'anna@example.com', 'Fresno', 'CA', 'USA'],
    [ids[1]!, 'Ben', 'Cole', 'ben@example.com', 'San Diego', 'CA', 'USA'],
    [ids[2]!, 'Cleo', 'Diaz', 'cleo@example.com', 'Austin', 'TX', 'USA'],
  ]));
  expect(await run()).not.toContainEqual(expect.stringMatching(/changed outside Leakscope/));
}, 120_000);

describe('case database seals', () => {
  it('a finished run leaves every table matching its seal', async () => {
    const findings = await verifyCase(caseDir);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/^Case database tables match their seal \(custody entry \d+\)$/));
  });

  it('names a snapshot edited in place (same rows, different contents), and the next run says so at the top', async () => {
    const table = await tamper(async (db) => {
      const t = (await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE object = 'Contact'`))!.table_name;
      const state = (await db.columns(t)).find((c) => c === 'MailingState')!;
      await db.run(sql`UPDATE ${ident(t)} SET ${ident(state)} = 'TX' WHERE ${ident(state)} = 'CA'`);
    }).then(async () => {
      const db = await CaseDb.open(path.join(caseDir, CASE_DB), { readOnly: true });
      try {
        return (await db.one<{ table_name: string }>(sql`SELECT table_name FROM snapshot_tables WHERE object = 'Contact'`))!.table_name;
      } finally {
        db.close();
      }
    });
    expect(await failures()).toEqual([expect.stringContaining(`table ${table} changed: same 3 rows, different contents`)]);
    const warnings = await run();
    expect(warnings[0]).toMatch(new RegExp(`^Case database changed outside Leakscope since custody entry \\d+: table ${table} changed`));
    // The re-run sealed the tables as they are now, but the finding stays in custody for verify.
    const after = await failures();
    expect(after).toEqual([expect.stringMatching(new RegExp(`^Case database was changed outside Leakscope \\(found by the run of custody entry \\d+\\): table ${table} changed`))]);
  }, 120_000);

  it('names a row deleted from a stage table and a table dropped', async () => {
    await tamper(async (db) => {
      await db.run(sql`DELETE FROM affected WHERE state = 'TX' AND id = ${ids[2]!}`);
      await db.run(sql`DROP TABLE duties`);
    });
    const now = (await failures()).filter((m) => m.startsWith('Case database changed since its seal'));
    expect(now).toEqual([
      expect.stringMatching(/table affected changed: 3 rows when sealed, 2 now$/),
      expect.stringMatching(/table duties \(\d+ rows when sealed\) is gone$/),
    ]);
  });
});

describe('seals remembered by the process that took them (reopening a case)', () => {
  it('are answered from memory only while the database file is unchanged, and hashed again once it changes', async () => {
    const file = path.join(root, 'remembered.duckdb');
    const open = (readOnly: boolean): Promise<CaseDb> => CaseDb.open(file, { readOnly });
    let db = await open(false);
    await db.run(sql`CREATE TABLE t AS SELECT range AS i FROM range(10)`);
    const real = await computeSeals(db);
    db.close();
    // A recorded value no hash gives: returned only because the file is as it was when remembered.
    const marked = [{ table: 't', rows: 10, seal: 'remembered' }];
    rememberSeals(file, marked);
    db = await open(true);
    expect(await computeSealsRemembered(db)).toEqual(marked);
    db.close();
    db = await open(false);
    await db.run(sql`UPDATE t SET i = i + 100 WHERE i = 3`);
    db.close();
    db = await open(true);
    const now = await computeSealsRemembered(db);
    expect(now).toEqual([{ table: 't', rows: 10, seal: expect.not.stringMatching(new RegExp(`^(remembered|${real[0]!.seal})$`)) }]);
    expect(await computeSeals(db)).toEqual(now);
    db.close();
  });
});
